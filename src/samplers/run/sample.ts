import type { CompiledModel } from '../../models/model.js';
import { assembleFit } from './assemble-fit.js';
import { runChain } from './chain.js';
import { resolveSampleConfig, type SampleOptions } from './config.js';
import type { Fit } from './fit.js';
import { type ModelShape, modelShape } from './model-shape.js';
import { withInitialPoints } from './pathfinder-init.js';

// modelShape moved to model-shape.ts (so that VI can use it without importing the driver),
// assembleFit to assemble-fit.ts (so that sampleAsync's thread loads no sampler).
export { assembleFit, type ModelShape, modelShape };

/**
 * Runs `config.chains` MCMC chains of `model` one after another in this thread and collects
 * them into a fit. Chain k's draws depend only on (seed, chain id k): `sampleAsync` on worker
 * threads, or other processes running other chain ids, give bit-identical draws.
 */

/** Samples `model` with NUTS (default), static HMC or random-walk Metropolis. */
export function sample(model: CompiledModel, options: SampleOptions = {}): Fit {
  const config = resolveSampleConfig(withInitialPoints(model, options), model.dim);
  const hooks = { onProgress: options.onProgress, onDraw: options.onDraw };
  const results = Array.from({ length: config.chains }, (_, chain) => runChain(model, config, chain, hooks));
  return assembleFit(modelShape(model), config, results);
}
