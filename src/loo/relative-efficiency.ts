import type { Chains } from '../samplers/diagnostics/chains.js';
import { essOfChains } from '../samplers/diagnostics/ess.js';

/**
 * The relative efficiency r_eff = ESS / S of the likelihood draws exp(log p(y_i | θ⁽ˢ⁾)) of
 * one observation, as the R package loo's relative_eff(exp(log_lik), chain_id): the ESS of
 * the chains taken as they are (loo's ess_rfun, the same estimator as posterior's internal
 * ESS, essOfChains) over the total number of draws. PSIS lengthens the tail it fits for
 * r_eff < 1 and the Monte Carlo error of elpd_loo grows by 1/sqrt(r_eff) (Vehtari, Gelman &
 * Gabry 2017, section 3.2).
 *
 * ESS is invariant to scaling the draws, so the likelihoods are computed relative to their
 * largest value: exp(log_lik) itself underflows to 0 for log-likelihoods below about −745.
 * Draws that are all equal have no estimable ESS; they are taken as independent (1).
 */
export function relativeEfficiency(logLikelihood: Chains): number {
  let max = -Infinity;
  for (const chain of logLikelihood) for (const value of chain) max = Math.max(max, value);
  const likelihood = logLikelihood.map((chain) => chain.map((value) => Math.exp(value - max)));
  const draws = logLikelihood.reduce((total, chain) => total + chain.length, 0);
  const ess = essOfChains(likelihood);
  return Number.isFinite(ess) ? ess / draws : 1;
}
