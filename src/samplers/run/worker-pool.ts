import { Worker } from 'node:worker_threads';
import { poolEngineSettings, type PoolWorker, startChainPool, type SamplerWorkers, type WorkerEvents } from './chain-pool.js';
import type { ModelSource } from './model-source.js';
import type { WorkerMessage, WorkerSetup } from './worker-protocol.js';
import { workerStart } from './worker-start.js';

export { runChainsOnWorkers, stopSamplerWorkers, workerCount, type SamplerWorkers } from './chain-pool.js';

/**
 * Sampler worker threads (Node): the pool of chain-pool.ts over node:worker_threads, started
 * before the caller needs them: each loads leapfrog and builds its own model from the source
 * (given as workerData, so it starts at once) while the caller gets ready.
 */

function startThread(start: { url: URL; setup: object }, events: WorkerEvents): PoolWorker {
  const worker = new Worker(start.url, { workerData: start.setup });
  let exited = false;
  worker.on('error', (error: Error) => events.failure(new Error(`failed: ${error.message}`)));
  worker.on('exit', (code) => {
    exited = true;
    events.failure(new Error(`exited (code ${code}) before its chains were done`));
  });
  worker.on('message', (message: WorkerMessage) => events.message(message));
  return {
    post: (request) => worker.postMessage(request),
    terminate: () => {
      if (!exited) void worker.terminate();
    },
  };
}

/** Starts `threads` worker threads that build the model of `source`; `forward` says which events they post. */
export function startSamplerWorkers(
  source: ModelSource,
  threads: number,
  forward: { readonly progress: boolean; readonly draws: boolean },
  place = 'sampleAsync',
): SamplerWorkers {
  const setup: WorkerSetup = { source, engine: poolEngineSettings(), forwardProgress: forward.progress, forwardDraws: forward.draws };
  const start = workerStart(import.meta.url, 'worker', setup);
  return startChainPool(threads, (_, events) => startThread(start, events), place);
}
