import type { CompiledModel } from '../models/model.js';
import { makeRng } from '../random/rng.js';
import type { Approximation } from './family.js';
import { familyFor } from './families.js';
import { type ElboGradientEstimator, reparameterizedGradient } from './gradient-estimate.js';
import { scoreFunctionGradient } from './score-gradient.js';

/**
 * The variance of an ELBO-gradient estimator at fixed variational parameters: `replicates`
 * independent estimates, each from `draws` draws of q, and their per-coordinate variance.
 * This is what makes ADVI practical: the reparameterisation estimator's variance is
 * typically orders of magnitude below the score-function estimator's, even with its control
 * variate (Kucukelbir et al. 2017, section 3.2 and figure 7; Ranganath et al. 2014).
 */

export type EstimatorKind = 'reparam' | 'score';

export interface GradientVarianceOptions {
  readonly estimator: EstimatorKind;
  /** Draws of q per gradient estimate (at least 2 for 'score'). */
  readonly draws: number;
  /** The variational parameters where the gradient is estimated ('score': mean-field only). */
  readonly at: Approximation;
  /** Independent estimates, default 200. */
  readonly replicates?: number;
  /** Default 0. */
  readonly seed?: number;
}

export interface GradientVariance {
  /** Names of the variational parameters: mu[i], then omega[i] (mean-field) or L[i,j]. */
  readonly parameterNames: readonly string[];
  /** Average estimate per parameter (the ELBO gradient, up to Monte Carlo error). */
  readonly mean: Float64Array;
  /** Sample variance (n − 1) of the estimates per parameter. */
  readonly variance: Float64Array;
  /** Sum of the variances: the trace of the estimator's covariance. */
  readonly totalVariance: number;
}

const estimators: Readonly<Record<EstimatorKind, ElboGradientEstimator>> = { reparam: reparameterizedGradient, score: scoreFunctionGradient };

export function gradientVariance(model: CompiledModel, options: GradientVarianceOptions): GradientVariance {
  const estimator = estimators[options.estimator];
  if (estimator === undefined) throw new Error(`gradientVariance: estimator is '${String(options.estimator)}', but must be 'reparam' or 'score'`);
  const replicates = options.replicates ?? 200;
  if (!Number.isInteger(replicates) || replicates < 2) throw new Error(`gradientVariance: replicates is ${replicates}, but must be an integer >= 2`);
  if (!Number.isInteger(options.draws) || options.draws < 1) throw new Error(`gradientVariance: draws is ${options.draws}, but must be a positive integer`);
  const family = familyFor(options.at.kind, model.dim);
  const lambda = family.parametersOf(options.at);
  const rng = makeRng(options.seed ?? 0, 0);
  const sum = new Float64Array(family.size);
  const sumSquares = new Float64Array(family.size);
  const estimates = Array.from({ length: replicates }, (_, replicate) => {
    const estimate = estimator(model, family, lambda, rng, options.draws);
    if (estimate.nonFinite !== undefined) throw new Error(`gradientVariance: estimate ${replicate + 1} is not finite (${estimate.nonFinite})`);
    return estimate.gradient;
  });
  for (const gradient of estimates) for (let i = 0; i < family.size; i++) sum[i]! += gradient[i]!;
  const mean = sum.map((value) => value / replicates);
  for (const gradient of estimates) for (let i = 0; i < family.size; i++) sumSquares[i]! += (gradient[i]! - mean[i]!) ** 2;
  const variance = sumSquares.map((value) => value / (replicates - 1));
  return {
    parameterNames: Array.from({ length: family.size }, (_, i) => family.parameterName(i)),
    mean,
    variance,
    totalVariance: variance.reduce((total, value) => total + value, 0),
  };
}
