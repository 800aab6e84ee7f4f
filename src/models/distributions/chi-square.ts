import { drawGamma } from '../../random/gamma.js';
import type { Value } from '../../ad/trace.js';
import { positive } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { xlogy } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { LOG_GAMMA_P, LOG_GAMMA_Q } from './incomplete-gamma.js';
import { defineScalarFamily } from './scalar-family.js';

// The chi-square family (Stan's chi_square, inv_chi_square, scaled_inv_chi_square), each a
// gamma or inverse gamma in another parameterisation; CDFs by the regularised incomplete
// gamma functions: chi_square(ν) CDF P(ν/2, y/2), inv_chi_square CDF Q(ν/2, 1/(2y)),
// scaled_inv_chi_square CDF Q(ν/2, ν s²/(2y)).

// chi_square(y | ν) = (ν/2 − 1) log y − y/2 − (ν/2) log 2 − log Γ(ν/2) on y ≥ 0.
const chiSquareLpdf = defineFusedDensity({
  name: 'chi_square_lpdf',
  argNames: ['y', 'nu'],
  element: (e, [y, nu]) => {
    const half = e.mul(0.5, nu!);
    return e.sub(e.sub(e.sub(xlogy(e, e.sub(half, 1), y!), e.mul(0.5, y!)), e.mul(half, Math.LN2)), e.lgamma(half));
  },
});

export const chiSquareFamily = defineScalarFamily({
  name: 'chi_square',
  params: [{ name: 'nu', constraint: positive }],
  support: positive,
  density: chiSquareLpdf,
  sampler: (rng) => {
    // χ²(ν) = gamma(ν/2, rate ½) = 2 · gamma(ν/2, 1).
    return (p) => 2 * drawGamma(rng, 0.5 * p[0]!);
  },
  mean: (p) => p[0]!,
  variance: (p) => 2 * p[0]!,
  logCdf: (e, [y, nu]) => e.b.apply(LOG_GAMMA_P, [e.mul(0.5, nu!), e.mul(0.5, y!)]),
  logCcdf: (e, [y, nu]) => e.b.apply(LOG_GAMMA_Q, [e.mul(0.5, nu!), e.mul(0.5, y!)]),
});

/** Chi-square with `nu` degrees of freedom (Stan's chi_square). */
export function chiSquare(nu: Value): Distribution {
  return chiSquareFamily.make(nu);
}

// inv_chi_square(y | ν) = −(ν/2) log 2 − log Γ(ν/2) − (ν/2 + 1) log y − 1/(2y) on y > 0.
const invChiSquareLpdf = defineFusedDensity({
  name: 'inv_chi_square_lpdf',
  argNames: ['y', 'nu'],
  element: (e, [y, nu]) => {
    const half = e.mul(0.5, nu!);
    return e.sub(e.sub(e.sub(e.neg(e.mul(half, Math.LN2)), e.lgamma(half)), e.mul(e.add(half, 1), e.log(y!))), e.div(0.5, y!));
  },
});

export const invChiSquareFamily = defineScalarFamily({
  name: 'inv_chi_square',
  params: [{ name: 'nu', constraint: positive }],
  support: positive,
  inSupport: (e, [y]) => e.gt(y!, 0),
  density: invChiSquareLpdf,
  sampler: (rng) => {
    return (p) => 1 / (2 * drawGamma(rng, 0.5 * p[0]!));
  },
  mean: (p) => (p[0]! > 2 ? 1 / (p[0]! - 2) : Infinity),
  variance: (p) => (p[0]! > 4 ? 2 / ((p[0]! - 2) ** 2 * (p[0]! - 4)) : Infinity),
  logCdf: (e, [y, nu]) => e.b.apply(LOG_GAMMA_Q, [e.mul(0.5, nu!), e.div(0.5, y!)]),
  logCcdf: (e, [y, nu]) => e.b.apply(LOG_GAMMA_P, [e.mul(0.5, nu!), e.div(0.5, y!)]),
});

/** Inverse chi-square with `nu` degrees of freedom (Stan's inv_chi_square). */
export function invChiSquare(nu: Value): Distribution {
  return invChiSquareFamily.make(nu);
}

// scaled_inv_chi_square(y | ν, s) = (ν/2) log(ν/2) − log Γ(ν/2) + ν log s − (ν/2 + 1) log y
//                                   − ν s²/(2y) on y > 0.
const scaledInvChiSquareLpdf = defineFusedDensity({
  name: 'scaled_inv_chi_square_lpdf',
  argNames: ['y', 'nu', 's'],
  element: (e, [y, nu, s]) => {
    const half = e.mul(0.5, nu!);
    const constant = e.add(e.sub(e.mul(half, e.log(half)), e.lgamma(half)), e.mul(nu!, e.log(s!)));
    return e.sub(e.sub(constant, e.mul(e.add(half, 1), e.log(y!))), e.div(e.mul(half, e.mul(s!, s!)), y!));
  },
});

export const scaledInvChiSquareFamily = defineScalarFamily({
  name: 'scaled_inv_chi_square',
  params: [
    { name: 'nu', constraint: positive },
    { name: 's', constraint: positive },
  ],
  support: positive,
  inSupport: (e, [y]) => e.gt(y!, 0),
  density: scaledInvChiSquareLpdf,
  sampler: (rng) => {
    return (p) => (p[0]! * p[1]! * p[1]!) / (2 * drawGamma(rng, 0.5 * p[0]!));
  },
  mean: (p) => (p[0]! > 2 ? (p[0]! * p[1]! * p[1]!) / (p[0]! - 2) : Infinity),
  variance: (p) => (p[0]! > 4 ? (2 * p[0]! * p[0]! * p[1]! ** 4) / ((p[0]! - 2) ** 2 * (p[0]! - 4)) : Infinity),
  logCdf: (e, [y, nu, s]) => e.b.apply(LOG_GAMMA_Q, [e.mul(0.5, nu!), e.div(e.mul(e.mul(0.5, nu!), e.mul(s!, s!)), y!)]),
  logCcdf: (e, [y, nu, s]) => e.b.apply(LOG_GAMMA_P, [e.mul(0.5, nu!), e.div(e.mul(e.mul(0.5, nu!), e.mul(s!, s!)), y!)]),
});

/** Scaled inverse chi-square with `nu` degrees of freedom and scale `s` (Stan's scaled_inv_chi_square). */
export function scaledInvChiSquare(nu: Value, s: Value): Distribution {
  return scaledInvChiSquareFamily.make(nu, s);
}
