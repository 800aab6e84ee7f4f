import { meanOf } from './moments.js';

/**
 * The generalized Pareto distribution, GPD(k, sigma), of exceedances x > 0 over a threshold:
 *   P(X > x) = (1 + k x / sigma)^(−1/k)   (k ≠ 0),   exp(−x / sigma)   (k = 0),
 * and its fit to the largest importance ratios in Pareto smoothed importance sampling
 * (Vehtari, Simpson, Gelman, Yao & Gabry 2024, "Pareto smoothed importance sampling", JMLR
 * 25(72), section 3 and appendix C).
 */

export interface GeneralizedPareto {
  /** Shape; k ≥ 1 means an infinite mean, k ≥ 1/2 an infinite variance. */
  readonly k: number;
  /** Scale. */
  readonly sigma: number;
}

export interface GeneralizedParetoFitOptions {
  /**
   * Shrink k towards 0.5 as if a = 10 prior observations had k = 0.5 (Vehtari et al. 2024,
   * appendix C): k n / (n + a) + a 0.5 / (n + a). Default true, as loo's gpdfit.
   */
  readonly weaklyInformativePrior?: boolean;
  /** Grid points are minGridPoints + floor(sqrt(n)); default 30, as loo. */
  readonly minGridPoints?: number;
}

/** Zhang & Stephens's prior parameter (their p = 3). */
const ZHANG_STEPHENS_PRIOR = 3;
/** Prior observations of the weakly informative adjustment. */
const PRIOR_OBSERVATIONS = 10;

/** log Σ exp(values), computed stably; −Infinity when every value is (as an empty sum). */
export function logSumExpOf(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}

/**
 * Zhang & Stephens's profile log-likelihood of theta, per observation (Zhang & Stephens 2009,
 * "A new and efficient estimation method for the generalized Pareto distribution",
 * Technometrics 51(3), section 3, with their b = −theta):
 *   l(theta) / n = log(−theta / m) − m − 1,  m = mean(log(1 − theta x)).
 */
function profileLogLikelihood(theta: number, sortedX: Float64Array): number {
  const m = meanOf(sortedX.map((x) => Math.log1p(-theta * x)));
  return Math.log(-theta / m) - m - 1;
}

/**
 * Fits GPD(k, sigma) to exceedances `sortedX` (ascending, positive) by Zhang & Stephens's
 * (2009) empirical Bayes estimate: the posterior mean of theta = −k / sigma over a grid of
 * M = minGridPoints + floor(sqrt(n)) points
 *   theta_j = 1 / x_(n) + (1 − sqrt(M / (j − 1/2))) / (3 x*),   x* the first quartile,
 * weighted by the profile likelihood, then k = −mean(log(1 − theta x)) and sigma = −k / theta;
 * finally the weakly informative prior above. A k that is NaN (a degenerate sample) is
 * returned as Infinity, as loo does, so that callers treat the fit as failed.
 */
export function fitGeneralizedPareto(sortedX: Float64Array, options: GeneralizedParetoFitOptions = {}): GeneralizedPareto {
  const n = sortedX.length;
  if (n === 0) throw new Error('fitGeneralizedPareto: no exceedances given, but need at least one');
  const gridSize = (options.minGridPoints ?? 30) + Math.floor(Math.sqrt(n));
  // loo takes x[floor(n/4 + 0.5)] with 1-based indexing.
  const firstQuartile = sortedX[Math.max(0, Math.floor(n / 4 + 0.5) - 1)]!;
  const largest = sortedX[n - 1]!;
  const thetas = Float64Array.from({ length: gridSize }, (_, index) => {
    const j = index + 1;
    return 1 / largest + (1 - Math.sqrt(gridSize / (j - 0.5))) / ZHANG_STEPHENS_PRIOR / firstQuartile;
  });
  const logLikelihoods = thetas.map((theta) => n * profileLogLikelihood(theta, sortedX));
  const normaliser = logSumExpOf(logLikelihoods);
  let thetaHat = 0;
  for (let j = 0; j < gridSize; j++) thetaHat += thetas[j]! * Math.exp(logLikelihoods[j]! - normaliser);
  let k = meanOf(sortedX.map((x) => Math.log1p(-thetaHat * x)));
  const sigma = -k / thetaHat;
  if (options.weaklyInformativePrior ?? true) k = (k * n) / (n + PRIOR_OBSERVATIONS) + (PRIOR_OBSERVATIONS * 0.5) / (n + PRIOR_OBSERVATIONS);
  return { k: Number.isNaN(k) ? Infinity : k, sigma };
}

/**
 * The p-quantile of GPD(k, sigma): sigma ((1 − p)^(−k) − 1) / k, written with expm1/log1p for
 * accuracy near p = 0 and k = 0 (loo's qgpd); NaN when sigma is not positive.
 */
export function generalizedParetoQuantile(p: number, { k, sigma }: GeneralizedPareto): number {
  if (!(sigma > 0)) return NaN;
  if (k === 0) return -sigma * Math.log1p(-p);
  return (sigma * Math.expm1(-k * Math.log1p(-p))) / k;
}
