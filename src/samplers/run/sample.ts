import type { CompiledModel } from '../../models/model.js';
import { type ChainResult, runChain } from './chain.js';
import { resolveSampleConfig, type SampleOptions } from './config.js';
import { type Fit, type SampleConfig, samplerColumnNames } from './fit.js';

/**
 * Runs `config.chains` MCMC chains of `model` one after another in this thread and collects
 * them into a fit. Chain k's draws depend only on (seed, k): `sampleParallel` on worker
 * threads gives bit-identical draws.
 */

/** What a fit needs to know about a model, apart from its closures (sent by workers). */
export interface ModelShape {
  readonly dim: number;
  readonly outputNames: readonly string[];
  readonly unconstrainedNames: readonly string[];
}

/**
 * Names of the unconstrained coordinates. A model may list them (`unconstrainedNames`, not yet
 * part of CompiledModel); otherwise, when there are as many outputs as coordinates, the
 * outputs are taken to be the parameters in order, else coordinates are numbered.
 */
export function modelShape(model: CompiledModel & { readonly unconstrainedNames?: readonly string[] }): ModelShape {
  const unconstrainedNames =
    model.unconstrainedNames?.length === model.dim
      ? model.unconstrainedNames
      : model.outputNames.length === model.dim
        ? model.outputNames
        : Array.from({ length: model.dim }, (_, i) => `unconstrained[${i + 1}]`);
  return { dim: model.dim, outputNames: model.outputNames, unconstrainedNames };
}

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
  const config = resolveSampleConfig(options, model.dim);
  const hooks = { onProgress: options.onProgress, onDraw: options.onDraw };
  const results = Array.from({ length: config.chains }, (_, chain) => runChain(model, config, chain, hooks));
  return assembleFit(modelShape(model), config, results);
}
