import { poolEngineSettings, type PoolWorker, startChainPool, type SamplerWorkers, type WorkerEvents } from '../run/chain-pool.js';
import type { ModelSource } from '../run/model-source.js';
import type { WorkerMessage, WorkerSetup } from '../run/worker-protocol.js';

/**
 * Sampler Web Workers: the pool of chain-pool.ts over the browser's Worker. Each worker is a
 * module worker started from web-worker.ts (built as web-worker.js beside this module's
 * chunk in dist/browser/); the setup is its first message.
 */

/** Starts one sampler worker: by default the package's own, `new Worker(new URL('./web-worker.js', import.meta.url), { type: 'module' })`. */
export type WorkerFactory = () => Worker;

/**
 * The package's worker script, written as bundlers recognise it: vite and webpack bundle the
 * worker from this expression; with esbuild, add 'leapfrog/web-worker' as an entry point
 * named web-worker beside your bundle, or pass `createWorker`.
 */
export function packageWorker(): Worker {
  return new Worker(new URL('./web-worker.js', import.meta.url), { type: 'module' });
}

function startWebWorker(create: WorkerFactory, setup: WorkerSetup, events: WorkerEvents): PoolWorker {
  const worker = create();
  worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => events.message(event.data));
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    events.failure(new Error(`failed: ${event.message || 'its script did not load (check the worker URL, or pass createWorker)'}`));
  });
  worker.addEventListener('messageerror', () => events.failure(new Error('sent a message that could not be read')));
  worker.postMessage({ type: 'setup', setup });
  return { post: (request) => worker.postMessage(request), terminate: () => worker.terminate() };
}

/** Starts `count` Web Workers that build the model of `source`; `forward` says which events they post. */
export function startWebWorkers(
  source: ModelSource,
  count: number,
  forward: { readonly progress: boolean; readonly draws: boolean },
  create: WorkerFactory = packageWorker,
): SamplerWorkers {
  const setup: WorkerSetup = { source, engine: poolEngineSettings(), forwardProgress: forward.progress, forwardDraws: forward.draws };
  return startChainPool(count, (_, events) => startWebWorker(create, setup, events), 'sampleAsync');
}
