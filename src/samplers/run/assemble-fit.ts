import type { ChainResult } from './chain.js';
import { type Fit, type SampleConfig, samplerColumnNames } from './fit.js';
import type { ModelShape } from './model-shape.js';

/**
 * Chain results collected into a fit: `sample`'s last step, and sampleAsync's once its
 * workers are done. A module of its own, importing no sampler, so that the thread that
 * waits for workers (a page) loads none of the sampling code.
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
    ...(config.saveWarmup === true ? { warmupDraws: results.map((result) => result.warmupDraws ?? []) } : {}),
    chains: results.map((result) => result.record),
  };
}
