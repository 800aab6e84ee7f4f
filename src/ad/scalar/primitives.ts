import digamma from '@stdlib/math-base-special-digamma';
import erf from '@stdlib/math-base-special-erf';
import erfc from '@stdlib/math-base-special-erfc';
import gammaln from '@stdlib/math-base-special-gammaln';
import trigamma from '@stdlib/math-base-special-trigamma';
import type { ExprBuilder, Primitive, ScalarExpr } from './expr.js';

// The primitive scalar functions every elementwise op and density is built from. Each
// states its value (a JS function), its code, and its partial derivatives as expressions of
// other primitives — the only place a derivative rule of an elementwise function is written.
// Special functions come from @stdlib (per-function packages); where V8's Math builtins
// exist they are used, as fdlibm ports under 1 ulp.

type Derivative = Primitive['derivative'];

function primitive(spec: Primitive): Primitive {
  return Object.freeze(spec);
}

const call = (name: string) => (args: readonly string[]) => `${name}(${args.join(', ')})`;
const infix = (operator: string) => ([a, b]: readonly string[]) => `(${a} ${operator} ${b})`;

const none: Derivative = (_b, args) => args.map(() => null);

export const ADD = primitive({
  name: 'add',
  arity: 2,
  evaluate: (a, b) => a! + b!,
  emit: infix('+'),
  commutative: true,
  derivative: (b) => [b.constant(1), b.constant(1)],
});

export const SUB = primitive({
  name: 'sub',
  arity: 2,
  evaluate: (a, b) => a! - b!,
  emit: infix('-'),
  derivative: (b) => [b.constant(1), b.constant(-1)],
});

export const MUL = primitive({
  name: 'mul',
  arity: 2,
  evaluate: (a, b) => a! * b!,
  emit: infix('*'),
  commutative: true,
  derivative: (_b, [x, y]) => [y!, x!],
});

export const DIV = primitive({
  name: 'div',
  arity: 2,
  evaluate: (a, b) => a! / b!,
  emit: infix('/'),
  // ∂(x/y)/∂y = −(x/y)/y.
  derivative: (b, [, y], out) => [b.apply(DIV, [1, y!]), b.apply(NEG, [b.apply(DIV, [out, y!])])],
});

export const NEG = primitive({
  name: 'neg',
  arity: 1,
  evaluate: (a) => -a!,
  emit: ([a]) => `(-${a})`,
  derivative: (b) => [b.constant(-1)],
});

export const EXP = primitive({ name: 'exp', arity: 1, evaluate: Math.exp, emit: call('Math.exp'), derivative: (_b, _args, out) => [out] });

export const LOG = primitive({ name: 'log', arity: 1, evaluate: Math.log, emit: call('Math.log'), derivative: (b, [x]) => [b.apply(DIV, [1, x!])] });

export const LOG1P = primitive({
  name: 'log1p',
  arity: 1,
  evaluate: Math.log1p,
  emit: call('Math.log1p'),
  derivative: (b, [x]) => [b.apply(DIV, [1, b.apply(ADD, [1, x!])])],
});

export const EXPM1 = primitive({
  name: 'expm1',
  arity: 1,
  evaluate: Math.expm1,
  emit: call('Math.expm1'),
  derivative: (b, _args, out) => [b.apply(ADD, [out, 1])],
});

export const SQRT = primitive({
  name: 'sqrt',
  arity: 1,
  evaluate: Math.sqrt,
  emit: call('Math.sqrt'),
  derivative: (b, _args, out) => [b.apply(DIV, [0.5, out])],
});

/** −1, 0 or 1 (NaN for NaN); a step function, so its derivative is zero. */
export const SIGN = primitive({
  name: 'sign',
  arity: 1,
  evaluate: Math.sign,
  emit: call('Math.sign'),
  derivative: (b) => [b.constant(0)],
});

/** |x|; its derivative at 0 is taken as 0 (a subgradient), as in autograd and JAX. */
export const ABS = primitive({
  name: 'abs',
  arity: 1,
  evaluate: Math.abs,
  emit: call('Math.abs'),
  derivative: (b, [x]) => [b.apply(SIGN, [x!])],
});

