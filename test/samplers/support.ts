import { densityModel, type CompiledModel } from '../../src/models/model.js';
import type { Rng } from '../../src/random/rng.js';
import type { ChainState, Kernel, TransitionInfo } from '../../src/samplers/kernel.js';
import { inverseSymmetricPositiveDefinite } from '../../src/samplers/linalg.js';

/** Shared by the kernel tests: Gaussian targets, a chain runner and batch-means MCSE. */

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
 * Monte Carlo standard error of the mean of a correlated series by non-overlapping batch
 * means (Flegal & Jones 2010) with batch size floor(sqrt(n)).
 */
export function batchMeansMcse(values: readonly number[]): number {
  const batchSize = Math.floor(Math.sqrt(values.length));
  const numBatches = Math.floor(values.length / batchSize);
  const batchMeans: number[] = [];
  for (let b = 0; b < numBatches; b++) batchMeans.push(average(values.slice(b * batchSize, (b + 1) * batchSize)));
  const overall = average(batchMeans);
  const variance = batchMeans.reduce((sum, m) => sum + (m - overall) ** 2, 0) / (numBatches - 1);
  return Math.sqrt(variance / numBatches);
}

/** |mean - expected| in units of its MCSE, with a description for failure messages. */
export function standardisedError(values: readonly number[], expected: number): { z: number; text: string } {
  const mean = average(values);
  const mcse = batchMeansMcse(values);
  return { z: Math.abs(mean - expected) / mcse, text: `mean ${mean}, expected ${expected}, mcse ${mcse}` };
}

/**
 * The errors of the mean and variance estimates of every coordinate against the truth, in
 * MCSE units; the variance is estimated as the mean of (x - true mean)^2.
 */
export function momentErrors(
  positions: readonly Float64Array[],
  means: readonly number[],
  variances: readonly number[],
): { label: string; z: number; text: string }[] {
  return means.flatMap((mean, i) => {
    const values = coordinate(positions, i);
    return [
      { label: `mean[${i}]`, ...standardisedError(values, mean) },
      { label: `variance[${i}]`, ...standardisedError(values.map((x) => (x - mean) ** 2), variances[i]!) },
    ];
  });
}
