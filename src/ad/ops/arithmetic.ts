import type { Value } from '../trace.js';
import { applyElementwise, elementwiseOp } from './elementwise.js';

// Arithmetic with NumPy broadcasting. Each op is its value per element; the partials come
// from the primitives (src/ad/scalar/primitives.ts), and a broadcasting op's vjp is summed
// back to each argument's shape (src/ad/ops/elementwise.ts). Plain numbers take the JS
// operator directly: the same IEEE operation the op's loops perform.

const addOp = elementwiseOp({ name: 'add', argNames: ['a', 'b'], value: (e, [a, b]) => e.add(a!, b!) });
const subOp = elementwiseOp({ name: 'sub', argNames: ['a', 'b'], value: (e, [a, b]) => e.sub(a!, b!) });
const mulOp = elementwiseOp({ name: 'mul', argNames: ['a', 'b'], value: (e, [a, b]) => e.mul(a!, b!) });
const divOp = elementwiseOp({ name: 'div', argNames: ['numerator', 'denominator'], value: (e, [a, b]) => e.div(a!, b!) });
const negOp = elementwiseOp({ name: 'neg', argNames: ['x'], value: (e, [x]) => e.neg(x!) });
/** x^y; d/dy is taken as 0 where x = 0 (the limit for y > 0). */
const powOp = elementwiseOp({ name: 'pow', argNames: ['base', 'exponent'], value: (e, [a, b]) => e.pow(a!, b!) });

export function add(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  return applyElementwise(addOp, [a, b]);
}

export function sub(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return applyElementwise(subOp, [a, b]);
}

export function mul(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  return applyElementwise(mulOp, [a, b]);
}

export function div(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return a / b;
  return applyElementwise(divOp, [a, b]);
}

export function neg(x: Value): Value {
  if (typeof x === 'number') return -x;
  return applyElementwise(negOp, [x]);
}

export function pow(base: Value, exponent: Value): Value {
  if (typeof base === 'number' && typeof exponent === 'number') return Math.pow(base, exponent);
  return applyElementwise(powOp, [base, exponent]);
}
