import { availableParallelism } from 'node:os';
import { readModelInput, workerSource } from '../../cli/load-model.js';
import { workerCount } from './chain-pool.js';
import type { Fit } from './fit.js';
import type { ModelSource } from './model-source.js';
import { abortReason, sampleOnPool } from './sample-on-pool.js';
import { type AsyncSampleOptions, modelSourceOf, type PortableSampleSource } from './sample-source.js';
import { startSamplerWorkers } from './worker-pool.js';

/**
 * `sampleAsync` in Node: chains on worker threads (browsers: src/samplers/web/sample-async.ts,
 * Web Workers). Chain k draws only from makeRng(seed, k) and each worker applies this thread's
 * engine settings, so the fit equals `sample`'s bit for bit whatever the number of workers;
 * the calling thread stays free while they run.
 */

/**
 * A model file as `leapfrog sample` takes it: a JSON spec (.json) or a JavaScript/TypeScript
 * module exporting `model` (and optionally `dataFile`, relative to the module). The data are
 * `data` when given, else read from `dataFile` (or the module's own).
 */
export interface ModelFileSource {
  readonly file: string;
  readonly data?: unknown;
  readonly dataFile?: string;
}

export type SampleSource = PortableSampleSource | ModelFileSource;

async function resolveSource(source: SampleSource): Promise<ModelSource> {
  if (typeof source === 'object' && source !== null && 'file' in source) {
    const input = await readModelInput(source.file, 'data' in source ? undefined : source.dataFile);
    const resolved = workerSource(input);
    return 'data' in source ? { ...resolved, data: source.data } : resolved;
  }
  return modelSourceOf(source, 'sampleAsync');
}

/**
 * Samples like `sample`, with chains on worker threads, without blocking this thread: the
 * same fit (same options, same seed, same draws) for any number of workers. `onProgress` is
 * called with each chain's progress (its `chain` field says which); `signal` stops the
 * workers and rejects with the signal's reason.
 */
export async function sampleAsync(source: SampleSource, options: AsyncSampleOptions = {}): Promise<Fit> {
  if (options.signal?.aborted === true) throw abortReason(options.signal);
  const modelSource = await resolveSource(source);
  const workers = workerCount(options.workers ?? availableParallelism(), options.chains ?? 4);
  const pool = startSamplerWorkers(modelSource, workers, { progress: options.onProgress !== undefined, draws: options.onDraw !== undefined });
  return sampleOnPool(pool, options);
}
