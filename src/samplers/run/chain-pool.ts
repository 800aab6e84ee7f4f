import { codeGenerationEnabled, type EngineSettings, settings } from '../../ad/codegen/make-function.js';
import { SpecError, type SpecIssue } from '../../language/json/errors.js';
import type { ChainHooks, ChainResult } from './chain.js';
import { drawEvents } from './draw-batches.js';
import type { SampleConfig } from './fit.js';
import type { ModelShape } from './model-shape.js';
import type { InitialPointsRequest, WorkerMessage, WorkerRequest } from './worker-protocol.js';

/**
 * A pool of sampler workers, whatever runs them (worker threads in worker-pool.ts, Web Workers
 * in src/samplers/web/web-workers.ts). Workers start at once and build their models while the
 * caller gets ready; the first to be ready tells the model's shape; chains are handed out once
 * `runChainsOnWorkers` gives the settings, the next chain to whichever worker is free. Chain k
 * draws only from makeRng(seed, k), so which worker runs it changes nothing.
 */

/** A started worker, as the pool uses it. */
export interface PoolWorker {
  post(request: WorkerRequest): void;
  terminate(): void;
}

/** What the platform reports of worker `index`: its messages, and a failure (an error event, an early exit). */
export interface WorkerEvents {
  message(message: WorkerMessage): void;
  failure(error: Error): void;
}

export type StartWorker = (index: number, events: WorkerEvents) => PoolWorker;

interface Pending<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: Error) => void;
}

/** One run: its settings and results, changed only by the workers' message handlers. */
interface Run extends Pending<ChainResult[]> {
  readonly config: SampleConfig;
  readonly hooks: ChainHooks;
  readonly results: (ChainResult | undefined)[];
  nextChain: number;
  finished: number;
}

/** What the first ready worker said of its model and engine. */
export interface PoolModel {
  readonly shape: ModelShape;
  /** Whether the workers make functions from generated source (false: the interpreter). */
  readonly codeGeneration: boolean;
}

export interface SamplerWorkers {
  /** Names the caller in errors ('sampleAsync', 'leapfrog sample'). */
  readonly place: string;
  readonly workers: readonly PoolWorker[];
  /** Workers whose model is built and which wait for a request. */
  readonly idle: Set<PoolWorker>;
  /** Workers stopped on purpose (no chain left, a failure elsewhere, or stopSamplerWorkers). */
  readonly stopped: Set<PoolWorker>;
  failure: Error | undefined;
  run: Run | undefined;
  model: PoolModel | undefined;
  readonly modelWaiters: Pending<PoolModel>[];
  /** A request for Pathfinder initial points: waiting for a worker, then sent to `worker`. */
  inits: (Pending<InitialPoints> & { readonly request: InitialPointsRequest; worker?: PoolWorker }) | undefined;
}

/**
 * The settings every worker gets: the calling thread's, and the interpreter where this thread
 * cannot make functions from source (a Content-Security-Policy without 'unsafe-eval'), so
 * that workers run the engine the caller's own `sample` would.
 */
export function poolEngineSettings(): EngineSettings {
  const current = settings();
  return { jitless: current.jitless || !codeGenerationEnabled(), wasm: current.wasm };
}

function stop(pool: SamplerWorkers, worker: PoolWorker): void {
  pool.stopped.add(worker);
  pool.idle.delete(worker);
  worker.terminate();
}

/** Stops every worker (after a run, or when the caller gives up). */
export function stopSamplerWorkers(pool: SamplerWorkers): void {
  for (const worker of pool.workers) if (!pool.stopped.has(worker)) stop(pool, worker);
}

/** Stops the workers and rejects whatever waits on them with `error` (a failure, or an abort's reason). */
export function failSamplerWorkers(pool: SamplerWorkers, error: Error): void {
  if (pool.failure !== undefined) return;
  pool.failure = error;
  stopSamplerWorkers(pool);
  pool.run?.reject(error);
  for (const waiter of pool.modelWaiters.splice(0)) waiter.reject(error);
  pool.inits?.reject(error);
}

/** A worker's error rebuilt on this side: a SpecError keeps its issues, others their name and issues. */
function workerError(pool: SamplerWorkers, message: Extract<WorkerMessage, { type: 'error' }>): Error {
  const chain = message.chain === undefined ? '' : `chain ${message.chain + 1}: `;
  if (message.name === 'SpecError' && message.issues !== undefined && message.issues.length > 0) return new SpecError(message.issues as SpecIssue[]);
  const error = new Error(`${pool.place}: ${chain}${message.message}`);
  if (message.name !== undefined && message.name !== 'Error') error.name = message.name;
  return message.issues === undefined ? error : Object.assign(error, { issues: message.issues });
}

/** Sends the worker the waiting request, the next chain, or stops it when none is left; keeps it idle until a run. */
function dispatch(pool: SamplerWorkers, worker: PoolWorker): void {
  pool.idle.delete(worker);
  if (pool.inits !== undefined && pool.inits.worker === undefined) {
    pool.inits.worker = worker;
    worker.post(pool.inits.request);
    return;
  }
  const run = pool.run;
  if (run === undefined) {
    pool.idle.add(worker);
    return;
  }
  if (run.nextChain >= run.config.chains) {
    stop(pool, worker);
    return;
  }
  worker.post({ type: 'run', chain: run.nextChain, config: run.config });
  run.nextChain += 1;
}