export const SIN = primitive({ name: 'sin', arity: 1, evaluate: Math.sin, emit: call('Math.sin'), derivative: (b, [x]) => [b.apply(COS, [x!])] });

export const COS = primitive({
  name: 'cos',
  arity: 1,
  evaluate: Math.cos,
  emit: call('Math.cos'),
  derivative: (b, [x]) => [b.apply(NEG, [b.apply(SIN, [x!])])],
});

export const TAN = primitive({
  name: 'tan',
  arity: 1,
  evaluate: Math.tan,
  emit: call('Math.tan'),
  derivative: (b, _args, out) => [b.apply(ADD, [1, b.apply(MUL, [out, out])])],
});

export const TANH = primitive({
  name: 'tanh',
  arity: 1,
  evaluate: Math.tanh,
  emit: call('Math.tanh'),
  derivative: (b, _args, out) => [b.apply(SUB, [1, b.apply(MUL, [out, out])])],
});

/**
 * x^y. ∂/∂x = y·x^(y−1); ∂/∂y = x^y·log x, taken as 0 where x = 0 (the limit for y > 0),
 * with log of 1 there rather than log 0, so that second derivatives stay finite.
 */
export const POW = primitive({
  name: 'pow',
  arity: 2,
  evaluate: Math.pow,
  emit: call('Math.pow'),
  derivative: (b, [x, y], out) => {
    const nonzero = b.apply(NE, [x!, 0]);
    return [
      b.apply(MUL, [y!, b.apply(POW, [x!, b.apply(SUB, [y!, 1])])]),
      b.apply(SELECT, [nonzero, b.apply(MUL, [out, b.apply(LOG, [b.apply(SELECT, [nonzero, x!, 1])])]), 0]),
    ];
  },
});

/** log Γ(x) (|Γ| for negative x), by @stdlib. */
export const LGAMMA = primitive({
  name: 'lgamma',
  arity: 1,
  evaluate: gammaln,
  derivative: (b, [x]) => [b.apply(DIGAMMA, [x!])],
});

export const DIGAMMA = primitive({
  name: 'digamma',
  arity: 1,
  evaluate: digamma,
  derivative: (b, [x]) => [b.apply(TRIGAMMA, [x!])],
});

/** ψ₁. Its own derivative (tetragamma) is not in @stdlib: lgamma differentiates twice, digamma once. */
export const TRIGAMMA = primitive({ name: 'trigamma', arity: 1, evaluate: trigamma, derivative: none });

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

export const ERF = primitive({
  name: 'erf',
  arity: 1,
  evaluate: erf,
  derivative: (b, [x]) => [b.apply(MUL, [TWO_OVER_SQRT_PI, b.apply(EXP, [b.apply(NEG, [b.apply(MUL, [x!, x!])])])])],
});

export const ERFC = primitive({
  name: 'erfc',
  arity: 1,
  evaluate: erfc,
  derivative: (b, [x]) => [b.apply(MUL, [-TWO_OVER_SQRT_PI, b.apply(EXP, [b.apply(NEG, [b.apply(MUL, [x!, x!])])])])],
});

/**
 * The logistic function 1 / (1 + e^−x): e^−|x| ≤ 1 never overflows, 1/(1 + e^−x) for x ≥ 0
 * and e^x/(1 + e^x) below. σ' = σ(1 − σ).
 */
function sigmoid(x: number): number {
  const e = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

export const SIGMOID = primitive({
  name: 'sigmoid',
  arity: 1,
  evaluate: sigmoid,
  derivative: (b, _args, out) => [b.apply(MUL, [out, b.apply(SUB, [1, out])])],
});

/**
 * log(1 + e^x) by Mächler (2012), "Accurately computing log(1 − exp(−|a|))", eq. (10): e^x
 * where 1 + e^x rounds to 1 (x ≤ −37), log1p(e^x) up to 18, x + e^−x up to 33.3, and x
 * beyond (the cut-offs of @stdlib/math's log1pexp; V8's exp and log1p are fdlibm's).
 */
function log1pexp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x; // also NaN
}

