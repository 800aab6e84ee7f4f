import gammainc from '@stdlib/math-base-special-gammainc';
import gammaln from '@stdlib/math-base-special-gammaln';
import { applyElementwise, elementwiseOp } from '../../ad/ops/elementwise.js';
import type { ExprBuilder, ScalarExpr } from '../../ad/scalar/expr.js';
import { EXP, LGAMMA, LOG, MUL, NEG, SUB, definePrimitive } from '../../ad/scalar/primitives.js';
import type { Value } from '../../ad/trace.js';

// log P(a, x) and log Q(a, x), the regularised incomplete gamma functions (the log CDF and
// log CCDF of gamma(a, 1) at x: gamma, chi-square, inverse gamma, Poisson), as primitives.
//   ∂/∂x log P =  x^(a−1) e^(−x) / (Γ(a) P),   ∂/∂x log Q = −x^(a−1) e^(−x) / (Γ(a) Q),
// written as expressions of the saved output, so they differentiate again. ∂/∂a has no
// closed form (Stan sums a series in grad_reg_lower_inc_gamma); here it is a central
// difference of stdlib's accurately computed log P or log Q in a, with one Richardson
// extrapolation (truncation O(h⁴) ≈ 1e-12 at h = 1e-3·max(1, a)), itself a primitive
// without a derivative (second derivatives in the shape throw, as trigamma's do).

/** Below this, a regularised incomplete gamma from stdlib is recomputed in the log. */
const TINY = 1e-280;

/**
 * log P(a, x): stdlib's gammainc, or where P underflows (x far below a) its series in the
 * log, P = x^a e^(−x)/Γ(a + 1) · Σ_k x^k/((a + 1)⋯(a + k)) (Numerical Recipes §6.2, gser).
 */
function logP(a: number, x: number): number {
  const p = gammainc(x, a, true, false);
  if (p > TINY || !(x > 0) || !(a > 0)) return Math.log(p);
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 100_000; k++) {
    term *= x / (a + k);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return a * Math.log(x) - x - gammaln(a + 1) + Math.log(sum);
}

/**
 * log Q(a, x): stdlib's gammainc, or where Q underflows (x far above a) its continued
 * fraction in the log, Q = e^(−x) x^a/Γ(a) · 1/(x + 1 − a − 1(1 − a)/(x + 3 − a − ⋯)), by the
 * modified Lentz method (Numerical Recipes §6.2, gcf).
 */
function logQ(a: number, x: number): number {
  const q = gammainc(x, a, true, true);
  if (q > TINY || !(x > 0) || !(a > 0)) return Math.log(q);
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return a * Math.log(x) - x - gammaln(a) + Math.log(h);
}

function shapeDerivative(f: (a: number, x: number) => number): (a: number, x: number) => number {
  return (a, x) => {
    const h = 1e-3 * Math.max(1, a);
    // Keep a − h > 0 for small shapes.
    const step = Math.min(h, 0.5 * a);
    const central = (s: number): number => (f(a + s, x) - f(a - s, x)) / (2 * s);
    return (4 * central(step / 2) - central(step)) / 3;
  };
}

const LOG_GAMMA_P_DA = definePrimitive({ name: 'logGammaP shape derivative', arity: 2, evaluate: shapeDerivative(logP), derivative: (_b, args) => args.map(() => null) });
const LOG_GAMMA_Q_DA = definePrimitive({ name: 'logGammaQ shape derivative', arity: 2, evaluate: shapeDerivative(logQ), derivative: (_b, args) => args.map(() => null) });

/** x^(a−1) e^(−x) / Γ(a) divided by exp(out): ∂/∂x of log P (or −log Q). */
function densityOverOut(b: ExprBuilder, a: ScalarExpr, x: ScalarExpr, out: ScalarExpr): ScalarExpr {
  const logDensity = b.apply(SUB, [b.apply(SUB, [b.apply(MUL, [b.apply(SUB, [a, 1]), b.apply(LOG, [x])]), x]), b.apply(LGAMMA, [a])]);
  return b.apply(EXP, [b.apply(SUB, [logDensity, out])]);
}

/** log P(a, x) = log(γ(a, x)/Γ(a)): the log CDF of gamma(a, 1) at x. */
export const LOG_GAMMA_P = definePrimitive({
  name: 'logGammaP',
  arity: 2,
  evaluate: logP,
  derivative: (b, [a, x], out) => [b.apply(LOG_GAMMA_P_DA, [a!, x!]), densityOverOut(b, a!, x!, out)],
});

/** log Q(a, x) = log(Γ(a, x)/Γ(a)): the log CCDF of gamma(a, 1) at x. */
export const LOG_GAMMA_Q = definePrimitive({
  name: 'logGammaQ',
  arity: 2,
  evaluate: logQ,
  derivative: (b, [a, x], out) => [b.apply(LOG_GAMMA_Q_DA, [a!, x!]), b.apply(NEG, [densityOverOut(b, a!, x!, out)])],
});

const logGammaPOp = elementwiseOp({ name: 'logGammaP', argNames: ['a', 'x'], value: (e, [a, x]) => e.b.apply(LOG_GAMMA_P, [a!, x!]) });
const logGammaQOp = elementwiseOp({ name: 'logGammaQ', argNames: ['a', 'x'], value: (e, [a, x]) => e.b.apply(LOG_GAMMA_Q, [a!, x!]) });

/** log P(a, x) elementwise, differentiable (Stan's log of gamma_p). */
export const logGammaP = (a: Value, x: Value): Value => applyElementwise(logGammaPOp, [a, x]);
/** log Q(a, x) elementwise, differentiable (Stan's log of gamma_q). */
export const logGammaQ = (a: Value, x: Value): Value => applyElementwise(logGammaQOp, [a, x]);
