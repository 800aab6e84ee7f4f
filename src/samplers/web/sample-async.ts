import { workerCount } from '../run/chain-pool.js';
import type { Fit } from '../run/fit.js';
import { abortReason, sampleOnPool } from '../run/sample-on-pool.js';
import { type AsyncSampleOptions, modelSourceOf, type PortableSampleSource } from '../run/sample-source.js';
import { startWebWorkers, type WorkerFactory } from './web-workers.js';

/**
 * `sampleAsync` in browsers: chains on Web Workers (Node: src/samplers/run/sample-async.ts,
 * worker threads). The page stays responsive while they run; chain k draws only from
 * makeRng(seed, k) and each worker applies the page's engine settings, so the fit equals what
 * `sample` gives on this page, bit for bit, for any number of workers.
 */

export type SampleSource = PortableSampleSource;

export interface WebSampleOptions extends AsyncSampleOptions {
  /** Starts one sampler worker; default: the package's worker script (web-workers.ts). */
  readonly createWorker?: WorkerFactory;
}

/** The logical cores the browser reports (navigator.hardwareConcurrency), else 4. */
function browserCores(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof cores === 'number' && cores >= 1 ? cores : 4;
}

/**
 * Samples like `sample`, with chains on Web Workers: the same fit for any number of workers.
 * `onProgress` is called with each chain's progress (its `chain` field says which); `signal`
 * stops the workers and rejects with the signal's reason.
 */
export async function sampleAsync(source: SampleSource, options: WebSampleOptions = {}): Promise<Fit> {
  if (options.signal?.aborted === true) throw abortReason(options.signal);
  const modelSource = modelSourceOf(source, 'sampleAsync');
  const workers = workerCount(options.workers ?? browserCores(), options.chains ?? 4);
  const pool = startWebWorkers(modelSource, workers, { progress: options.onProgress !== undefined, draws: options.onDraw !== undefined }, options.createWorker);
  return sampleOnPool(pool, options);
}
