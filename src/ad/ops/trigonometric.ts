import { ACOS, ACOSH, ASIN, ASINH, ATAN, ATAN2, ATANH, COSH, HYPOT, SINH } from '../scalar/elementary-primitives.js';
import type { Primitive } from '../scalar/expr.js';
import type { Value } from '../trace.js';
import { applyElementwise, elementwiseOp } from './elementwise.js';
import { unaryOp } from './unary-op.js';

// Inverse trigonometric and hyperbolic functions, elementwise (their primitives, with
// their derivatives, are in src/ad/scalar/elementary-primitives.ts).

const of = (p: Primitive) => unaryOp(p.name, (e, x) => e.b.apply(p, [x]));

export const asin = of(ASIN);
export const acos = of(ACOS);
export const atan = of(ATAN);
export const sinh = of(SINH);
export const cosh = of(COSH);
export const asinh = of(ASINH);
export const acosh = of(ACOSH);
export const atanh = of(ATANH);

const atan2Op = elementwiseOp({ name: 'atan2', argNames: ['y', 'x'], value: (e, [y, x]) => e.b.apply(ATAN2, [y!, x!]) });
const hypotOp = elementwiseOp({ name: 'hypot', argNames: ['x', 'y'], value: (e, [x, y]) => e.b.apply(HYPOT, [x!, y!]) });

/** The angle of the point (x, y), in (−π, π], elementwise with broadcasting. */
export const atan2 = (y: Value, x: Value): Value => applyElementwise(atan2Op, [y, x]);
/** √(x² + y²) without overflow, elementwise with broadcasting. */
export const hypot = (x: Value, y: Value): Value => applyElementwise(hypotOp, [x, y]);