function ready(pool: SamplerWorkers, worker: PoolWorker, message: Extract<WorkerMessage, { type: 'ready' }>): void {
  if (pool.model === undefined && message.shape !== undefined) {
    pool.model = { shape: message.shape, codeGeneration: message.codeGeneration ?? true };
    for (const waiter of pool.modelWaiters.splice(0)) waiter.resolve(pool.model);
  }
  dispatch(pool, worker);
}

function receive(pool: SamplerWorkers, worker: PoolWorker, message: WorkerMessage): void {
  const run = pool.run;
  switch (message.type) {
    case 'ready':
      return ready(pool, worker, message);
    case 'progress':
      return run?.hooks.onProgress?.(message.progress);
    case 'draws': {
      const onDraw = run?.hooks.onDraw;
      if (onDraw !== undefined) for (const draw of drawEvents(message.batch)) onDraw(draw);
      return;
    }
    case 'inits': {
      const inits = pool.inits;
      pool.inits = undefined;
      inits?.resolve({ inits: message.inits, ...(message.inverseMetric === undefined ? {} : { inverseMetric: message.inverseMetric }) });
      return dispatch(pool, worker);
    }
    case 'result':
      if (run === undefined) return;
      run.results[message.chain] = { draws: message.draws, ...(message.warmupDraws === undefined ? {} : { warmupDraws: message.warmupDraws }), record: message.record };
      run.finished += 1;
      if (run.finished === run.config.chains) run.resolve(run.results.map((result) => result!));
      return dispatch(pool, worker);
    case 'error':
      return failSamplerWorkers(pool, workerError(pool, message));
  }
}

/** Threads to start: as asked, but no more than the chains asked for (when that is a count). */
export function workerCount(threads: number, chains: unknown): number {
  return typeof chains === 'number' && Number.isInteger(chains) && chains >= 1 ? Math.min(threads, chains) : threads;
}

/** Starts `count` workers with `start`; `place` names the caller in errors. */
export function startChainPool(count: number, start: StartWorker, place: string): SamplerWorkers {
  if (!Number.isInteger(count) || count < 1) throw new Error(`${place}: workers is ${count}, but must be a positive integer`);
  const pool: SamplerWorkers = { place, workers: [], idle: new Set(), stopped: new Set(), failure: undefined, run: undefined, model: undefined, modelWaiters: [], inits: undefined };
  for (let index = 0; index < count; index++) {
    let worker: PoolWorker | undefined;
    const events: WorkerEvents = {
      message: (message) => {
        if (worker !== undefined && !pool.stopped.has(worker)) receive(pool, worker, message);
      },
      failure: (error) => {
        if (worker !== undefined && !pool.stopped.has(worker)) failSamplerWorkers(pool, new Error(`${place}: worker ${index + 1} ${error.message}`));
      },
    };
    worker = start(index, events);
    (pool.workers as PoolWorker[]).push(worker);
  }
  return pool;
}

/** The model's shape and engine, as the first ready worker tells them. */
export function poolModel(pool: SamplerWorkers): Promise<PoolModel> {
  if (pool.failure !== undefined) return Promise.reject(pool.failure);
  if (pool.model !== undefined) return Promise.resolve(pool.model);
  return new Promise((resolve, reject) => pool.modelWaiters.push({ resolve, reject }));
}

/** What `init: 'pathfinder'` sets: the chains' initial points and warm-up's starting inverse metric. */
export interface InitialPoints {
  readonly inits: readonly Float64Array[] | undefined;
  readonly inverseMetric?: Float64Array;
}

/** Pathfinder's initial points (`init: 'pathfinder'`), computed by the first free worker. */
export function poolInitialPoints(pool: SamplerWorkers, options: InitialPointsRequest['options']): Promise<InitialPoints> {
  if (pool.failure !== undefined) return Promise.reject(pool.failure);
  if (pool.inits !== undefined || pool.run !== undefined) return Promise.reject(new Error(`${pool.place}: initial points are asked for once, before the chains`));
  return new Promise((resolve, reject) => {
    pool.inits = { resolve, reject, request: { type: 'inits', options } };
    const free = pool.idle.values().next();
    if (!free.done) dispatch(pool, free.value);
  });
}

/** Runs every chain of `config` on the workers; the results in chain order. Stops the workers at the end. */
export function runChainsOnWorkers(pool: SamplerWorkers, config: SampleConfig, hooks: ChainHooks): Promise<ChainResult[]> {
  if (pool.run !== undefined) throw new Error('runChainsOnWorkers: these workers already ran their chains');
  return new Promise<ChainResult[]>((resolve, reject) => {
    if (pool.failure !== undefined) {
      reject(pool.failure);
      return;
    }
    pool.run = {
      config,
      hooks,
      results: new Array<ChainResult | undefined>(config.chains).fill(undefined),
      resolve: (results) => {
        stopSamplerWorkers(pool);
        resolve(results);
      },
      reject,
      nextChain: 0,
      finished: 0,
    };
    for (const worker of [...pool.idle]) dispatch(pool, worker);
  });
}
