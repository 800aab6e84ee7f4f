import { CEIL, FLOOR, FMOD, ROUND, TRUNC } from '../scalar/elementary-primitives.js';
import type { Primitive } from '../scalar/expr.js';
import type { Value } from '../trace.js';
import { applyElementwise, elementwiseOp } from './elementwise.js';
import { unaryOp } from './unary-op.js';

// Rounding and remainders, elementwise. Rounding is piecewise constant: its derivative is
// zero, as Stan defines it (so a model that rounds a parameter sees no gradient through it).

const of = (p: Primitive) => unaryOp(p.name, (e, x) => e.b.apply(p, [x]));

export const floor = of(FLOOR);
export const ceil = of(CEIL);
export const trunc = of(TRUNC);
/** To the nearest integer, halves away from zero (C's and Stan's round). */
export const round = of(ROUND);
/** 1 where x ≥ 0, else 0 (Stan's step: step(0) = 1); its derivative is zero. */
export const step = unaryOp('step', (e, x) => e.select(e.lt(x, 0), 0, 1));

const fmodOp = elementwiseOp({ name: 'fmod', argNames: ['x', 'y'], value: (e, [x, y]) => e.b.apply(FMOD, [x!, y!]) });

/** x − trunc(x/y)·y, with the sign of x (C's fmod), elementwise with broadcasting. */
export const fmod = (x: Value, y: Value): Value => applyElementwise(fmodOp, [x, y]);

/** −1, 0 or 1 by the sign of x (NaN for NaN); its derivative is zero. */
export const sign = unaryOp('sign', (e, x) => e.sign(x));
