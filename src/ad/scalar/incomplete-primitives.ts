import betainc from '@stdlib/math-base-special-betainc';
import betaincinv from '@stdlib/math-base-special-betaincinv';
import gammainc from '@stdlib/math-base-special-gammainc';
import type { ExprBuilder, Primitive, ScalarExpr } from './expr.js';
import { ADD, DIV, EXP, LGAMMA, LOG, LOG1P, MUL, NEG, SUB, definePrimitive } from './primitives.js';
import { LBETA } from './special-primitives.js';

// The regularised incomplete gamma and beta functions and the inverse of the latter, as
// primitives: values by @stdlib (Boost's algorithms), derivatives in the continuous
// argument in closed form (the densities), written as expressions so they differentiate
// again. Their derivatives in the shape parameters have no closed form (Stan sums series in
// grad_reg_lower_inc_gamma and inc_beta_dda); here they are central differences of the
// accurately computed value with one Richardson extrapolation (truncation O(h⁴), about
// 1e-12 at h = 1e-3·max(1, a)), primitives without derivatives of their own: second
// derivatives in a shape parameter throw, as trigamma's do.

const none = (_b: ExprBuilder, args: readonly ScalarExpr[]): null[] => args.map(() => null);

/** A Richardson-extrapolated central difference of f in argument `which`, kept inside (0, ∞). */
function shapeDifference(f: (...xs: number[]) => number, which: number): (...xs: number[]) => number {
  return (...xs) => {
    const p = xs[which]!;
    const step = Math.min(1e-3 * Math.max(1, p), 0.5 * p);
    const at = (s: number): number => f(...xs.map((v, k) => (k === which ? v + s : v)));
    const central = (s: number): number => (at(s) - at(-s)) / (2 * s);
    return (4 * central(step / 2) - central(step)) / 3;
  };
}

function difference(name: string, f: (...xs: number[]) => number, arity: number, which: number): Primitive {
  return definePrimitive({ name: `${name} shape derivative ${which}`, arity, evaluate: shapeDifference(f, which), derivative: none });
}

const gammaP = (a: number, x: number): number => gammainc(x, a, true, false);
const gammaQ = (a: number, x: number): number => gammainc(x, a, true, true);
const incBeta = (a: number, b: number, x: number): number => betainc(x, a, b, true, false);

/** The gamma(a, 1) density at x, x^(a−1) e^(−x)/Γ(a), as an expression. */
function gammaDensity(b: ExprBuilder, a: ScalarExpr, x: ScalarExpr): ScalarExpr {
  return b.apply(EXP, [b.apply(SUB, [b.apply(SUB, [b.apply(MUL, [b.apply(SUB, [a, 1]), b.apply(LOG, [x])]), x]), b.apply(LGAMMA, [a])])]);
}

/** The beta(a, b) log density at x, as an expression. */
function betaLogDensity(e: ExprBuilder, a: ScalarExpr, b: ScalarExpr, x: ScalarExpr): ScalarExpr {
  const kernel = e.apply(ADD, [e.apply(MUL, [e.apply(SUB, [a, 1]), e.apply(LOG, [x])]), e.apply(MUL, [e.apply(SUB, [b, 1]), e.apply(LOG1P, [e.apply(NEG, [x])])])]);
  return e.apply(SUB, [kernel, e.apply(LBETA, [a, b])]);
}

const GAMMA_P_DA = difference('gammaP', gammaP, 2, 0);
const GAMMA_Q_DA = difference('gammaQ', gammaQ, 2, 0);

/** P(a, x) = γ(a, x)/Γ(a), the gamma(a, 1) CDF at x (Stan's gamma_p). */
export const GAMMA_P = definePrimitive({
  name: 'gammaP',
  arity: 2,
  evaluate: gammaP,
  derivative: (b, [a, x]) => [b.apply(GAMMA_P_DA, [a!, x!]), gammaDensity(b, a!, x!)],
});

/** Q(a, x) = 1 − P(a, x) (Stan's gamma_q). */
export const GAMMA_Q = definePrimitive({
  name: 'gammaQ',
  arity: 2,
  evaluate: gammaQ,
  derivative: (b, [a, x]) => [b.apply(GAMMA_Q_DA, [a!, x!]), b.apply(NEG, [gammaDensity(b, a!, x!)])],
});

const INC_BETA_DA = difference('incBeta', incBeta, 3, 0);
const INC_BETA_DB = difference('incBeta', incBeta, 3, 1);

/** I_x(a, b), the beta(a, b) CDF at x (Stan's inc_beta(a, b, x)). */
export const INC_BETA = definePrimitive({
  name: 'incBeta',
  arity: 3,
  evaluate: incBeta,
  derivative: (e, [a, b, x]) => [e.apply(INC_BETA_DA, [a!, b!, x!]), e.apply(INC_BETA_DB, [a!, b!, x!]), e.apply(EXP, [betaLogDensity(e, a!, b!, x!)])],
});

/**
 * The x with I_x(a, b) = p (Stan's inv_inc_beta). By the implicit function theorem,
 * ∂x/∂p = 1/density(x) and ∂x/∂a = −(∂I/∂a)/density(x), likewise for b.
 */
export const INV_INC_BETA = definePrimitive({
  name: 'invIncBeta',
  arity: 3,
  evaluate: (a, b, p) => betaincinv(p!, a!, b!),
  derivative: (e, [a, b], out) => {
    const density = e.apply(EXP, [betaLogDensity(e, a!, b!, out)]);
    const perDensity = (dI: ScalarExpr): ScalarExpr => e.apply(NEG, [e.apply(DIV, [dI, density])]);
    return [perDensity(e.apply(INC_BETA_DA, [a!, b!, out])), perDensity(e.apply(INC_BETA_DB, [a!, b!, out])), e.apply(DIV, [1, density])];
  },
});
