import { drawBinomial } from './binomial.js';
import { drawGamma } from './gamma.js';
import { drawBeta } from './gamma-ratios.js';
import { drawPoisson } from './poisson.js';
import type { Rng } from './rng.js';

// Discrete variates as mixtures (Devroye 1986, "Non-Uniform Random Variate Generation",
// section X.4): draw the mixing parameter, then the count given it.

/**
 * neg_binomial_2(mu, phi) (mean μ, variance μ + μ²/φ): Poisson(Λ) with
 * Λ ~ gamma(φ, rate φ/μ), the gamma–Poisson mixture that defines it (Greenwood & Yule 1920).
 */
export function drawNegativeBinomial2(rng: Rng, mu: number, phi: number): number {
  if (!(mu >= 0) || !Number.isFinite(mu)) throw new Error(`drawNegativeBinomial2: mu is ${mu}, but must be a non-negative finite number`);
  if (mu === 0) return 0;
  return drawPoisson(rng, (mu / phi) * drawGamma(rng, phi));
}

/** beta_binomial(n, a, b): binomial(n, P) with P ~ beta(a, b). */
export function drawBetaBinomial(rng: Rng, n: number, a: number, b: number): number {
  return drawBinomial(rng, n, drawBeta(rng, a, b));
}
