import type { Value } from '../../ad/trace.js';
import { drawGamma } from '../../random/gamma.js';
import { drawInverseGamma } from '../../random/gamma-ratios.js';
import { positive } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { xlogy } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { LOG_GAMMA_P, LOG_GAMMA_Q } from './incomplete-gamma.js';
import { defineScalarFamily } from './scalar-family.js';

// gamma(y | α, β) = α log β − log Γ(α) + (α − 1) log y − β y on y ≥ 0 (β is the rate).
// At y = 0 the density is +∞ (α < 1), β (α = 1: 0 · log 0 = 0) or 0 (α > 1).
const gammaLpdf = defineFusedDensity({
  name: 'gamma_lpdf',
  argNames: ['y', 'alpha', 'beta'],
  element: (e, [y, alpha, beta]) => e.sub(e.add(e.sub(e.mul(alpha!, e.log(beta!)), e.lgamma(alpha!)), xlogy(e, e.sub(alpha!, 1), y!)), e.mul(beta!, y!)),
});

export const gammaFamily = defineScalarFamily({
  name: 'gamma',
  params: [
    { name: 'alpha', constraint: positive },
    { name: 'beta', constraint: positive },
  ],
  support: positive,
  density: gammaLpdf,
  sampler: (rng) => (p) => drawGamma(rng, p[0]!) / p[1]!,
  mean: (p) => p[0]! / p[1]!,
  variance: (p) => p[0]! / (p[1]! * p[1]!),
  logCdf: (e, [y, alpha, beta]) => e.b.apply(LOG_GAMMA_P, [alpha!, e.mul(beta!, y!)]),
  logCcdf: (e, [y, alpha, beta]) => e.b.apply(LOG_GAMMA_Q, [alpha!, e.mul(beta!, y!)]),
});

/** Gamma with shape `alpha` and rate `beta` (Stan's gamma; mean alpha/beta). */
export function gamma(alpha: Value, beta: Value): Distribution {
  return gammaFamily.make(alpha, beta);
}

// inv_gamma(y | α, β) = α log β − log Γ(α) − (α + 1) log y − β/y on y > 0 (β is the scale).
const invGammaLpdf = defineFusedDensity({
  name: 'inv_gamma_lpdf',
  argNames: ['y', 'alpha', 'beta'],
  element: (e, [y, alpha, beta]) => e.sub(e.sub(e.sub(e.mul(alpha!, e.log(beta!)), e.lgamma(alpha!)), e.mul(e.add(alpha!, 1), e.log(y!))), e.div(beta!, y!)),
});

export const inverseGammaFamily = defineScalarFamily({
  name: 'inv_gamma',
  params: [
    { name: 'alpha', constraint: positive },
    { name: 'beta', constraint: positive },
  ],
  support: positive,
  // The density vanishes at y = 0 (e^(−β/y) → 0 faster than any power).
  inSupport: (e, [y]) => e.gt(y!, 0),
  density: invGammaLpdf,
  sampler: (rng) => (p) => p[1]! * drawInverseGamma(rng, p[0]!),
  mean: (p) => (p[0]! > 1 ? p[1]! / (p[0]! - 1) : NaN),
  variance: (p) => (p[0]! > 2 ? (p[1]! * p[1]!) / ((p[0]! - 1) ** 2 * (p[0]! - 2)) : NaN),
  // P(Y ≤ y) = Q(α, β/y).
  logCdf: (e, [y, alpha, beta]) => e.b.apply(LOG_GAMMA_Q, [alpha!, e.div(beta!, y!)]),
  logCcdf: (e, [y, alpha, beta]) => e.b.apply(LOG_GAMMA_P, [alpha!, e.div(beta!, y!)]),
});

/** Inverse gamma with shape `alpha` and scale `beta` (Stan's inv_gamma). */
export function inverseGamma(alpha: Value, beta: Value): Distribution {
  return inverseGammaFamily.make(alpha, beta);
}
