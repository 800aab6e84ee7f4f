import betainc from '@stdlib/math-base-special-betainc';
import { ADD, EXP, LOG, LOG1P, MUL, NEG, SUB, definePrimitive } from '../../ad/scalar/primitives.js';
import { LBETA } from './special-primitives.js';

// log I_x(a, b), the log of the regularised incomplete beta function (the log CDF of
// beta(a, b) at x; the binomial, negative binomial and Student-t CDFs are incomplete betas),
// as a primitive: its value by @stdlib's betainc (Boost's algorithm), ∂/∂x in closed form,
//   ∂/∂x log I = x^(a−1) (1 − x)^(b−1) / (B(a, b) I),
// written with the saved output so that it differentiates again, and ∂/∂a, ∂/∂b as central
// differences of the accurately computed value with one Richardson step (as for the
// incomplete gamma's shape; Stan sums hypergeometric series in inc_beta_dda/ddb), primitives
// without derivatives of their own.

const logIncBeta = (a: number, b: number, x: number): number => Math.log(betainc(x, a, b, true, false));

/** A central difference of log I in argument `which` (0: a, 1: b), Richardson-extrapolated. */
function shapeDerivative(which: 0 | 1): (a: number, b: number, x: number) => number {
  return (a, b, x) => {
    const p = which === 0 ? a : b;
    const step = Math.min(1e-3 * Math.max(1, p), 0.5 * p);
    const at = (s: number): number => (which === 0 ? logIncBeta(a + s, b, x) : logIncBeta(a, b + s, x));
    const central = (s: number): number => (at(s) - at(-s)) / (2 * s);
    return (4 * central(step / 2) - central(step)) / 3;
  };
}

const none = (_b: unknown, args: readonly unknown[]) => args.map(() => null);
const LOG_INC_BETA_DA = definePrimitive({ name: 'logIncBeta a-derivative', arity: 3, evaluate: shapeDerivative(0), derivative: none });
const LOG_INC_BETA_DB = definePrimitive({ name: 'logIncBeta b-derivative', arity: 3, evaluate: shapeDerivative(1), derivative: none });

/** log I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1. */
export const LOG_INC_BETA = definePrimitive({
  name: 'logIncBeta',
  arity: 3,
  evaluate: logIncBeta,
  derivative: (b, [a, bb, x], out) => {
    const logDensity = b.apply(SUB, [
      b.apply(ADD, [b.apply(MUL, [b.apply(SUB, [a!, 1]), b.apply(LOG, [x!])]), b.apply(MUL, [b.apply(SUB, [bb!, 1]), b.apply(LOG1P, [b.apply(NEG, [x!])])])]),
      b.apply(LBETA, [a!, bb!]),
    ]);
    return [b.apply(LOG_INC_BETA_DA, [a!, bb!, x!]), b.apply(LOG_INC_BETA_DB, [a!, bb!, x!]), b.apply(EXP, [b.apply(SUB, [logDensity, out])])];
  },
});
