import { densityModel, type CompiledModel } from '../../src/models/model.js';
import type { Rng } from '../../src/random/rng.js';
import type { ChainState, Kernel, TransitionInfo } from '../../src/samplers/kernel.js';
import { essMean } from '../../src/samplers/diagnostics/ess.js';
import { mcseMean } from '../../src/samplers/diagnostics/mcse.js';
import { meanOf } from '../../src/samplers/diagnostics/moments.js';
import { inverseSymmetricPositiveDefinite } from '../../src/samplers/linalg.js';
import type { Estimate } from '../helpers/seeded-check.js';

/** Shared by the kernel tests: Gaussian targets, a chain runner and moment estimates with their MCSE. */

/** N(mean, covariance) on R^d, covariance row-major; gradient -Sigma^{-1}(x - mean). */
export function gaussianModel(mean: readonly number[], covariance: readonly number[]): CompiledModel {
  const dim = mean.length;
  const precision = inverseSymmetricPositiveDefinite(Float64Array.from(covariance));
  return densityModel({
    dim,
    logDensityAndGradient: (theta) => {
      const gradient = new Float64Array(dim);
      let logDensity = 0;
      for (let i = 0; i < dim; i++) {
        let sum = 0;
        for (let j = 0; j < dim; j++) sum += precision[i * dim + j]! * (theta[j]! - mean[j]!);
        gradient[i] = -sum;
        logDensity -= 0.5 * (theta[i]! - mean[i]!) * sum;
      }
      return { logDensity, gradient };
    },
  });
}

/** Independent N(mean_i, sd_i^2) coordinates. */
export function independentGaussianModel(mean: readonly number[], sds: readonly number[]): CompiledModel {
  const covariance = new Array<number>(mean.length * mean.length).fill(0);
  sds.forEach((sd, i) => (covariance[i * mean.length + i] = sd * sd));
  return gaussianModel(mean, covariance);
}

export interface ChainRun {
  readonly positions: Float64Array[];
  readonly infos: TransitionInfo[];
}

export function runChain<Parameters>(
  kernel: Kernel<Parameters>,
  model: CompiledModel,
  parameters: Parameters,
  rng: Rng,
  start: readonly number[],
  numDraws: number,
): ChainRun {
  let state: ChainState = kernel.init(model, Float64Array.from(start));
  const positions: Float64Array[] = [];
  const infos: TransitionInfo[] = [];
  for (let i = 0; i < numDraws; i++) {
    const [next, info] = kernel.step(rng, model, state, parameters);
    state = next;
    positions.push(state.position);
    infos.push(info);
  }
  return { positions, infos };
}

export function coordinate(positions: readonly Float64Array[], index: number): number[] {
  return positions.map((position) => position[index]!);
}

export function average(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * The mean and variance estimates of every coordinate against the truth, each with its
 * Monte Carlo standard error, for zTests. The variance is estimated as the mean of
 * (x - true mean)². Each standard error is sqrt(v / ESS) with v the statistic's variance
 * under the target (σ² for the mean; μ₄ − σ⁴ for the squares, 2σ⁴ for a normal) and ESS
 * the chain's, from the project's essMean (Vehtari et al. 2021). An MCSE from the sample
 * variance instead is small exactly when the estimate is low: with the ESS of the squares
 * near 100 (HMC trajectories close to half a period) that made low variance estimates fail
 * at 5% of seeds.
 *
 * A variance estimate from an ESS of a few hundred is skewed like χ²_k / k, whose upper
 * tail beyond 4 sd is 5 times a normal's; its cube root is nearly normal (Wilson &
 * Hilferty 1931), so the variance is compared as (v̂/σ²)^(1/3) against 1 with standard
 * error SE(v̂) / 3σ² (the delta method).
 */
export function momentEstimates(
  positions: readonly Float64Array[],
  means: readonly number[],
  variances: readonly number[],
  fourthCentralMoments: readonly number[] = variances.map((v) => 3 * v * v),
): Estimate[] {
  return means.flatMap((mean, i) => {
    const values = Float64Array.from(positions, (position) => position[i]!);
    const squares = values.map((x) => (x - mean) ** 2);
    const variance = variances[i]!;
    const estimated = meanEstimate('', squares, variance, fourthCentralMoments[i]! - variance * variance);
    return [
      meanEstimate(`mean[${i}]`, values, mean, variance),
      {
        label: `variance[${i}] ${estimated.estimate.toPrecision(4)} vs ${variance} (as the cube root of their ratio)`,
        estimate: Math.cbrt(estimated.estimate / variance),
        expected: 1,
        standardError: estimated.standardError / (3 * variance),
      },
    ];
  });
}

/**
 * The mean of a correlated series as an Estimate of `expected`: standard error
 * sqrt(variance / ESS) with the series' variance under the target when known, else its
 * sample variance (mcseMean).
 */
export function meanEstimate(label: string, values: Float64Array, expected: number, variance?: number): Estimate {
  const standardError = variance === undefined ? mcseMean([values]) : Math.sqrt(variance / essMean([values]));
  return { label, estimate: meanOf(values), expected, standardError };
}

/**
 * The variance of a linear combination w·x as an Estimate (cube root of its ratio to the
 * truth, as in momentEstimates): with the coordinates' variances checked, it checks their
 * covariance. For a Gaussian target w·x is Gaussian, so its squares are as well-behaved
 * as a coordinate's; a mean of products (x₀ − μ₀)(x₁ − μ₁) is skewed and had heavier tails.
 */
export function combinationVarianceEstimate(positions: readonly Float64Array[], weights: readonly number[], mean: number, variance: number): Estimate {
  const combined = positions.map((x) => Float64Array.of(weights.reduce((sum, w, i) => sum + w * x[i]!, 0)));
  const estimate = momentEstimates(combined, [mean], [variance])[1]!;
  return { ...estimate, label: `variance of ${weights.join('·x₀ + ')}·x₁: ${estimate.label.replace(/^variance\[0\] /, '')}` };
}
