import { checkChains, isUndiagnosable, mapDraws, poolChains, splitChains, type Chains } from './chains.js';
import type { SplitOptions } from './ess.js';
import { meanOf, varianceOf } from './moments.js';
import { medianOfSorted, sortedCopy } from './quantile.js';
import { rankNormalize } from './rank-normalize.js';

/**
 * Potential scale reduction factors (Gelman & Rubin 1992; Vehtari, Gelman, Simpson,
 * Carpenter & Bürkner 2021), computed as the R package posterior 1.4.0.
 */

/**
 * R-hat of draws taken as they are, posterior's internal `.rhat` (Vehtari et al. 2021,
 * section 3.1): with N draws per chain, B = N var(chain means) the between-chain variance and
 * W the mean within-chain variance,
 *   R̂ = sqrt(((N - 1)/N W + B/N) / W) = sqrt((B/W + N - 1) / N).
 * NaN for undiagnosable draws, for one draw per chain, or for a single chain (no between-chain
 * variance; split it first).
 */
export function rhatOfChains(chains: Chains): number {
  const numDraws = chains[0]!.length;
  if (numDraws < 2 || chains.length < 2 || isUndiagnosable(chains)) return NaN;
  const chainMeans = chains.map((chain) => meanOf(chain));
  const betweenVariance = numDraws * varianceOf(chainMeans);
  const withinVariance = meanOf(chains.map((chain) => varianceOf(chain)));
  return Math.sqrt((betweenVariance / withinVariance + numDraws - 1) / numDraws);
}

/** Basic split R-hat of the draws themselves (BDA3 section 11.4), posterior's `rhat_basic`. */
export function rhatBasic(chains: Chains, options: SplitOptions = {}): number {
  checkChains('rhatBasic', chains);
  return rhatOfChains(options.split === false ? chains : splitChains(chains));
}

/** Bulk R-hat: split R-hat of rank-normalised draws (Vehtari et al. 2021, section 4). */
export function rhatBulk(chains: Chains): number {
  checkChains('rhatBulk', chains);
  if (isUndiagnosable(chains)) return NaN;
  return rhatOfChains(rankNormalize(splitChains(chains)));
}

/**
 * Tail (folded) R-hat: split R-hat of the rank-normalised folded draws |x - median(x)|
 * (Vehtari et al. 2021, section 4), which sees chains that differ in scale but
 * not in location.
 */
export function rhatTail(chains: Chains): number {
  checkChains('rhatTail', chains);
  if (isUndiagnosable(chains)) return NaN;
  const center = medianOfSorted(sortedCopy(poolChains(chains)));
  return rhatOfChains(rankNormalize(splitChains(mapDraws(chains, (value) => Math.abs(value - center)))));
}

/**
 * R-hat as recommended by Vehtari et al. (2021, section 4): the larger of bulk and tail
 * R-hat; posterior's `rhat`. Values above 1.01 suggest the chains have not mixed.
 */
export function rhat(chains: Chains): number {
  checkChains('rhat', chains);
  const bulk = rhatBulk(chains);
  const tail = rhatTail(chains);
  return Number.isNaN(bulk) || Number.isNaN(tail) ? NaN : Math.max(bulk, tail);
}
