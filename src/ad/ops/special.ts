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
