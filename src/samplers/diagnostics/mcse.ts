import betaincinv from '@stdlib/math-base-special-betaincinv';
import { checkChains, isUndiagnosable, mapDraws, poolChains, type Chains } from './chains.js';
import { essMean, essQuantileUnchecked } from './ess.js';
import { meanOf, varianceOf } from './moments.js';
import { sortedCopy } from './quantile.js';

/**
 * Monte Carlo standard errors (Vehtari et al. 2021, section 4.4), computed as
 * the R package posterior 1.4.0's `mcse_*` functions.
 */

/** MCSE of the posterior mean: sd(x) / sqrt(ESS_mean), posterior's `mcse_mean`. */
export function mcseMean(chains: Chains): number {
  checkChains('mcseMean', chains);
  if (isUndiagnosable(chains)) return NaN;
  return Math.sqrt(varianceOf(poolChains(chains))) / Math.sqrt(essMean(chains));
}

/**
 * MCSE of the posterior standard deviation as posterior 1.4.0's `mcse_sd`: with centred
 * draws c = x - mean(x), the variance estimate E[c²] has Monte Carlo variance
 * (E[c⁴] - E[c²]²) / ESS(c²), and the delta method (d sqrt(v) = dv / (2 sqrt v)) turns it
 * into a variance of the sd: Var(sd) ≈ Var(v) / (4 v).
 */
export function mcseSd(chains: Chains): number {
  checkChains('mcseSd', chains);
  if (isUndiagnosable(chains)) return NaN;
  const mean = meanOf(poolChains(chains));
  const squared = mapDraws(chains, (value) => (value - mean) ** 2);
  const pooledSquared = poolChains(squared);
  const variance = meanOf(pooledSquared);
  const fourthMoment = meanOf(pooledSquared.map((value) => value * value));
  const varianceOfVariance = (fourthMoment - variance * variance) / essMean(squared);
  return Math.sqrt(varianceOfVariance / variance / 4);
}

/** Φ(-1) and Φ(1), written to posterior's 7 digits so the interval endpoints match it. */
const lowerNormalProbability = 0.1586553;
const upperNormalProbability = 0.8413447;

/**
 * MCSE of the quantile at `probability` (Vehtari et al. 2021, section 4.4, after Gelman et
 * al. BDA3): the indicator I(x ≤ q̂) has ESS S_eff; the number of draws below the true
 * quantile then behaves like S_eff p, so the quantile's rank fraction is roughly
 * Beta(S_eff p + 1, S_eff (1 - p) + 1). Its ±1 sd probabilities (Φ(∓1)) are mapped to sorted
 * draws (lower rounded down, upper up) and half their distance is the MCSE; posterior's
 * `mcse_quantile`.
 */
export function mcseQuantile(chains: Chains, probability: number): number {
  checkChains('mcseQuantile', chains);
  if (!(probability >= 0 && probability <= 1)) {
    throw new Error(`mcseQuantile: probability is ${probability}, but must be in [0, 1]`);
  }
  const ess = essQuantileUnchecked(chains, probability);
  if (Number.isNaN(ess)) return NaN;
  const alpha = ess * probability + 1;
  const beta = ess * (1 - probability) + 1;
  const lowerFraction = betaincinv(lowerNormalProbability, alpha, beta);
  const upperFraction = betaincinv(upperNormalProbability, alpha, beta);
  const sorted = sortedCopy(poolChains(chains));
  const count = sorted.length;
  // 1-based ranks as in posterior, clamped to [1, S].
  const lowerRank = Math.max(Math.floor(lowerFraction * count), 1);
  const upperRank = Math.min(Math.ceil(upperFraction * count), count);
  return (sorted[upperRank - 1]! - sorted[lowerRank - 1]!) / 2;
}
