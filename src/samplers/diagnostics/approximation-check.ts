import { columnIndex, type Fit } from '../run/fit.js';
import { type ImportanceShift, importanceShifts } from './importance-shift.js';
import { normalizedLogWeights, psis, psisEffectiveSampleSize } from './psis.js';

/**
 * Did the approximation work? (Yao, Vehtari, Simpson & Gelman 2018, "Yes, but did it work?:
 * Evaluating variational inference", ICML.) Draws θ⁽ˢ⁾ from an approximation q of the
 * posterior p (ADVI, Pathfinder, Laplace) carry the importance ratios
 * r_s = p(θ⁽ˢ⁾) / q(θ⁽ˢ⁾), known up to a constant; the Pareto k-hat of their PSIS fit
 * (psis.ts) measures how heavy the tail of p/q is, i.e. where q misses mass of p:
 *
 *   k < 0.5         the approximation is close to the posterior;
 *   0.5 ≤ k ≤ 0.7   usable with care: rough means, but variances and tails may be off;
 *   k > 0.7         unreliable: q is far from p; do not use its estimates.
 *
 * While k ≤ 0.7 the PSIS-weighted estimates are reliable, so where weighting moves a mean
 * materially (importance-shift.ts) the approximation's own estimate is biased even if k is
 * small: that too makes it "use with care".
 *
 * For an approximation, this replaces MCMC's R-hat and ESS, which for independent draws
 * only say how many draws there are, not whether q is right.
 */

export type ApproximationVerdict = 'reliable' | 'use-with-care' | 'unreliable';

export interface ApproximationCheck {
  readonly paretoK: number;
  /** Draws the check used. */
  readonly draws: number;
  /** PSIS effective sample size of the importance-weighted draws. */
  readonly effectiveSampleSize: number;
  readonly verdict: ApproximationVerdict;
  /** Means that importance weighting moves materially (k ≤ 0.7 only), largest first. */
  readonly shifts: readonly ImportanceShift[];
  /** The verdict in words, with what to do. */
  readonly message: string;
}

export const APPROXIMATION_K_GOOD = 0.5;
export const APPROXIMATION_K_BAD = 0.7;

function verdictOf(k: number, shifts: readonly ImportanceShift[]): ApproximationVerdict {
  if (!(k <= APPROXIMATION_K_BAD)) return 'unreliable';
  return k < APPROXIMATION_K_GOOD && shifts.length === 0 ? 'reliable' : 'use-with-care';
}

function describeShifts(shifts: readonly ImportanceShift[]): string {
  if (shifts.length === 0) return '';
  const listed = shifts.slice(0, 4).map((shift) => `${shift.name} by ${shift.shiftInSd > 0 ? '+' : ''}${shift.shiftInSd.toFixed(2)} sd`);
  const more = shifts.length > 4 ? ` and ${shifts.length - 4} more` : '';
  return ` importance weighting moves the means of ${listed.join(', ')}${more}: the approximation's own estimates of these are biased (the PSIS-weighted ones are better).`;
}

function messageOf(verdict: ApproximationVerdict, k: number, shifts: readonly ImportanceShift[], label: string, draws: number): string {
  const shown = Number.isFinite(k) ? k.toFixed(2) : String(k);
  const measured = `Pareto k of the importance ratios p/q over ${draws} draws of the ${label} is ${shown}`;
  switch (verdict) {
    case 'reliable':
      return `${measured} (< ${APPROXIMATION_K_GOOD}): the approximation is close to the posterior (Yao et al. 2018).`;
    case 'use-with-care':
      if (k < APPROXIMATION_K_GOOD) {
        return `${measured}, below ${APPROXIMATION_K_GOOD}, but${describeShifts(shifts)} Use the approximation with care, and check important conclusions against MCMC.`;
      }
      return (
        `${measured} (between ${APPROXIMATION_K_GOOD} and ${APPROXIMATION_K_BAD}): use the approximation with care; means are ` +
        `roughly right but variances and tail quantiles may be off.${describeShifts(shifts) === '' ? '' : ` Also${describeShifts(shifts)}`} ` +
        'Check important conclusions against MCMC.'
      );
    case 'unreliable':
      return (
        `${measured} (> ${APPROXIMATION_K_BAD}): the approximation is far from the posterior and its means, sds and ` +
        'intervals are not to be trusted (Yao et al. 2018). Sample with NUTS instead; a full-rank family, Pathfinder or a ' +
        'reparameterisation (e.g. non-centred hierarchical scales) may give a better approximation.'
      );
    default: {
      const unknown: never = verdict;
      throw new Error(`checkApproximation: verdict '${String(unknown)}' has no message`);
    }
  }
}

/** Quantities whose means the check compares with their PSIS-weighted means: pooled draws by name. */
export interface CheckedQuantities {
  readonly names: readonly string[];
  readonly draws: readonly Float64Array[];
}

