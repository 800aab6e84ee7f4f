import { availableParallelism } from 'node:os';
import { resolveSampleConfig, type SampleOptions } from './config.js';
import type { Fit } from './fit.js';
import { loadModel, type ModelSource } from './model-source.js';
import { assembleFit, modelShape } from './sample.js';
import { withInitialPoints } from './pathfinder-init.js';
import { runChainsOnWorkers, startSamplerWorkers, stopSamplerWorkers, workerCount } from './worker-pool.js';

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

/** Samples the model that `source` describes, running chains on worker threads. */
export async function sampleParallel(source: ModelSource, options: ParallelOptions = {}): Promise<Fit> {
  const threads = options.threads ?? availableParallelism();
  // The workers start first; the main thread builds the model meanwhile, for its dimension and names.
  const pool = startSamplerWorkers(source, workerCount(threads, options.chains ?? 4), {
    progress: options.onProgress !== undefined,
    draws: options.onDraw !== undefined,
  });
  try {
    const model = await loadModel(source);
    const config = resolveSampleConfig(withInitialPoints(model, options), model.dim);
    const results = await runChainsOnWorkers(pool, config, { onProgress: options.onProgress, onDraw: options.onDraw });
    return assembleFit(modelShape(model), config, results);
  } finally {
    stopSamplerWorkers(pool);
  }
}
