import type { Primitive } from '../scalar/expr.js';
import { GAMMA_P, GAMMA_Q, INC_BETA, INV_INC_BETA } from '../scalar/incomplete-primitives.js';
import { INV_ERFC, INV_PHI, LAMBERT_W0, LAMBERT_WM1, LBETA, TGAMMA } from '../scalar/special-primitives.js';
import type { Value } from '../trace.js';
import { applyElementwise, elementwiseOp } from './elementwise.js';
import { unaryOp } from './unary-op.js';

// Special functions, evaluated by @stdlib/math (the primitives lgamma, digamma, trigamma,
// erf and erfc in src/ad/scalar/primitives.ts, with their derivatives).

/** log |Γ(x)|. */
export const lgamma = unaryOp('lgamma', (e, x) => e.lgamma(x));
/** ψ(x) = d/dx log Γ(x). */
export const digamma = unaryOp('digamma', (e, x) => e.digamma(x));
/** ψ₁(x) = d²/dx² log Γ(x). Not differentiable in leapfrog (no tetragamma in @stdlib/math). */
export const trigamma = unaryOp('trigamma', (e, x) => e.trigamma(x));
/** The error function; erf'(x) = 2/√π · e^(−x²). */
export const erf = unaryOp('erf', (e, x) => e.erf(x));
/** The complementary error function 1 − erf(x), accurate where erf(x) is near 1. */
export const erfc = unaryOp('erfc', (e, x) => e.erfc(x));
/** The standard normal CDF Φ(x) = erfc(−x/√2)/2 (Stan's Phi). */
export const Phi = unaryOp('Phi', (e, x) => e.mul(0.5, e.erfc(e.div(e.neg(x), Math.SQRT2))));
/** Γ(x). */
export const tgamma = unaryOp('tgamma', (e, x) => e.b.apply(TGAMMA, [x]));
/** Φ⁻¹(p), the standard normal quantile (Stan's inv_Phi). */
export const invPhi = unaryOp('invPhi', (e, p) => e.b.apply(INV_PHI, [p]));
/** Lambert's W on its principal branch (Stan's lambert_w0). */
export const lambertW0 = unaryOp('lambertW0', (e, x) => e.b.apply(LAMBERT_W0, [x]));
/** Lambert's W on its lower branch, for −1/e ≤ x < 0 (Stan's lambert_wm1). */
export const lambertWm1 = unaryOp('lambertWm1', (e, x) => e.b.apply(LAMBERT_WM1, [x]));
/** erfc⁻¹(x), the inverse of the complementary error function (Stan's inv_erfc). */
export const invErfc = unaryOp('invErfc', (e, x) => e.b.apply(INV_ERFC, [x]));

const lbetaOp = elementwiseOp({ name: 'lbeta', argNames: ['a', 'b'], value: (e, [a, b]) => e.b.apply(LBETA, [a!, b!]) });

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), without cancellation for large arguments. */
export const lbeta = (a: Value, b: Value): Value => applyElementwise(lbetaOp, [a, b]);

function elementwise(name: string, argNames: readonly string[], primitive: Primitive) {
  const op = elementwiseOp({ name, argNames, value: (e, args) => e.b.apply(primitive, args) });
  return (...args: Value[]): Value => applyElementwise(op, args);
}

/** P(a, x), the regularised lower incomplete gamma function (Stan's gamma_p). */
export const gammaP: (a: Value, x: Value) => Value = elementwise('gammaP', ['a', 'x'], GAMMA_P);
/** Q(a, x) = 1 − P(a, x) (Stan's gamma_q). */
export const gammaQ: (a: Value, x: Value) => Value = elementwise('gammaQ', ['a', 'x'], GAMMA_Q);
/** I_x(a, b), the regularised incomplete beta function (Stan's inc_beta(a, b, x)). */
export const incBeta: (a: Value, b: Value, x: Value) => Value = elementwise('incBeta', ['a', 'b', 'x'], INC_BETA);
/** The inverse of I_x(a, b) in x (Stan's inv_inc_beta(a, b, p)). */
export const invIncBeta: (a: Value, b: Value, p: Value) => Value = elementwise('invIncBeta', ['a', 'b', 'p'], INV_INC_BETA);
