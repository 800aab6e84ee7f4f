import type { CompiledModel } from '../../models/model.js';
import { type ChainResult, runChain } from './chain.js';
import { resolveSampleConfig, type SampleOptions } from './config.js';
import { type Fit, type SampleConfig, samplerColumnNames } from './fit.js';
import { type ModelShape, modelShape } from './model-shape.js';
import { withInitialPoints } from './pathfinder-init.js';

// modelShape moved to model-shape.ts (so that VI can use it without importing the driver).
export { type ModelShape, modelShape };

/**
 * Runs `config.chains` MCMC chains of `model` one after another in this thread and collects
 * them into a fit. Chain k's draws depend only on (seed, k): `sampleAsync` on worker
 * threads gives bit-identical draws.
 */

/** Collects chain results (in chain order) into a fit. */
export function assembleFit(shape: ModelShape, config: SampleConfig, results: readonly ChainResult[]): Fit {
  return {
    config,
    dim: shape.dim,
    columnNames: [...samplerColumnNames, ...shape.outputNames],
    outputNames: shape.outputNames,
    unconstrainedNames: shape.unconstrainedNames,
    draws: results.map((result) => result.draws),
    chains: results.map((result) => result.record),
  };
}

/** Samples `model` with NUTS (default), static HMC or random-walk Metropolis. */
export function sample(model: CompiledModel, options: SampleOptions = {}): Fit {
  const config = resolveSampleConfig(withInitialPoints(model, options), model.dim);
  const hooks = { onProgress: options.onProgress, onDraw: options.onDraw };
  const results = Array.from({ length: config.chains }, (_, chain) => runChain(model, config, chain, hooks));
  return assembleFit(modelShape(model), config, results);
}