export const LOG1PEXP = primitive({
  name: 'log1pexp',
  arity: 1,
  evaluate: log1pexp,
  derivative: (b, [x]) => [b.apply(SIGMOID, [x!])],
});

/**
 * log(e^a + e^b) without overflow: max + log1p(e^−|a−b|), and ±∞ where the larger is (Stan's
 * two-argument log_sum_exp). Its partials are e^(a − out) and e^(b − out), the softmax weights.
 */
function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  if (m === -Infinity || m === Infinity) return m;
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

export const LOG_ADD_EXP = primitive({
  name: 'logAddExp',
  arity: 2,
  evaluate: (a, b) => logAddExp(a!, b!),
  commutative: true,
  derivative: (b, [x, y], out) => [b.apply(EXP, [b.apply(SUB, [x!, out])]), b.apply(EXP, [b.apply(SUB, [y!, out])])],
});

/** The larger of a and b (NaN if either is); at ties the derivative goes to a. */
export const MAX = primitive({
  name: 'max',
  arity: 2,
  evaluate: Math.max,
  emit: call('Math.max'),
  derivative: (b, [x, y]) => {
    const first = b.apply(GE, [x!, y!]);
    return [b.apply(SELECT, [first, 1, 0]), b.apply(SELECT, [first, 0, 1])];
  },
});

// Comparisons and logic, for select conditions and a density's support checks. They are
// 0 or 1 and piecewise constant: never differentiated (their derivative is zero).
const predicate = (name: string, operator: string, test: (a: number, b: number) => boolean, commutative = false): Primitive =>
  primitive({ name, arity: 2, evaluate: (a, b) => (test(a!, b!) ? 1 : 0), emit: infix(operator), predicate: true, commutative, derivative: (b) => [b.constant(0), b.constant(0)] });

export const LT = predicate('lt', '<', (a, b) => a < b);
export const LE = predicate('le', '<=', (a, b) => a <= b);
export const GT = predicate('gt', '>', (a, b) => a > b);
export const GE = predicate('ge', '>=', (a, b) => a >= b);
export const EQ = predicate('eq', '===', (a, b) => a === b, true);
export const NE = predicate('ne', '!==', (a, b) => a !== b, true);
/** Both conditions (0/1 values); `&&` in code, so the emitted form is a boolean as well. */
export const AND = predicate('and', '&&', (a, b) => a !== 0 && b !== 0, true);
export const OR = predicate('or', '||', (a, b) => a !== 0 || b !== 0, true);

/** Whether x is finite (not NaN or ±∞). */
export const IS_FINITE = primitive({
  name: 'isFinite',
  arity: 1,
  evaluate: (x) => (Number.isFinite(x!) ? 1 : 0),
  emit: call('Number.isFinite'),
  predicate: true,
  derivative: (b) => [b.constant(0)],
});

/** Whether x is an integer (a discrete value or count). */
export const IS_INTEGER = primitive({
  name: 'isInteger',
  arity: 1,
  evaluate: (x) => (Number.isInteger(x!) ? 1 : 0),
  emit: call('Number.isInteger'),
  predicate: true,
  derivative: (b) => [b.constant(0)],
});

/** condition ? a : b (condition 0/1 or boolean). Gradients follow the branch taken. */
export const SELECT = primitive({
  name: 'select',
  arity: 3,
  evaluate: (c, a, b) => (c !== 0 ? a! : b!),
  emit: ([c, a, b]) => `(${c} ? ${a} : ${b})`,
  derivative: (b, [c]) => [b.constant(0), b.apply(SELECT, [c!, 1, 0]), b.apply(SELECT, [c!, 0, 1])],
});

/** Defines a primitive elsewhere (a distribution's special function): see Primitive. */
export function definePrimitive(spec: Primitive): Primitive {
  return primitive(spec);
}

