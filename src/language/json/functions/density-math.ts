import { applyElementwise, elementwiseOp } from '../../../ad/ops/elementwise.js';
import type { Value } from '../../../ad/trace.js';
import { logDiffExp as logDiffExpOf } from '../../../models/distributions/element-math.js';
import { OWENS_T } from '../../../models/distributions/owens-t.js';
import { LBETA, LCHOOSE, LOG1M_EXP } from '../../../models/distributions/special-primitives.js';

// Elementwise ops over the special functions the distributions declare (their primitives,
// with stable values and derivatives, in src/models/distributions), for the spec functions
// of the same names: one declaration serves the densities and the function library.

const unary = (name: string, value: Parameters<typeof elementwiseOp>[0]['value']) => {
  const op = elementwiseOp({ name, argNames: ['x'], value });
  return (x: Value): Value => applyElementwise(op, [x]);
};
const binary = (name: string, argNames: readonly [string, string], value: Parameters<typeof elementwiseOp>[0]['value']) => {
  const op = elementwiseOp({ name, argNames, value });
  return (a: Value, b: Value): Value => applyElementwise(op, [a, b]);
};

/** log(1 − eˣ), accurate near 0 and for very negative x (Mächler 2012). */
export const log1mExp = unary('log1mExp', (e, [x]) => e.b.apply(LOG1M_EXP, [x!]));
/** log(eᵃ − eᵇ) for a ≥ b. */
export const logDiffExp = binary('logDiffExp', ['a', 'b'], (e, [a, b]) => logDiffExpOf(e, a!, b!));
/** log B(a, b), without cancellation for large arguments. */
export const lbeta = binary('lbeta', ['a', 'b'], (e, [a, b]) => e.b.apply(LBETA, [a!, b!]));
/** log C(n, k) for real n and k, by Stan's algorithm. */
export const lchoose = binary('lchoose', ['n', 'k'], (e, [n, k]) => e.b.apply(LCHOOSE, [n!, k!]));
/** Owen's T(h, a). */
export const owensT = binary('owensT', ['h', 'a'], (e, [h, a]) => e.b.apply(OWENS_T, [h!, a!]));
