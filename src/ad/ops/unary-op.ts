import type { ScalarExpr } from '../scalar/expr.js';
import type { ExprKit } from '../scalar/primitives.js';
import type { Value } from '../trace.js';
import { applyElementwise, elementwiseOp, type ElementwiseOp } from './elementwise.js';

/** A named function of one traced or plain value, backed by an elementwise op. */
export type UnaryFunction = ((x: Value) => Value) & { readonly op: ElementwiseOp };

/**
 * An elementwise function of one argument, declared by its value per element (an
 * expression of the primitives, which state their derivatives): `unaryOp('exp', (e, x) =>
 * e.exp(x))`. Loops, derivatives to any order and compiled code follow from it.
 */
export function unaryOp(name: string, value: (e: ExprKit, x: ScalarExpr) => ScalarExpr): UnaryFunction {
  const op = elementwiseOp({ name, argNames: ['x'], value: (e, [x]) => value(e, x!) });
  const fn = (x: Value): Value => applyElementwise(op, [x]);
  Object.defineProperty(fn, 'name', { value: name });
  return Object.assign(fn, { op });
}
