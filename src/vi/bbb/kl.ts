import { add, div, log, mul, square, sub, sum, exp } from '../../ad/index.js';
import type { Value } from '../../ad/trace.js';

// Closed-form KL divergences of Bayes by Backprop's variational factors from their
// priors. Blundell et al. (2015) estimate the KL by Monte Carlo (their eq. 2, since their
// scale-mixture prior has no closed form); with a Gaussian prior the closed form is exact
// and removes that term's sampling noise from the gradient (Kingma & Welling 2014, §2.4
// and appendix B: the "SGVB estimator B").

/**
 * Σᵢ KL(normal(μᵢ, sᵢ) ‖ normal(0, p)) = Σᵢ [log(p / sᵢ) + (sᵢ² + μᵢ²) / (2p²) − ½],
 * summed over all elements of `mean` and `scale` (same shapes); p is a positive number.
 */
export function klNormalFromCentredNormal(mean: Value, scale: Value, priorScale: number): Value {
  const quadratic = div(add(square(scale), square(mean)), 2 * priorScale * priorScale);
  return sum(add(sub(quadratic, log(scale)), Math.log(priorScale) - 0.5));
}

/**
 * KL(q ‖ p) for σ = e^u with q: u ~ normal(m, s) (σ log-normal) and p: σ ~ half-normal(c).
 * KL is invariant under the change of variable u = log σ, so it can be taken in u, where
 * log p(u) = log 2 − ½ log 2π − log c − e^{2u} / (2c²) + u (the half-normal density
 * times the Jacobian e^u). Both expectations under q are closed form, E[u] = m and
 * E[e^{2u}] = e^{2m + 2s²} (the log-normal's moment), and −H(q) = −½ log(2πe) − log s, so
 *   KL = e^{2(m + s²)} / (2c²) − m − log s + log(c / 2) − ½.
 */
export function klLogNormalFromHalfNormal(mean: Value, scale: Value, priorScale: number): Value {
  const secondMoment = exp(mul(2, add(mean, square(scale))));
  const expectedLogPrior = sub(mean, div(secondMoment, 2 * priorScale * priorScale));
  return sub(sub(Math.log(priorScale / 2) - 0.5, log(scale)), expectedLogPrior);
}
