import { newBuffer } from '../buffers.js';
import { binaryKernel } from '../broadcast.js';
import { apply, defineOp, type OpContext } from '../op.js';
import { Tensor } from '../tensor.js';
import { shapeOf, type Primal, type Value } from '../trace.js';
import { broadcastTo, sumToShape } from './broadcasting.js';
import { log } from './unary.js';
import { mask, where } from './select.js';

// The vjp of a broadcasting binary op is computed at the output's shape, then summed back
// to each argument's shape; its jvp broadcasts the argument's tangent up to the output.
const toArg = (v: Value, ctx: OpContext<undefined>, i: number): Value => sumToShape(v, shapeOf(ctx.args[i]!));
const toAns = (t: Value, ctx: OpContext<undefined>): Value => broadcastTo(t, shapeOf(ctx.ans));

// Each op's loops are written out so the arithmetic is inlined (see BinaryLoops).
const addKernel = binaryKernel('add', (x, y) => x + y, {
  elementwise: (a, b, out) => {
    for (let i = 0, n = out.length; i < n; i++) out[i] = a[i]! + b[i]!;
  },
  scalarFirst: (a, b, out) => {
    for (let i = 0, n = out.length; i < n; i++) out[i] = a + b[i]!;
  },
  scalarSecond: (a, b, out) => {
    for (let i = 0, n = out.length; i < n; i++) out[i] = a[i]! + b;
  },
});
const subKernel = binaryKernel('sub', (x, y) => x - y, {
  elementwise: (a, b, out) => {
    for (let i = 0, n = out.length; i < n; i++) out[i] = a[i]! - b[i]!;
  },
  scalarFirst: (a, b, out) => {
    for (let i = 0, n = out.length; i < n; i++) out[i] = a - b[i]!;
  },
  scalarSecond: (a, b, out) => {
    for (let i = 0, n = out.length; i < n; i++) out[i] = a[i]! - b;
  },
});
const mulKernel = binaryKernel('mul', (x, y) => x * y, {
  elementwise: (a, b, out) => {
    for (let i = 0, n = out.length; i < n; i++) out[i] = a[i]! * b[i]!;
  },
  scalarFirst: (a, b, out) => {
    for (let i = 0, n = out.length; i < n; i++) out[i] = a * b[i]!;
  },
  scalarSecond: (a, b, out) => {
    for (let i = 0, n = out.length; i < n; i++) out[i] = a[i]! * b;
  },
});
const divKernel = binaryKernel('div', (x, y) => x / y, {
  elementwise: (a, b, out) => {
    for (let i = 0, n = out.length; i < n; i++) out[i] = a[i]! / b[i]!;
  },
  scalarFirst: (a, b, out) => {
    for (let i = 0, n = out.length; i < n; i++) out[i] = a / b[i]!;
  },
  // x / b, not x · (1/b): the same rounding as the scalar rule.
  scalarSecond: (a, b, out) => {
    for (let i = 0, n = out.length; i < n; i++) out[i] = a[i]! / b;
  },
});
const powKernel = binaryKernel('pow', Math.pow);

const addOp = defineOp({
  name: 'add',
  argNames: ['a', 'b'],
  forward: ([a, b]) => addKernel(a!, b!),
  vjp: (g, ctx, i) => toArg(g, ctx, i),
  jvp: (t, ctx) => toAns(t, ctx),
});

const subOp = defineOp({
  name: 'sub',
  argNames: ['a', 'b'],
  forward: ([a, b]) => subKernel(a!, b!),
  vjp: [(g, ctx) => toArg(g, ctx, 0), (g, ctx) => toArg(neg(g), ctx, 1)],
  jvp: [(t, ctx) => toAns(t, ctx), (t, ctx) => toAns(neg(t), ctx)],
});

const mulOp = defineOp({
  name: 'mul',
  argNames: ['a', 'b'],
  forward: ([a, b]) => mulKernel(a!, b!),
  vjp: [(g, ctx) => toArg(mul(g, ctx.args[1]!), ctx, 0), (g, ctx) => toArg(mul(g, ctx.args[0]!), ctx, 1)],
  jvp: [(t, ctx) => toAns(mul(t, ctx.args[1]!), ctx), (t, ctx) => toAns(mul(ctx.args[0]!, t), ctx)],
});

const divOp = defineOp({
  name: 'div',
  argNames: ['numerator', 'denominator'],
  forward: ([a, b]) => divKernel(a!, b!),
  vjp: [
    (g, ctx) => toArg(div(g, ctx.args[1]!), ctx, 0),
    // −Σ g·ans/b = −(Σ g·ans)/b: b is constant along the dimensions it is broadcast over,
    // so sum first and divide the reduced value (one full-size pass instead of three).
    (g, ctx) => neg(div(toArg(mul(g, ctx.ans), ctx, 1), ctx.args[1]!)),
  ],
  jvp: [
    (t, ctx) => toAns(div(t, ctx.args[1]!), ctx),
    (t, ctx) => toAns(neg(div(mul(t, ctx.ans), ctx.args[1]!)), ctx),
  ],
});

const negOp = defineOp({
  name: 'neg',
  argNames: ['x'],
  forward: ([x]) => negKernel(x!),
  vjp: [(g) => neg(g)],
  jvp: [(t) => neg(t)],
});

function negKernel(x: Primal): Primal {
  if (typeof x === 'number') return -x;
  const out = newBuffer(x.size);
  const xd = x.data;
  for (let i = 0, n = xd.length; i < n; i++) out[i] = -xd[i]!;
  return new Tensor(out, x.shape);
}

// d/da a^b = b a^(b-1); d/db a^b = a^b log a, taken as 0 where a = 0 (the limit for b > 0).
const powBaseRule = (g: Value, ctx: OpContext<undefined>): Value =>
  mul(g, mul(ctx.args[1]!, pow(ctx.args[0]!, sub(ctx.args[1]!, 1))));
const powExponentFactor = (ctx: OpContext<undefined>): Value => {
  const a = ctx.args[0]!;
  const nonzero = mask(a, (x) => x !== 0);
  // log of 1 where a = 0, not log 0: the branch where() discards still gets differentiated
  // (with cotangent 0), and 0·(1/0) would make the second derivatives NaN.
  return where(nonzero, mul(ctx.ans, log(where(nonzero, a, 1))), 0);
};

const powOp = defineOp({
  name: 'pow',
  argNames: ['base', 'exponent'],
  forward: ([a, b]) => powKernel(a!, b!),
  vjp: [(g, ctx) => toArg(powBaseRule(g, ctx), ctx, 0), (g, ctx) => toArg(mul(g, powExponentFactor(ctx)), ctx, 1)],
  jvp: [(t, ctx) => toAns(powBaseRule(t, ctx), ctx), (t, ctx) => toAns(mul(t, powExponentFactor(ctx)), ctx)],
});

export function add(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  return apply(addOp, [a, b], undefined);
}

export function sub(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return apply(subOp, [a, b], undefined);
}

export function mul(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  return apply(mulOp, [a, b], undefined);
}

export function div(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return a / b;
  return apply(divOp, [a, b], undefined);
}

export function neg(x: Value): Value {
  if (typeof x === 'number') return -x;
  return apply(negOp, [x], undefined);
}

export function pow(base: Value, exponent: Value): Value {
  if (typeof base === 'number' && typeof exponent === 'number') return Math.pow(base, exponent);
  return apply(powOp, [base, exponent], undefined);
}
