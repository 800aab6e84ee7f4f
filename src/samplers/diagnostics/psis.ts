import { fitGeneralizedPareto, generalizedParetoQuantile, logSumExpOf } from './generalized-pareto.js';

/**
 * Pareto smoothed importance sampling (Vehtari, Simpson, Gelman, Yao & Gabry 2024, "Pareto
 * smoothed importance sampling", JMLR 25(72), algorithm 1), computed as the R package loo's
 * psis() (2.5.1), whose numbers the tests reproduce:
 *
 *   1. shift the log ratios by their maximum (so the largest raw weight is 1);
 *   2. take the M largest, M = ceil(min(S / 5, 3 sqrt(S / r_eff))) (section 3.4; r_eff, the
 *      relative efficiency of MCMC draws, lengthens the tail for autocorrelated draws);
 *   3. fit a generalized Pareto distribution to their exceedances over the largest ratio
 *      outside the tail (generalized-pareto.ts), and replace them, in order, by the GPD's
 *      quantiles at (z − 1/2) / M, z = 1..M, plus the threshold;
 *   4. truncate every weight at the largest raw weight;
 *   5. shift back.
 *
 * The shape estimate k-hat is the diagnostic: see pareto-k.ts. With fewer than 5 tail
 * draws, or a tail of equal values, nothing is smoothed and k-hat is Infinity (as loo).
 */

export interface PsisOptions {
  /** Relative efficiency r_eff = ESS / S of the draws (default 1: independent draws). */
  readonly relativeEfficiency?: number;
}

/** Why the tail was left unsmoothed, when it was. */
export type PsisProblem = 'tail-too-short' | 'tail-constant' | 'fit-failed';

export interface PsisResult {
  /** Smoothed, truncated log weights on the scale of the log ratios (not normalised). */
  readonly logWeights: Float64Array;
  /** k-hat of the fitted tail; Infinity when no tail could be fitted. */
  readonly paretoK: number;
  readonly tailLength: number;
  readonly relativeEfficiency: number;
  readonly problem?: PsisProblem;
}

/** Fewer tail draws than this cannot be fitted (loo's enough_tail_samples). */
export const MIN_TAIL_LENGTH = 5;

/** M = ceil(min(S / 5, 3 sqrt(S / r_eff))) (Vehtari et al. 2024, section 3.4; loo's n_pareto). */
export function psisTailLength(draws: number, relativeEfficiency = 1): number {
  return Math.ceil(Math.min(0.2 * draws, 3 * Math.sqrt(draws / relativeEfficiency)));
}

function checkInput(logRatios: ArrayLike<number>, relativeEfficiency: number): void {
  if (logRatios.length < 2) throw new Error(`psis: ${logRatios.length} log ratio(s) given, but need at least 2`);
  for (let i = 0; i < logRatios.length; i++) {
    const value = logRatios[i]!;
    // −Infinity is a draw with zero weight (e.g. outside the target's support); NaN and +Infinity have no meaning.
    if (Number.isNaN(value) || value === Infinity) {
      throw new Error(`psis: logRatios[${i}] is ${value}, but must be a finite number or -Infinity (zero weight)`);
    }
  }
  if (!(relativeEfficiency > 0) || !Number.isFinite(relativeEfficiency)) {
    throw new Error(`psis: relativeEfficiency is ${relativeEfficiency}, but must be a positive finite number`);
  }
}

/** Indices of `values` in ascending order, ties by index (a stable order, as R's radix sort). */
function ascendingOrder(values: Float64Array): Uint32Array {
  const order = Uint32Array.from({ length: values.length }, (_, i) => i);
  order.sort((a, b) => values[a]! - values[b]! || a - b);
  return order;
}

/** Replaces the tail (the last `tailLength` entries of `order`) in `shifted`; returns k-hat or a problem. */
function smoothTail(shifted: Float64Array, order: Uint32Array, tailLength: number): { paretoK: number; problem?: PsisProblem } {
  const count = shifted.length;
  const tailStart = count - tailLength;
  const tail = Float64Array.from({ length: tailLength }, (_, j) => shifted[order[tailStart + j]!]!);
  if (Math.abs(tail[tailLength - 1]! - tail[0]!) < Number.EPSILON / 100) return { paretoK: Infinity, problem: 'tail-constant' };
  const cutoff = shifted[order[tailStart - 1]!]!;
  const expCutoff = Math.exp(cutoff);
  const fit = fitGeneralizedPareto(tail.map((value) => Math.exp(value) - expCutoff));
  if (!Number.isFinite(fit.k)) return { paretoK: fit.k, problem: 'fit-failed' };
  for (let j = 0; j < tailLength; j++) {
    const quantile = generalizedParetoQuantile((j + 1 - 0.5) / tailLength, fit) + expCutoff;
    shifted[order[tailStart + j]!] = Math.log(quantile);
  }
  return { paretoK: fit.k };
}

/** Pareto smoothed log weights of `logRatios` (log target − log proposal, up to a constant). */
export function psis(logRatios: ArrayLike<number>, options: PsisOptions = {}): PsisResult {
  const relativeEfficiency = options.relativeEfficiency ?? 1;
  checkInput(logRatios, relativeEfficiency);
  const count = logRatios.length;
  let max = -Infinity;
  for (let i = 0; i < count; i++) max = Math.max(max, logRatios[i]!);
  if (max === -Infinity) throw new Error('psis: every log ratio is -Infinity (no draw has positive weight)');
  const shifted = Float64Array.from({ length: count }, (_, i) => logRatios[i]! - max);
  const tailLength = psisTailLength(count, relativeEfficiency);
  let smoothed: { paretoK: number; problem?: PsisProblem } = { paretoK: Infinity, problem: 'tail-too-short' };
  // The tail needs a draw below it for the threshold.
  if (tailLength >= MIN_TAIL_LENGTH && tailLength < count) smoothed = smoothTail(shifted, ascendingOrder(shifted), tailLength);
  for (let i = 0; i < count; i++) shifted[i] = Math.min(shifted[i]!, 0) + max;
  return {
    logWeights: shifted,
    paretoK: smoothed.paretoK,
    tailLength,
    relativeEfficiency,
    ...(smoothed.problem === undefined ? {} : { problem: smoothed.problem }),
  };
}

/** Log weights normalised to sum to one (loo's weights(normalize = TRUE, log = TRUE)). */
export function normalizedLogWeights(logWeights: ArrayLike<number>): Float64Array {
  const normaliser = logSumExpOf(logWeights);
  return Float64Array.from(logWeights, (value) => value - normaliser);
}

/**
 * Effective sample size of the importance-weighted draws (Vehtari et al. 2024, eq. 6; loo's
 * psis_n_eff): r_eff / Σ w̃², w̃ the normalised weights.
 */
export function psisEffectiveSampleSize(result: Pick<PsisResult, 'logWeights' | 'relativeEfficiency'>): number {
  const normalized = normalizedLogWeights(result.logWeights);
  let sumSquares = 0;
  for (const logWeight of normalized) sumSquares += Math.exp(2 * logWeight);
  return result.relativeEfficiency / sumSquares;
}
