import gammaln from '@stdlib/math-base-special-gammaln';
import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import type { Value } from '../../ad/trace.js';
import { drawStudentT } from '../../random/gamma-ratios.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { lbeta } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { LOG_INC_BETA } from './incomplete-beta.js';
import { defineScalarFamily } from './scalar-family.js';

// student_t(y | ν, μ, σ) = log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ
//                          − (ν+1)/2 · log(1 + z²/ν),   z = (y − μ)/σ.
// The terms in ν alone are written −log B(ν/2, ½) − ½ log ν (Γ(½) = √π), which keeps its
// digits for large ν where the difference of log-gammas does not (Stan's student_t_lpdf
// uses lbeta for the same reason). Partials, kernel and composed form derive from it.

/** The student_t log density of one element given the residual y − μ. */
function tElement(e: ExprKit, residual: ScalarExpr, nu: ScalarExpr, sigma: ScalarExpr): ScalarExpr {
  const z = e.div(residual, sigma);
  const constant = e.sub(e.neg(lbeta(e, e.mul(0.5, nu), 0.5)), e.mul(0.5, e.log(nu)));
  return e.sub(e.sub(constant, e.log(sigma)), e.mul(e.mul(0.5, e.add(nu, 1)), e.log1p(e.div(e.mul(z, z), nu))));
}

const studentTLpdf = defineFusedDensity({
  name: 'student_t_lpdf',
  argNames: ['y', 'nu', 'mu', 'sigma'],
  element: (e, [y, nu, mu, sigma]) => tElement(e, e.sub(y!, mu!), nu!, sigma!),
});

/**
 * The log CDF (or CCDF) of student_t: with t = (y − μ)/σ, P(|T| > |t|) = I_(ν/(ν+t²))(ν/2, ½),
 * so below the centre F = ½ I and above it F = 1 − ½ I (log1p of −½ I).
 */
function tTail(e: ExprKit, [y, nu, mu, sigma]: readonly ScalarExpr[], upper: boolean): ScalarExpr {
  const t = e.div(upper ? e.sub(mu!, y!) : e.sub(y!, mu!), sigma!);
  const twoTails = e.b.apply(LOG_INC_BETA, [e.mul(0.5, nu!), 0.5, e.div(nu!, e.add(nu!, e.mul(t, t)))]);
  return e.select(e.lt(t, 0), e.sub(twoTails, Math.LN2), e.log1p(e.mul(-0.5, e.exp(twoTails))));
}

const tVariance = (nu: number, sigma: number): number => (nu > 2 ? (sigma * sigma * nu) / (nu - 2) : nu > 1 ? Infinity : NaN);

export const studentTFamily = defineScalarFamily({
  name: 'student_t',
  params: [
    { name: 'nu', constraint: positive },
    { name: 'mu', constraint: real },
    { name: 'sigma', constraint: positive },
  ],
  support: real,
  density: studentTLpdf,
  sampler: (rng) => (p) => p[1]! + p[2]! * drawStudentT(rng, p[0]!),
  // Undefined (NaN) where ν ≤ 1; the variance is infinite for 1 < ν ≤ 2.
  mean: (p) => (p[0]! > 1 ? p[1]! : NaN),
  variance: (p) => tVariance(p[0]!, p[2]!),
  logCdf: (e, args) => tTail(e, args, false),
  logCcdf: (e, args) => tTail(e, args, true),
});

/** Student's t with `nu` degrees of freedom, location `mu` and scale `sigma` (Stan's student_t). */
export function studentT(nu: Value, mu: Value, sigma: Value): Distribution {
  return studentTFamily.make(nu, mu, sigma);
}

const halfStudentTLpdf = defineFusedDensity({
  name: 'half_student_t_lpdf',
  argNames: ['y', 'nu', 'sigma'],
  element: (e, [y, nu, sigma]) => e.add(Math.LN2, tElement(e, y!, nu!, sigma!)),
});

/** E|T| for T ~ student_t(ν, 0, σ): 2σ √(ν/π) Γ((ν+1)/2) / (Γ(ν/2) (ν − 1)), for ν > 1. */
const halfTMean = (nu: number, sigma: number): number =>
  nu > 1 ? (2 * sigma * Math.sqrt(nu / Math.PI) * Math.exp(gammaln(0.5 * (nu + 1)) - gammaln(0.5 * nu))) / (nu - 1) : NaN;

export const halfStudentTFamily = defineScalarFamily({
  name: 'half_student_t',
  params: [
    { name: 'nu', constraint: positive },
    { name: 'sigma', constraint: positive },
  ],
  support: positive,
  density: halfStudentTLpdf,
  sampler: (rng) => (p) => p[1]! * Math.abs(drawStudentT(rng, p[0]!)),
  mean: (p) => halfTMean(p[0]!, p[1]!),
  variance: (p) => (p[0]! > 2 ? tVariance(p[0]!, p[1]!) - halfTMean(p[0]!, p[1]!) ** 2 : tVariance(p[0]!, p[1]!)),
});

/** The positive half of student_t(nu, 0, sigma): density doubled on y ≥ 0. */
export function halfStudentT(nu: Value, sigma: Value): Distribution {
  return halfStudentTFamily.make(nu, sigma);
}
