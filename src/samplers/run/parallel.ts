import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ChainHooks, ChainResult } from './chain.js';
import { resolveSampleConfig, type SampleOptions } from './config.js';
import type { Fit, SampleConfig } from './fit.js';
import { loadModel, type ModelSource, moduleExtension } from './model-source.js';
import { assembleFit, modelShape } from './sample.js';
import { withInitialPoints } from './pathfinder-init.js';
import type { WorkerMessage, WorkerSetup } from './worker-protocol.js';

/**
 * `sample` with chains on worker threads. Chain k draws only from `makeRng(seed, k)` (and its
 * generated-quantities stream), so the fit is bit-identical to `sample`'s whatever the number
 * of threads and whichever thread runs which chain. Each worker builds its own model from
 * `source` and takes the next chain when it finishes one.
 */

export interface ParallelOptions extends SampleOptions {
  /** Worker threads, default os.availableParallelism(), at most one per chain. */
  readonly threads?: number;
}

/** How to start a worker: worker.js directly when built, worker.ts through tsx from sources. */
function workerStart(setup: WorkerSetup): { url: URL; setup: WorkerSetup } {
  const extension = moduleExtension(import.meta.url);
  const entry = new URL(`./worker${extension}`, import.meta.url);
  if (extension !== '.ts') return { url: entry, setup };
  return { url: new URL('./worker-bootstrap.mjs', import.meta.url), setup: { ...setup, entry: entry.href } };
}

/** The scheduling state of one `sampleParallel` call, mutated only by its message handlers. */
interface Pool {
  readonly config: SampleConfig;
  readonly hooks: ChainHooks;
  readonly results: (ChainResult | undefined)[];
  /** Workers stopped on purpose (all chains handed out, or a failure elsewhere). */
  readonly stopped: Set<Worker>;
  nextChain: number;
  finished: number;
}

function stop(pool: Pool, worker: Worker): void {
  pool.stopped.add(worker);
  void worker.terminate();
}

/** Sends the next chain to `worker`, or stops it when none is left. */
function dispatch(pool: Pool, worker: Worker): void {
  if (pool.nextChain >= pool.config.chains) {
    stop(pool, worker);
    return;
  }
  worker.postMessage({ type: 'run', chain: pool.nextChain });
  pool.nextChain += 1;
}

function runWorkers(pool: Pool, setup: WorkerSetup, threads: number): Promise<void> {
  const start = workerStart(setup);
  const workers: Worker[] = [];
  return new Promise<void>((resolve, reject) => {
    const fail = (error: Error): void => {
      for (const worker of workers) stop(pool, worker);
      reject(error);
    };
    for (let index = 0; index < threads; index++) {
      const worker = new Worker(start.url, { workerData: start.setup });
      workers.push(worker);
      worker.on('error', (error: Error) => fail(new Error(`sampleParallel: worker ${index + 1} failed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!pool.stopped.has(worker)) fail(new Error(`sampleParallel: worker ${index + 1} exited (code ${code}) before its chains were done`));
      });
      worker.on('message', (message: WorkerMessage) => {
        switch (message.type) {
          case 'ready':
            return dispatch(pool, worker);
          case 'progress':
            return pool.hooks.onProgress?.(message.progress);
          case 'draw':
            return pool.hooks.onDraw?.(message.draw);
          case 'result':
            pool.results[message.chain] = { draws: message.draws, record: message.record };
            pool.finished += 1;
            if (pool.finished === pool.config.chains) resolve();
            return dispatch(pool, worker);
          case 'error':
            return fail(new Error(`sampleParallel: ${message.chain === undefined ? '' : `chain ${message.chain + 1}: `}${message.message}`));
        }
      });
    }
  });
}

/** Samples the model that `source` describes, running chains on worker threads. */
export async function sampleParallel(source: ModelSource, options: ParallelOptions = {}): Promise<Fit> {
  // The main thread builds the model too, for its dimension and names (cheap next to sampling).
  const model = await loadModel(source);
  const config = resolveSampleConfig(withInitialPoints(model, options), model.dim);
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`sampleParallel: threads is ${threads}, but must be a positive integer`);
  }
  const pool: Pool = {
    config,
    hooks: { onProgress: options.onProgress, onDraw: options.onDraw },
    results: new Array<ChainResult | undefined>(config.chains).fill(undefined),
    stopped: new Set<Worker>(),
    nextChain: 0,
    finished: 0,
  };
  const setup: WorkerSetup = {
    source,
    config,
    forwardProgress: options.onProgress !== undefined,
    forwardDraws: options.onDraw !== undefined,
  };
  await runWorkers(pool, setup, Math.min(threads, config.chains));
  const results = pool.results.map((result, chain) => {
    if (result === undefined) throw new Error(`sampleParallel: chain ${chain + 1} returned no result`);
    return result;
  });
  return assembleFit(modelShape(model), config, results);
}
