import gammaln from '@stdlib/math-base-special-gammaln';
import digammaScalar from '@stdlib/math-base-special-digamma';
import trigammaScalar from '@stdlib/math-base-special-trigamma';
import erfScalar from '@stdlib/math-base-special-erf';
import erfcScalar from '@stdlib/math-base-special-erfc';
import { apply, defineOp } from '../op.js';
import { unaryKernel } from '../broadcast.js';
import type { Value } from '../trace.js';
import { mul, neg } from './arithmetic.js';
import { exp, square } from './unary.js';
import { unaryOp } from './unary-op.js';

// Special functions, evaluated by @stdlib/math.

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** log |Γ(x)|. */
export const lgamma = unaryOp('lgamma', gammaln, (x) => digamma(x));
/** ψ(x) = d/dx log Γ(x). */
export const digamma = unaryOp('digamma', digammaScalar, (x) => trigamma(x));

// ψ₁'s own derivative (the tetragamma function) is not in @stdlib/math, so trigamma is a
// primitive without derivative rules: lgamma differentiates twice, digamma once.
const trigammaKernel = unaryKernel(trigammaScalar);
const trigammaOp = defineOp({
  name: 'trigamma',
  argNames: ['x'],
  forward: ([x]) => trigammaKernel(x!),
  vjp: [],
  jvp: [],
});
/** ψ₁(x) = d²/dx² log Γ(x). Not differentiable in leapfrog (no tetragamma in @stdlib/math). */
export function trigamma(x: Value): Value {
  return typeof x === 'number' ? trigammaScalar(x) : apply(trigammaOp, [x], undefined);
}

/** The error function; erf'(x) = 2/√π · e^(−x²). */
export const erf = unaryOp('erf', erfScalar, (x) => mul(TWO_OVER_SQRT_PI, exp(neg(square(x)))));
/** The complementary error function 1 − erf(x), accurate where erf(x) is near 1. */
export const erfc = unaryOp('erfc', erfcScalar, (x) => mul(-TWO_OVER_SQRT_PI, exp(neg(square(x)))));
/** The standard normal CDF Φ(x) = erfc(−x/√2)/2 (Stan's Phi); Φ'(x) = e^(−x²/2)/√(2π). */
export const Phi = unaryOp(
  'Phi',
  (x) => 0.5 * erfcScalar(-x / Math.SQRT2),
  (x) => mul(INV_SQRT_2PI, exp(mul(-0.5, square(x)))),
);