/**
 * The check from the log density of the target (up to a constant) and of the approximation
 * at each draw. A draw where the target's log density is −Infinity has zero weight.
 */
export function checkApproximation(
  logDensity: ArrayLike<number>,
  logApproximation: ArrayLike<number>,
  label = 'approximation',
  quantities: CheckedQuantities = { names: [], draws: [] },
): ApproximationCheck {
  return checkWithShifts(logDensity, logApproximation, label, (weights) => importanceShifts(quantities.names, quantities.draws, weights));
}

/** Log ratios spread less than this apart: the weights differ by a factor below 1 + 1e-9. */
const EXACT_RATIO_SPREAD = 1e-9;

/** max − min of the finite log ratios. */
function spreadOf(logRatios: Float64Array): number {
  let min = Infinity;
  let max = -Infinity;
  for (const ratio of logRatios) {
    if (ratio === -Infinity) return Infinity;
    min = Math.min(min, ratio);
    max = Math.max(max, ratio);
  }
  return max - min;
}

/**
 * The check, with the importance shifts computed by `shiftsOf` from the draws' normalised
 * PSIS weights (called only when k ≤ 0.7): for draws that are not all kept in memory, whose
 * shifts are accumulated as the draws are made again (shift-accumulator.ts).
 */
export function checkWithShifts(
  logDensity: ArrayLike<number>,
  logApproximation: ArrayLike<number>,
  label: string,
  shiftsOf: (weights: Float64Array) => readonly ImportanceShift[],
): ApproximationCheck {
  if (logDensity.length !== logApproximation.length) {
    throw new Error(`checkApproximation: ${logDensity.length} log densities but ${logApproximation.length} approximation log densities; give one of each per draw`);
  }
  const logRatios = Float64Array.from({ length: logDensity.length }, (_, s) => {
    const target = logDensity[s]!;
    return Number.isNaN(target) ? -Infinity : target - logApproximation[s]!;
  });
  if (logRatios.every((ratio) => ratio === -Infinity)) {
    const message =
      `Every one of the ${logRatios.length} draws of the ${label} has log density -Infinity under the model (or NaN): the ` +
      'approximation lies outside the posterior\'s support, or the log density overflowed there; it is unusable.';
    return { paretoK: Infinity, draws: logRatios.length, effectiveSampleSize: 0, verdict: 'unreliable', shifts: [], message };
  }
  const smoothed = psis(logRatios);
  // The largest ratios all equal, or equal up to rounding (an exact approximation, e.g. Laplace
  // of a normal posterior: a generalized Pareto fit to rounding noise fails): bounded weights,
  // as for any k ≤ 0 (loo reports Inf: no fit possible).
  const k = smoothed.problem === 'tail-constant' || spreadOf(logRatios) < EXACT_RATIO_SPREAD ? 0 : smoothed.paretoK;
  const shifts = k <= APPROXIMATION_K_BAD ? shiftsOf(normalizedLogWeights(smoothed.logWeights).map(Math.exp)) : [];
  const verdict = verdictOf(k, shifts);
  return {
    paretoK: k,
    draws: logRatios.length,
    effectiveSampleSize: psisEffectiveSampleSize(smoothed),
    verdict,
    shifts,
    message: messageOf(verdict, k, shifts, label, logRatios.length),
  };
}

/**
 * The check as recorded with saved draws (only k-hat survives a file): the verdict and
 * message from `paretoK` alone, the effective sample size unknown.
 */
export function checkFromParetoK(paretoK: number, draws: number, label = 'approximation'): ApproximationCheck {
  const verdict = verdictOf(paretoK, []);
  return { paretoK, draws, effectiveSampleSize: NaN, verdict, shifts: [], message: messageOf(verdict, paretoK, [], label, draws) };
}

/**
 * The check of a fit of approximate draws: the one it carries (e.g. from multi-path
 * Pathfinder, whose resampled draws no longer show the ratios), else computed from its
 * log_p__ and log_g__ columns; undefined for MCMC fits or when the columns are missing.
 */
export function approximationCheckOf(fit: Fit): ApproximationCheck | undefined {
  if (fit.approximation === undefined) return undefined;
  if (fit.approximationCheck !== undefined) return fit.approximationCheck;
  if (fit.approximationCheckOfDraws !== undefined) return fit.approximationCheckOfDraws;
  if (!fit.columnNames.includes('log_p__') || !fit.columnNames.includes('log_g__')) return undefined;
  const pooled = (name: string): Float64Array => {
    const column = columnIndex(fit, name);
    return Float64Array.from(fit.draws.flatMap((chain) => [...chain[column]!]));
  };
  const logDensity = pooled('log_p__');
  if (logDensity.length < 2) return undefined;
  const quantities = { names: fit.outputNames, draws: fit.outputNames.map(pooled) };
  return checkApproximation(logDensity, pooled('log_g__'), fit.approximation, quantities);
}
