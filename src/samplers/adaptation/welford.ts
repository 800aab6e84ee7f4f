/**
 * Welford's (1962) one-pass estimators of the variance (diagonal metric) and covariance
 * (dense metric) of warm-up draws, with Stan's shrinkage toward a small multiple of the
 * identity (stan/mcmc/var_adaptation.hpp, covar_adaptation.hpp):
 *   Sigma_reg = n / (n + 5) * Sigma_n + 1e-3 * 5 / (n + 5) * I.
 * Shrinkage keeps the estimate positive definite after few draws and guards against
 * coordinates that did not move in a window.
 *
 * The states are immutable: each update returns fresh arrays (O(dim) per draw for the
 * diagonal, O(dim^2) for the dense estimator, as BlackJAX's welford_algorithm). For long
 * runs in many dimensions, where copying dim^2 entries per draw dominates, the covariance
 * also has an accumulator updated in place (`welfordCovarianceAccumulate`).
 */

/** Running count, mean and sum of squared deviations M2 = sum (x - mean_n)(x - mean_{n-1}). */
export interface WelfordVarianceState {
  readonly count: number;
  readonly mean: Float64Array;
  readonly sumSquares: Float64Array;
}

export interface WelfordCovarianceState {
  readonly count: number;
  readonly mean: Float64Array;
  /** Sum of outer products of deviations, dim x dim, row-major. */
  readonly sumOuterProducts: Float64Array;
}

/** Shrinkage weights of Stan's regularisation for `count` draws. */
function shrinkage(count: number): { readonly sampleWeight: number; readonly identityWeight: number } {
  return { sampleWeight: count / (count + 5), identityWeight: 1e-3 * (5 / (count + 5)) };
}

export function welfordVarianceInit(dim: number): WelfordVarianceState {
  return { count: 0, mean: new Float64Array(dim), sumSquares: new Float64Array(dim) };
}

export function welfordVarianceUpdate(
  state: WelfordVarianceState,
  value: Float64Array,
): WelfordVarianceState {
  const copy: WelfordVarianceAccumulator = {
    count: state.count,
    mean: Float64Array.from(state.mean),
    sumSquares: Float64Array.from(state.sumSquares),
  };
  welfordVarianceAccumulate(copy, value);
  return copy;
}

/** A variance estimator that its owner updates in place (see welfordVarianceAccumulate). */
export interface WelfordVarianceAccumulator extends WelfordVarianceState {
  count: number;
}

/** Adds one draw to `accumulator` in place: `welfordVarianceUpdate` without the copies. */
export function welfordVarianceAccumulate(accumulator: WelfordVarianceAccumulator, value: Float64Array): void {
  const { mean, sumSquares } = accumulator;
  const count = accumulator.count + 1;
  for (let i = 0; i < value.length; i++) {
    const delta = value[i]! - mean[i]!;
    mean[i]! += delta / count;
    sumSquares[i]! += (value[i]! - mean[i]!) * delta;
  }
  accumulator.count = count;
}

/** Regularised sample variance (divisor n - 1); needs at least two draws. */
export function welfordVarianceFinal(state: WelfordVarianceState): Float64Array {
  if (state.count < 2) {
    throw new Error(`welfordVarianceFinal: ${state.count} draws, but at least 2 are needed`);
  }
  const { sampleWeight, identityWeight } = shrinkage(state.count);
  return state.sumSquares.map((m2) => sampleWeight * (m2 / (state.count - 1)) + identityWeight);
}

export function welfordCovarianceInit(dim: number): WelfordCovarianceState {
  return { count: 0, mean: new Float64Array(dim), sumOuterProducts: new Float64Array(dim * dim) };
}

export function welfordCovarianceUpdate(
  state: WelfordCovarianceState,
  value: Float64Array,
): WelfordCovarianceState {
  const copy: WelfordCovarianceAccumulator = {
    count: state.count,
    mean: Float64Array.from(state.mean),
    sumOuterProducts: Float64Array.from(state.sumOuterProducts),
    delta: new Float64Array(value.length),
  };
  welfordCovarianceAccumulate(copy, value);
  return { count: copy.count, mean: copy.mean, sumOuterProducts: copy.sumOuterProducts };
}

/**
 * A covariance estimator that its owner updates in place: the same arithmetic as
 * `welfordCovarianceUpdate` without copying the dim x dim matrix per draw.
 */
export interface WelfordCovarianceAccumulator extends WelfordCovarianceState {
  count: number;
  /** Scratch: x - mean_{n-1} of the latest draw. */
  readonly delta: Float64Array;
}

export function welfordCovarianceAccumulator(dim: number): WelfordCovarianceAccumulator {
  return { ...welfordCovarianceInit(dim), delta: new Float64Array(dim) };
}

/** Adds one draw to `accumulator` in place: O(dim^2), no allocation. */
export function welfordCovarianceAccumulate(accumulator: WelfordCovarianceAccumulator, value: Float64Array): void {
  const { mean, sumOuterProducts, delta } = accumulator;
  const dim = value.length;
  const count = accumulator.count + 1;
  for (let i = 0; i < dim; i++) delta[i] = value[i]! - mean[i]!;
  for (let i = 0; i < dim; i++) mean[i]! += delta[i]! / count;
  for (let i = 0; i < dim; i++) {
    const deviationAfter = value[i]! - mean[i]!;
    const row = i * dim;
    for (let j = 0; j < dim; j++) sumOuterProducts[row + j]! += deviationAfter * delta[j]!;
  }
  accumulator.count = count;
}

/** Empties `accumulator` in place (a new estimation window). */
export function welfordCovarianceReset(accumulator: WelfordCovarianceAccumulator): void {
  accumulator.count = 0;
  accumulator.mean.fill(0);
  accumulator.sumOuterProducts.fill(0);
}

/** Regularised sample covariance (divisor n - 1), row-major; needs at least two draws. */
export function welfordCovarianceFinal(state: WelfordCovarianceState): Float64Array {
  if (state.count < 2) {
    throw new Error(`welfordCovarianceFinal: ${state.count} draws, but at least 2 are needed`);
  }
  const dim = state.mean.length;
  const { sampleWeight, identityWeight } = shrinkage(state.count);
  const covariance = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      // Average the two triangles: the update's outer product (x - mean_n)(x - mean_{n-1})'
      // is symmetric only up to rounding.
      const m2 = 0.5 * (state.sumOuterProducts[i * dim + j]! + state.sumOuterProducts[j * dim + i]!);
      covariance[i * dim + j] = sampleWeight * (m2 / (state.count - 1)) + (i === j ? identityWeight : 0);
    }
  }
  return covariance;
}
