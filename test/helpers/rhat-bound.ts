import chiSquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { type CheckOutcome, combineOutcomes, boundOutcome, FALSE_ALARM_RATE } from './seeded-check.js';

// R-hat's own sampling spread, so a check of convergence is a test at a stated false-alarm
// rate rather than "R-hat < 1.01" at any run length. Split R-hat (Gelman et al., BDA3 §11.4;
// Vehtari et al. 2021) over M half-chains of N draws is R̂² = (N − 1)/N + B/(N W). For a run
// that has converged the half-chain means scatter with variance σ²/e, e the ESS of one
// half-chain, so B/(N W) ≈ χ²_{M−1} / ((M − 1) e). Given e, the R̂ that a converged run
// exceeds with probability α is √((N − 1)/N + q_α / ((M − 1) e)), q_α the upper α quantile of
// χ²_{M−1}. At 4 × 300 draws and ESS 300 that is about 1.06 for α = 5e-6 (1e-4 over 20
// comparisons): 1.01 there failed 14 of 100 seeds of a converged run.
//
// The ESS used is the quantity's smaller of bulk and tail ESS (callers with the draws at hand
// pass the folded draws' ESS as the tail's when smaller: the folded R-hat rests on it). Those
// ESS estimates include the between-chain variance, so they collapse when chains disagree and
// would excuse a large R̂: a floor on the ESS, checked with it, keeps a run whose chains did
// not mix failing.

/** Upper α quantile of the χ² distribution with k degrees of freedom (bisection on the CDF). */
export function chiSquareUpperQuantile(alpha: number, k: number): number {
  let low = 0;
  let high = k + 20 * Math.sqrt(2 * k) + 100;
  for (let i = 0; i < 200; i++) {
    const middle = (low + high) / 2;
    if (1 - chiSquareCdf(middle, k) > alpha) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

export interface RhatQuantity {
  readonly name: string;
  readonly rhat: number;
  readonly essBulk: number;
  readonly essTail: number;
}

/**
 * Every quantity's R̂ below the bound that its ESS gives at the family rate (bulk and tail
 * R̂ per quantity: 2 comparisons each), and every ESS at least `essFloor`. Figures: the
 * largest R̂, the largest (R̂ − 1)/(bound − 1) and the smallest ESS.
 */
export function rhatOutcome(quantities: readonly RhatQuantity[], chains: number, drawsPerChain: number, essFloor: number, rate = FALSE_ALARM_RATE): CheckOutcome {
  const halfChains = 2 * chains;
  const halfLength = Math.floor(drawsPerChain / 2);
  const q = chiSquareUpperQuantile(rate / (2 * quantities.length), halfChains - 1);
  const failures: string[] = [];
  let worstRatio = 0;
  for (const { name, rhat, essBulk, essTail } of quantities) {
    const ess = Math.min(essBulk, essTail);
    const bound = Math.sqrt((halfLength - 1) / halfLength + q / ((halfChains - 1) * (ess / halfChains)));
    worstRatio = Math.max(worstRatio, Number.isNaN(rhat) ? Infinity : (rhat - 1) / (bound - 1));
    if (!(rhat <= bound)) failures.push(`${name}: R-hat ${rhat.toFixed(4)} > ${bound.toFixed(4)}, the bound for ESS ${ess.toFixed(0)}`);
  }
  const minEss = Math.min(...quantities.map((quantity) => Math.min(quantity.essBulk, quantity.essTail)));
  return combineOutcomes({
    rhat: { failures, figures: { max: Math.max(...quantities.map((quantity) => quantity.rhat)), worstRatio } },
    ess: boundOutcome('min', minEss, '>=', essFloor),
  });
}
