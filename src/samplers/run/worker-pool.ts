import { settings } from '../../ad/codegen/make-function.js';
import { Worker } from 'node:worker_threads';
import type { ChainHooks, ChainResult } from './chain.js';
import type { SampleConfig } from './fit.js';
import type { ModelSource } from './model-source.js';
import type { WorkerMessage, WorkerSetup } from './worker-protocol.js';
import { workerStart } from './worker-start.js';

/**
 * Sampler worker threads, started before the main thread needs them: each loads leapfrog and
 * builds its own model from the source while the main thread builds its copy (for the
 * dimension, names and settings), so the two start-ups overlap. Chains are handed out once
 * `runChainsOnWorkers` gives the settings, the next chain to whichever worker is free.
 */

/** One run: its settings and results, changed only by the workers' message handlers. */
interface Run {
  readonly config: SampleConfig;
  readonly hooks: ChainHooks;
  readonly results: (ChainResult | undefined)[];
  readonly resolve: (results: ChainResult[]) => void;
  readonly reject: (error: Error) => void;
  nextChain: number;
  finished: number;
}

export interface SamplerWorkers {
  readonly workers: readonly Worker[];
  /** Workers whose model is built and which wait for a chain. */
  readonly idle: Set<Worker>;
  /** Workers stopped on purpose (no chain left, a failure elsewhere, or stopSamplerWorkers). */
  readonly stopped: Set<Worker>;
  failure: Error | undefined;
  run: Run | undefined;
}

function stop(pool: SamplerWorkers, worker: Worker): void {
  pool.stopped.add(worker);
  pool.idle.delete(worker);
  void worker.terminate();
}

/** Stops every worker (after a run, or when the main thread gives up). */
export function stopSamplerWorkers(pool: SamplerWorkers): void {
  for (const worker of pool.workers) if (!pool.stopped.has(worker)) stop(pool, worker);
}

function fail(pool: SamplerWorkers, error: Error): void {
  if (pool.failure !== undefined) return;
  pool.failure = error;
  stopSamplerWorkers(pool);
  pool.run?.reject(error);
}

/** Sends the next chain to `worker`, stops it when none is left, or keeps it idle until a run. */
function dispatch(pool: SamplerWorkers, worker: Worker): void {
  const run = pool.run;
  if (run === undefined) {
    pool.idle.add(worker);
    return;
  }
  pool.idle.delete(worker);
  if (run.nextChain >= run.config.chains) {
    stop(pool, worker);
    return;
  }
  worker.postMessage({ type: 'run', chain: run.nextChain, config: run.config });
  run.nextChain += 1;
}

function receive(pool: SamplerWorkers, worker: Worker, message: WorkerMessage): void {
  const run = pool.run;
  switch (message.type) {
    case 'ready':
      return dispatch(pool, worker);
    case 'progress':
      return run?.hooks.onProgress?.(message.progress);
    case 'draw':
      return run?.hooks.onDraw?.(message.draw);
    case 'result':
      if (run === undefined) return;
      run.results[message.chain] = { draws: message.draws, record: message.record };
      run.finished += 1;
      if (run.finished === run.config.chains) run.resolve(run.results.map((result) => result!));
      return dispatch(pool, worker);
    case 'error':
      return fail(pool, new Error(`sampleParallel: ${message.chain === undefined ? '' : `chain ${message.chain + 1}: `}${message.message}`));
  }
}

/** Threads to start: as asked, but no more than the chains asked for (when that is a count). */
export function workerCount(threads: number, chains: unknown): number {
  return typeof chains === 'number' && Number.isInteger(chains) && chains >= 1 ? Math.min(threads, chains) : threads;
}

/** Starts `threads` workers that build the model of `source`; `forward` says which events they post. */
export function startSamplerWorkers(source: ModelSource, threads: number, forward: { readonly progress: boolean; readonly draws: boolean }): SamplerWorkers {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`sampleParallel: threads is ${threads}, but must be a positive integer`);
  const setup: WorkerSetup = { source, engine: settings(), forwardProgress: forward.progress, forwardDraws: forward.draws };
  const start = workerStart(import.meta.url, 'worker', setup);
  const pool: SamplerWorkers = { workers: [], idle: new Set(), stopped: new Set(), failure: undefined, run: undefined };
  for (let index = 0; index < threads; index++) {
    const worker = new Worker(start.url, { workerData: start.setup });
    (pool.workers as Worker[]).push(worker);
    worker.on('error', (error: Error) => fail(pool, new Error(`sampleParallel: worker ${index + 1} failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (!pool.stopped.has(worker)) fail(pool, new Error(`sampleParallel: worker ${index + 1} exited (code ${code}) before its chains were done`));
    });
    worker.on('message', (message: WorkerMessage) => receive(pool, worker, message));
  }
  return pool;
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
