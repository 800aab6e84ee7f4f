import type { Chains } from '../samplers/diagnostics/chains.js';
import { logSumExpOf } from '../samplers/diagnostics/generalized-pareto.js';
import { varianceOf } from '../samplers/diagnostics/moments.js';
import { normalizedLogWeights, psis, psisEffectiveSampleSize } from '../samplers/diagnostics/psis.js';
import { normalQuantile } from '../samplers/diagnostics/rank-normalize.js';

/**
 * PSIS-LOO for one observation (Vehtari, Gelman & Gabry 2017, "Practical Bayesian model
 * evaluation using leave-one-out cross-validation and WAIC", Statistics and Computing 27,
 * section 2.1; the R package loo's pointwise_loo_calcs): the leave-one-out predictive density
 * p(y_i | y_−i) is estimated by importance sampling the full posterior draws with ratios
 * 1 / p(y_i | θ⁽ˢ⁾), Pareto smoothed:
 *
 *   elpd_loo,i = log Σ_s w̃_s p(y_i | θ⁽ˢ⁾)       w̃ the normalised smoothed weights
 *   lpd_i      = log (1/S Σ_s p(y_i | θ⁽ˢ⁾))       the within-sample fit
 *   p_loo,i    = lpd_i − elpd_loo,i               the effective number of parameters
 */

export interface PointwiseLoo {
  readonly elpdLoo: number;
  readonly mcseElpdLoo: number;
  readonly pLoo: number;
  readonly looic: number;
  readonly paretoK: number;
  /** PSIS effective sample size of the weighted draws (loo's n_eff). */
  readonly effectiveSampleSize: number;
  readonly relativeEfficiency: number;
}

/** Normal quantiles loo's mcse_elpd uses: Blom's plotting positions (r − 3/8) / (n + 1/4), n = 1000. */
const MCSE_QUANTILES = (() => {
  const n = 1000;
  const c = 3 / 8;
  return Float64Array.from({ length: n }, (_, index) => normalQuantile((index + 1 - c) / (n - 2 * c + 1)));
})();

/**
 * Monte Carlo standard error of elpd_loo,i as the R package loo 2.5.1's mcse_elpd: the
 * variance of the importance-sampling estimate of p(y_i | y_−i), Var = Σ w̃² (p − E)², is
 * carried to the log scale through a normal approximation evaluated at fixed quantiles, and
 * divided by r_eff. Computed relative to E = exp(elpd_loo,i) (which leaves the log-scale
 * variance unchanged), so that small likelihoods do not underflow.
 */
function mcseOfElpd(logLikelihood: Float64Array, logWeights: Float64Array, elpd: number, relativeEfficiency: number): number {
  let relativeVariance = 0;
  for (let s = 0; s < logLikelihood.length; s++) {
    const deviation = Math.exp(logLikelihood[s]! - elpd) - 1;
    relativeVariance += Math.exp(2 * logWeights[s]!) * deviation * deviation;
  }
  const relativeSd = Math.sqrt(relativeVariance);
  const logs: number[] = [];
  for (const z of MCSE_QUANTILES) {
    const value = 1 + relativeSd * z;
    if (value > 0) logs.push(Math.log(value));
  }
  return Math.sqrt(varianceOf(logs) / relativeEfficiency);
}

/** PSIS-LOO of one observation from its log-likelihood draws (pooled in chain order). */
export function pointwiseLoo(chains: Chains, relativeEfficiency: number): PointwiseLoo {
  const draws = chains.reduce((total, chain) => total + chain.length, 0);
  const logLikelihood = new Float64Array(draws);
  let offset = 0;
  for (const chain of chains) {
    logLikelihood.set(chain, offset);
    offset += chain.length;
  }
  const smoothed = psis(logLikelihood.map((value) => -value), { relativeEfficiency });
  const logWeights = normalizedLogWeights(smoothed.logWeights);
  const elpdLoo = logSumExpOf(logLikelihood.map((value, s) => value + logWeights[s]!));
  const lpd = logSumExpOf(logLikelihood) - Math.log(draws);
  return {
    elpdLoo,
    mcseElpdLoo: mcseOfElpd(logLikelihood, logWeights, elpdLoo, relativeEfficiency),
    pLoo: lpd - elpdLoo,
    looic: -2 * elpdLoo,
    paretoK: smoothed.paretoK,
    effectiveSampleSize: psisEffectiveSampleSize(smoothed),
    relativeEfficiency,
  };
}