/** Shorthand builders over a builder, for declarations: `e.mul(e.sub(y, mu), inv)`. */
export interface ExprKit {
  readonly b: ExprBuilder;
  add(x: ScalarExpr | number, y: ScalarExpr | number): ScalarExpr;
  sub(x: ScalarExpr | number, y: ScalarExpr | number): ScalarExpr;
  mul(x: ScalarExpr | number, y: ScalarExpr | number): ScalarExpr;
  div(x: ScalarExpr | number, y: ScalarExpr | number): ScalarExpr;
  neg(x: ScalarExpr | number): ScalarExpr;
  pow(x: ScalarExpr | number, y: ScalarExpr | number): ScalarExpr;
  exp(x: ScalarExpr): ScalarExpr;
  log(x: ScalarExpr | number): ScalarExpr;
  log1p(x: ScalarExpr): ScalarExpr;
  expm1(x: ScalarExpr): ScalarExpr;
  sqrt(x: ScalarExpr): ScalarExpr;
  abs(x: ScalarExpr): ScalarExpr;
  sign(x: ScalarExpr): ScalarExpr;
  sin(x: ScalarExpr): ScalarExpr;
  cos(x: ScalarExpr): ScalarExpr;
  tan(x: ScalarExpr): ScalarExpr;
  tanh(x: ScalarExpr): ScalarExpr;
  lgamma(x: ScalarExpr): ScalarExpr;
  digamma(x: ScalarExpr): ScalarExpr;
  trigamma(x: ScalarExpr): ScalarExpr;
  erf(x: ScalarExpr): ScalarExpr;
  erfc(x: ScalarExpr): ScalarExpr;
  sigmoid(x: ScalarExpr): ScalarExpr;
  log1pexp(x: ScalarExpr): ScalarExpr;
  lt(x: ScalarExpr | number, y: ScalarExpr | number): ScalarExpr;
  le(x: ScalarExpr | number, y: ScalarExpr | number): ScalarExpr;
  gt(x: ScalarExpr | number, y: ScalarExpr | number): ScalarExpr;
  ge(x: ScalarExpr | number, y: ScalarExpr | number): ScalarExpr;
  eq(x: ScalarExpr | number, y: ScalarExpr | number): ScalarExpr;
  ne(x: ScalarExpr | number, y: ScalarExpr | number): ScalarExpr;
  and(x: ScalarExpr, y: ScalarExpr): ScalarExpr;
  or(x: ScalarExpr, y: ScalarExpr): ScalarExpr;
  isFinite(x: ScalarExpr): ScalarExpr;
  isInteger(x: ScalarExpr): ScalarExpr;
  select(condition: ScalarExpr, ifTrue: ScalarExpr | number, ifFalse: ScalarExpr | number): ScalarExpr;
  logAddExp(x: ScalarExpr | number, y: ScalarExpr | number): ScalarExpr;
  max(x: ScalarExpr | number, y: ScalarExpr | number): ScalarExpr;
}

export function exprKit(b: ExprBuilder): ExprKit {
  const unary = (p: Primitive) => (x: ScalarExpr | number) => b.apply(p, [x]);
  const binary = (p: Primitive) => (x: ScalarExpr | number, y: ScalarExpr | number) => b.apply(p, [x, y]);
  return {
    b,
    add: binary(ADD),
    sub: binary(SUB),
    mul: binary(MUL),
    div: binary(DIV),
    neg: unary(NEG),
    pow: binary(POW),
    exp: unary(EXP),
    log: unary(LOG),
    log1p: unary(LOG1P),
    expm1: unary(EXPM1),
    sqrt: unary(SQRT),
    abs: unary(ABS),
    sign: unary(SIGN),
    sin: unary(SIN),
    cos: unary(COS),
    tan: unary(TAN),
    tanh: unary(TANH),
    lgamma: unary(LGAMMA),
    digamma: unary(DIGAMMA),
    trigamma: unary(TRIGAMMA),
    erf: unary(ERF),
    erfc: unary(ERFC),
    sigmoid: unary(SIGMOID),
    log1pexp: unary(LOG1PEXP),
    lt: binary(LT),
    le: binary(LE),
    gt: binary(GT),
    ge: binary(GE),
    eq: binary(EQ),
    ne: binary(NE),
    and: binary(AND),
    or: binary(OR),
    isFinite: unary(IS_FINITE),
    isInteger: unary(IS_INTEGER),
    select: (c, x, y) => b.apply(SELECT, [c, x, y]),
    logAddExp: binary(LOG_ADD_EXP),
    max: binary(MAX),
  };
}
