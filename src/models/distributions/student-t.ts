import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import digammaScalar from '@stdlib/math-base-special-digamma';
import { add, div, mul, sub } from '../../ad/ops/arithmetic.js';
import { lgamma } from '../../ad/ops/special.js';
import { log, log1p, square } from '../../ad/ops/unary.js';
import type { Value } from '../../ad/trace.js';
import { drawStudentT } from '../../random/gamma-ratios.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type KernelInput, type Partials, type Tuple } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

// student_t(y | ν, μ, σ) = log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ
//                          − (ν+1)/2 · log(1 + z²/ν),   z = (y − μ)/σ.
// With w = (ν+1)/(ν + z²):
//   ∂/∂y = −w z/σ,  ∂/∂μ = w z/σ,  ∂/∂σ = (w z² − 1)/σ,
//   ∂/∂ν = ½ψ((ν+1)/2) − ½ψ(ν/2) − 1/(2ν) − ½ log(1 + z²/ν) + w z²/(2ν).

/**
 * The terms of student_t that depend on ν alone, log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ),
 * written as −log B(ν/2, ½) − ½ log ν (Γ(½) = √π), which keeps its digits for large ν where
 * the difference of lgammas does not; and its ν-derivative.
 */
const tConstant = (nu: number): number => -betaln(0.5 * nu, 0.5) - 0.5 * Math.log(nu);
const tConstantDerivative = (nu: number): number => 0.5 * digammaScalar(0.5 * (nu + 1)) - 0.5 * digammaScalar(0.5 * nu) - 0.5 / nu;

/**
 * The student_t kernel over arguments [y, ν, μ, σ], or [y, ν, σ] with μ = 0 when `centred`
 * is false (half_student_t, which adds `shift` = log 2 per element).
 */
function tKernel(input: KernelInput, centred: boolean, shift: number): number {
  const [y, nu, mu, sigma] = (centred ? input.data : [input.data[0], input.data[1], ZERO, input.data[2]]) as Tuple<Float64Array, 4>;
  const [sy, sn, sm, ss] = (centred ? input.strides : [input.strides[0], input.strides[1], 0, input.strides[2]]) as Tuple<number, 4>;
  const [dy, dnu, dmu, dsigma] = (centred ? input.partials : [input.partials[0], input.partials[1], null, input.partials[2]]) as Tuple<Partials, 4>;
  const constant0 = (sn === 0 ? tConstant(nu[0]!) : NaN);
  const constantDerivative0 = dnu === null ? 0 : (sn === 0 ? tConstantDerivative(nu[0]!) : NaN);
  const logSigma0 = (ss === 0 ? Math.log(sigma[0]!) : NaN);
  let total = 0;
  for (let i = 0; i < input.size; i++) {
    const n = nu[i * sn]!;
    const s = sigma[i * ss]!;
    const z = (y[i * sy]! - mu[i * sm]!) / s;
    const z2 = z * z;
    const logTerm = Math.log1p(z2 / n);
    const w = (n + 1) / (n + z2);
    total += (sn === 0 ? constant0 : tConstant(n)) - (ss === 0 ? logSigma0 : Math.log(s)) - 0.5 * (n + 1) * logTerm;
    if (dy !== null) dy[i * sy]! += (-w * z) / s;
    if (dmu !== null) dmu[i * sm]! += (w * z) / s;
    if (dsigma !== null) dsigma[i * ss]! += (w * z2 - 1) / s;
    if (dnu !== null) dnu[i * sn]! += (sn === 0 ? constantDerivative0 : tConstantDerivative(n)) - 0.5 * logTerm + (w * z2) / (2 * n);
  }
  return total + input.size * shift;
}

const ZERO = new Float64Array(1);

/** The elementwise student_t log density from AD ops, given the residual y − μ. */
function tComposed(residual: Value, nu: Value, sigma: Value): Value {
  const constant = sub(sub(lgamma(mul(0.5, add(nu, 1))), lgamma(mul(0.5, nu))), mul(0.5, log(mul(nu, Math.PI))));
  const z = div(residual, sigma);
  return sub(sub(constant, log(sigma)), mul(mul(0.5, add(nu, 1)), log1p(div(square(z), nu))));
}

const studentTLpdf = defineFusedDensity({
  name: 'student_t_lpdf',
  argNames: ['y', 'nu', 'mu', 'sigma'],
  kernel: (input) => tKernel(input, true, 0),
  composed: ([y, nu, mu, sigma]) => tComposed(sub(y!, mu!), nu!, sigma!),
});

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
});

/** Student's t with `nu` degrees of freedom, location `mu` and scale `sigma` (Stan's student_t). */
export function studentT(nu: Value, mu: Value, sigma: Value): Distribution {
  return studentTFamily.make(nu, mu, sigma);
}

const halfStudentTLpdf = defineFusedDensity({
  name: 'half_student_t_lpdf',
  argNames: ['y', 'nu', 'sigma'],
  kernel: (input) => tKernel(input, false, Math.LN2),
  composed: ([y, nu, sigma]) => add(Math.LN2, tComposed(y!, nu!, sigma!)),
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
