import type { ExprBuilder, Primitive, ScalarExpr } from './expr.js';
import { ADD, DIV, MUL, NEG, SQRT, SUB, definePrimitive } from './primitives.js';

// Elementary functions beyond src/ad/scalar/primitives.ts: inverse trigonometric and
// hyperbolic functions, rounding, fmod, cbrt and hypot. Each states its value (V8's Math
// builtins, fdlibm ports), its code, and its partials beside it, as the core primitives do.

const call = (name: string) => (args: readonly string[]) => `${name}(${args.join(', ')})`;

const inverseSqrt = (b: ExprBuilder, x: ScalarExpr): ScalarExpr => b.apply(DIV, [1, b.apply(SQRT, [x])]);
const square = (b: ExprBuilder, x: ScalarExpr): ScalarExpr => b.apply(MUL, [x, x]);

function unary(name: string, f: (x: number) => number, emitted: string, derivative: (b: ExprBuilder, x: ScalarExpr, out: ScalarExpr) => ScalarExpr): Primitive {
  return definePrimitive({ name, arity: 1, evaluate: f, emit: call(emitted), derivative: (b, [x], out) => [derivative(b, x!, out)] });
}

/** asin' = 1/√(1 − x²). */
export const ASIN = unary('asin', Math.asin, 'Math.asin', (b, x) => inverseSqrt(b, b.apply(SUB, [1, square(b, x)])));
/** acos' = −1/√(1 − x²). */
export const ACOS = unary('acos', Math.acos, 'Math.acos', (b, x) => b.apply(NEG, [inverseSqrt(b, b.apply(SUB, [1, square(b, x)]))]));
/** atan' = 1/(1 + x²). */
export const ATAN = unary('atan', Math.atan, 'Math.atan', (b, x) => b.apply(DIV, [1, b.apply(ADD, [1, square(b, x)])]));
/** sinh' = cosh. */
export const SINH: Primitive = unary('sinh', Math.sinh, 'Math.sinh', (b, x) => b.apply(COSH, [x]));
/** cosh' = sinh. */
export const COSH: Primitive = unary('cosh', Math.cosh, 'Math.cosh', (b, x) => b.apply(SINH, [x]));
/** asinh' = 1/√(x² + 1). */
export const ASINH = unary('asinh', Math.asinh, 'Math.asinh', (b, x) => inverseSqrt(b, b.apply(ADD, [square(b, x), 1])));
/** acosh' = 1/√(x² − 1). */
export const ACOSH = unary('acosh', Math.acosh, 'Math.acosh', (b, x) => inverseSqrt(b, b.apply(SUB, [square(b, x), 1])));
/** atanh' = 1/(1 − x²). */
export const ATANH = unary('atanh', Math.atanh, 'Math.atanh', (b, x) => b.apply(DIV, [1, b.apply(SUB, [1, square(b, x)])]));
/** ∛x for every real x; its derivative 1/(3 ∛x²) is infinite at 0. */
export const CBRT = unary('cbrt', Math.cbrt, 'Math.cbrt', (b, _x, out) => b.apply(DIV, [1, b.apply(MUL, [3, square(b, out)])]));

// Rounding: piecewise constant, so their derivative is zero (as in Stan, which defines it so).
const zero = (b: ExprBuilder): ScalarExpr => b.constant(0);
export const FLOOR = unary('floor', Math.floor, 'Math.floor', zero);
export const CEIL = unary('ceil', Math.ceil, 'Math.ceil', zero);
export const TRUNC = unary('trunc', Math.trunc, 'Math.trunc', zero);

/** Rounds half away from zero (C's round, as Stan's round; JavaScript's Math.round rounds half up). */
export function roundHalfAway(x: number): number {
  const t = Math.trunc(x);
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

export const ROUND = definePrimitive({ name: 'round', arity: 1, evaluate: roundHalfAway, derivative: (b) => [zero(b)] });

/** atan2(y, x), the angle of (x, y): ∂/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²). */
export const ATAN2 = definePrimitive({
  name: 'atan2',
  arity: 2,
  evaluate: Math.atan2,
  emit: call('Math.atan2'),
  derivative: (b, [y, x]) => {
    const r2 = b.apply(ADD, [square(b, x!), square(b, y!)]);
    return [b.apply(DIV, [x!, r2]), b.apply(NEG, [b.apply(DIV, [y!, r2])])];
  },
});

/** √(x² + y²) without overflow or underflow: ∂/∂x = x/out. */
export const HYPOT = definePrimitive({
  name: 'hypot',
  arity: 2,
  evaluate: (x, y) => Math.hypot(x!, y!),
  emit: call('Math.hypot'),
  commutative: true,
  derivative: (b, [x, y], out) => [b.apply(DIV, [x!, out]), b.apply(DIV, [y!, out])],
});

/**
 * The remainder of x/y truncated toward zero, with the sign of x (C's fmod; JavaScript's %
 * is the same operation). ∂/∂x = 1, ∂/∂y = −trunc(x/y), as in Stan.
 */
export const FMOD = definePrimitive({
  name: 'fmod',
  arity: 2,
  evaluate: (x, y) => x! % y!,
  emit: ([x, y]) => `(${x} % ${y})`,
  derivative: (b, [x, y]) => [b.constant(1), b.apply(NEG, [b.apply(TRUNC, [b.apply(DIV, [x!, y!])])])],
});
