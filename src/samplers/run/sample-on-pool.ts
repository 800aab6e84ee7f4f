import { type SamplerWorkers, failSamplerWorkers, poolInitialPoints, poolModel, runChainsOnWorkers, stopSamplerWorkers } from './chain-pool.js';
import { resolveSampleConfig } from './config.js';
import type { Fit } from './fit.js';
import { assembleFit } from './assemble-fit.js';
import type { AsyncSampleOptions } from './sample-source.js';

/**
 * sampleAsync's run on a started pool, on either platform: the model's shape from the first
 * ready worker, Pathfinder initial points (when asked) from the first free one, then the
 * chains. The steps are `sample`'s — initial points, resolveSampleConfig, runChain per chain,
 * assembleFit — so the fit is the one `sample` gives on the same engine, bit for bit.
 */

/** The reason an aborted signal gives, as an Error (a DOMException 'AbortError' by default). */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(reason === undefined ? 'The operation was aborted' : String(reason));
  error.name = 'AbortError';
  return error;
}

export async function sampleOnPool(pool: SamplerWorkers, options: AsyncSampleOptions): Promise<Fit> {
  const { signal } = options;
  const abort = (): void => failSamplerWorkers(pool, abortReason(signal!));
  signal?.addEventListener('abort', abort, { once: true });
  try {
    if (signal?.aborted === true) abort();
    const { shape } = await poolModel(pool);
    const init = options.init ?? 'random';
    const { chains, seed, firstChainId, method, metric, inverseMetric } = options;
    const started = init === 'random' ? {} : await poolInitialPoints(pool, { init, inits: options.inits, chains, seed, firstChainId, method, metric, inverseMetric });
    const config = resolveSampleConfig({ ...options, ...started }, shape.dim);
    const results = await runChainsOnWorkers(pool, config, { onProgress: options.onProgress, onDraw: options.onDraw });
    return assembleFit(shape, config, results);
  } finally {
    signal?.removeEventListener('abort', abort);
    stopSamplerWorkers(pool);
  }
}
