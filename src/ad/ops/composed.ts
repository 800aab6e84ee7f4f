import { CBRT } from '../scalar/elementary-primitives.js';
import type { ScalarExpr } from '../scalar/expr.js';
import type { ExprKit } from '../scalar/primitives.js';
import type { Value } from '../trace.js';
import { applyElementwise, elementwiseOp } from './elementwise.js';
import { unaryOp } from './unary-op.js';

// Stan's composed functions, each declared once by its value per element (one op, one
// loop, derivatives from the primitives'), in the forms that keep their digits.

/** ∛x for every real x. */
export const cbrt = unaryOp('cbrt', (e, x) => e.b.apply(CBRT, [x]));

/** Stan's Phi_approx: logistic(0.07056 x³ + 1.5976 x) (Bowling et al. 2009), Φ to within 1.4e-4. */
export const PhiApprox = unaryOp('PhiApprox', (e, x) => e.sigmoid(e.mul(x, e.add(1.5976, e.mul(0.07056, e.mul(x, x))))));

/** 1 − exp(−eˣ), the inverse of the complementary log-log link (Stan's inv_cloglog), as −expm1(−eˣ). */
export const invCloglog = unaryOp('invCloglog', (e, x) => e.neg(e.expm1(e.neg(e.exp(x)))));

function binary(name: string, argNames: readonly [string, string], value: (e: ExprKit, a: ScalarExpr, b: ScalarExpr) => ScalarExpr) {
  const op = elementwiseOp({ name, argNames, value: (e, [a, b]) => value(e, a!, b!) });
  return (a: Value, b: Value): Value => applyElementwise(op, [a, b]);
}

/** x log y, taken as 0 at x = y = 0 (Stan's lmultiply and multiply_log). */
export const lmultiply = binary('lmultiply', ['x', 'y'], (e, x, y) => e.select(e.and(e.eq(x, 0), e.eq(y, 0)), 0, e.mul(x, e.log(y))));

/** −y log ŷ − (1 − y) log(1 − ŷ): the log loss of predicting ŷ for the outcome y ∈ {0, 1} (Stan's binary_log_loss). */
export const binaryLogLoss = binary('binaryLogLoss', ['y', 'yHat'], (e, y, p) => e.neg(e.select(e.ne(y, 0), e.log(p), e.log1p(e.neg(p)))));

const fmaOp = elementwiseOp({ name: 'fma', argNames: ['x', 'y', 'z'], value: (e, [x, y, z]) => e.add(e.mul(x!, y!), z!) });

/** x·y + z elementwise (Stan's fma; rounded twice here, as JavaScript has no fused multiply–add). */
export const fma = (x: Value, y: Value, z: Value): Value => applyElementwise(fmaOp, [x, y, z]);
