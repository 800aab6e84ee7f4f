import type { Value } from '../../ad/trace.js';
import { drawBeta } from '../../random/gamma-ratios.js';
import { positive, unitInterval } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { lbeta, xlog1py, xlogy } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { LOG_INC_BETA } from './incomplete-beta.js';
import { defineScalarFamily } from './scalar-family.js';

// beta(y | α, β) = (α − 1) log y + (β − 1) log(1 − y) − log B(α, β) on 0 ≤ y ≤ 1.
// At y = 0 the density is +∞ (α < 1), β (α = 1) or 0 (α > 1); likewise at 1 with β.
const betaLpdf = defineFusedDensity({
  name: 'beta_lpdf',
  argNames: ['y', 'alpha', 'beta'],
  element: (e, [y, a, b]) => e.sub(e.add(xlogy(e, e.sub(a!, 1), y!), xlog1py(e, e.sub(b!, 1), e.neg(y!))), lbeta(e, a!, b!)),
});

export const betaFamily = defineScalarFamily({
  name: 'beta',
  params: [
    { name: 'alpha', constraint: positive },
    { name: 'beta', constraint: positive },
  ],
  support: unitInterval,
  density: betaLpdf,
  sampler: (rng) => (p) => drawBeta(rng, p[0]!, p[1]!),
  mean: (p) => p[0]! / (p[0]! + p[1]!),
  variance: (p) => {
    const s = p[0]! + p[1]!;
    return (p[0]! * p[1]!) / (s * s * (s + 1));
  },
  // CDF I_y(α, β); CCDF I_(1−y)(β, α).
  logCdf: (e, [y, a, b]) => e.b.apply(LOG_INC_BETA, [a!, b!, y!]),
  logCcdf: (e, [y, a, b]) => e.b.apply(LOG_INC_BETA, [b!, a!, e.sub(1, y!)]),
});

/** Beta with shapes `alpha` and `beta` on [0, 1] (Stan's beta). */
export function beta(alpha: Value, beta: Value): Distribution {
  return betaFamily.make(alpha, beta);
}

// beta_proportion(y | μ, κ) = beta(y | μκ, (1 − μ)κ): mean μ, precision κ (Stan's beta_proportion).
const betaProportionLpdf = defineFusedDensity({
  name: 'beta_proportion_lpdf',
  argNames: ['y', 'mu', 'kappa'],
  element: (e, [y, mu, kappa]) => {
    const a = e.mul(mu!, kappa!);
    const b = e.mul(e.sub(1, mu!), kappa!);
    return e.sub(e.add(xlogy(e, e.sub(a, 1), y!), xlog1py(e, e.sub(b, 1), e.neg(y!))), lbeta(e, a, b));
  },
});

export const betaProportionFamily = defineScalarFamily({
  name: 'beta_proportion',
  params: [
    { name: 'mu', constraint: unitInterval },
    { name: 'kappa', constraint: positive },
  ],
  support: unitInterval,
  // Stan requires 0 < μ < 1 (a shape of 0 otherwise); interval constraints are closed.
  relation: {
    holds: (e, [mu]) => e.and(e.gt(mu!, 0), e.lt(mu!, 1)),
    describe: (p) => `mu is ${p[0]}, but must be in (0, 1)`,
  },
  density: betaProportionLpdf,
  sampler: (rng) => (p) => drawBeta(rng, p[0]! * p[1]!, (1 - p[0]!) * p[1]!),
  mean: (p) => p[0]!,
  variance: (p) => (p[0]! * (1 - p[0]!)) / (p[1]! + 1),
  logCdf: (e, [y, mu, kappa]) => e.b.apply(LOG_INC_BETA, [e.mul(mu!, kappa!), e.mul(e.sub(1, mu!), kappa!), y!]),
  logCcdf: (e, [y, mu, kappa]) => e.b.apply(LOG_INC_BETA, [e.mul(e.sub(1, mu!), kappa!), e.mul(mu!, kappa!), e.sub(1, y!)]),
});

/** Beta with mean `mu` and precision `kappa` (Stan's beta_proportion). */
export function betaProportion(mu: Value, kappa: Value): Distribution {
  return betaProportionFamily.make(mu, kappa);
}
