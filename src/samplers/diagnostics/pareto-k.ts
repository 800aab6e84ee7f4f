/**
 * Reading the Pareto k-hat of PSIS (Vehtari, Simpson, Gelman, Yao & Gabry 2024, "Pareto
 * smoothed importance sampling", JMLR 25(72), sections 3.2–3.3; the R package loo ≥ 2.7's
 * pareto-k-diagnostic help). k-hat estimates the tail shape of the importance ratios: their
 * distribution has finite moments of order below 1/k. What it means for an estimate:
 *
 *   k ≤ min(1 − 1/log10(S), 0.7)   good: the PSIS estimate and its Monte Carlo error are reliable;
 *   1 − 1/log10(S) < k ≤ 0.7        (only for S < 2200) more draws would make it reliable;
 *   0.7 < k ≤ 1                     bad: large bias, not reliable; more draws rarely help;
 *   k > 1                           very bad: the ratios have no finite mean; the estimate is
 *                                   not even well defined.
 *
 * The sample-size dependent threshold comes from the draws needed for a k: about
 * 10^(1/(1 − k)) (section 3.2.3), so with S draws k up to 1 − 1/log10(S) is handled.
 */

export type ParetoKCategory = 'good' | 'bad' | 'very-bad';

/** The upper bound k-hat beyond which bias dominates whatever the sample size. */
export const PARETO_K_BIAS_THRESHOLD = 0.7;

function checkDraws(place: string, draws: number): void {
  if (!Number.isInteger(draws) || draws < 2) throw new Error(`${place}: draws is ${draws}, but must be an integer >= 2`);
}

/** min(1 − 1/log10(S), 0.7): k-hat at or below it is good for S draws. */
export function paretoKThreshold(draws: number): number {
  checkDraws('paretoKThreshold', draws);
  return Math.min(1 - 1 / Math.log10(draws), PARETO_K_BIAS_THRESHOLD);
}

/** About how many draws make a k-hat of `k` reliable: 10^(1/(1 − k)); Infinity for k ≥ 1. */
export function drawsNeededForParetoK(k: number): number {
  if (!(k < 1)) return Infinity;
  return 10 ** (1 / (1 - Math.max(k, 0)));
}

/** loo's categories (≥ 2.7): good, bad (up to 1), very bad (above 1). NaN counts as very bad. */
export function paretoKCategory(k: number, draws: number): ParetoKCategory {
  if (k <= paretoKThreshold(draws)) return 'good';
  return k <= 1 ? 'bad' : 'very-bad';
}

/** What k-hat says about an importance-sampling estimate from S draws, in words. */
export function describeParetoK(k: number, draws: number): string {
  const threshold = paretoKThreshold(draws);
  const shown = Number.isFinite(k) ? k.toFixed(2) : String(k);
  if (k <= threshold) return `Pareto k ${shown} ≤ ${threshold.toFixed(2)}: the estimate and its Monte Carlo error are reliable.`;
  if (k <= PARETO_K_BIAS_THRESHOLD) {
    const needed = Math.ceil(drawsNeededForParetoK(k));
    return (
      `Pareto k ${shown} is above ${threshold.toFixed(2)}, the threshold for ${draws} draws: the estimate is not yet ` +
      `reliable, but about ${needed} draws would make it so.`
    );
  }
  if (k <= 1) {
    return `Pareto k ${shown} > ${PARETO_K_BIAS_THRESHOLD}: the estimate has a large bias and is not reliable; more draws rarely help.`;
  }
  return `Pareto k ${shown} > 1: the importance ratios have no finite mean, so the estimate is not even well defined.`;
}
