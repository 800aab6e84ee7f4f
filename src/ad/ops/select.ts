import { newBuffer } from '../buffers.js';
import { broadcastShapes, broadcastToKernel } from '../broadcast.js';
import { apply, defineOp } from '../op.js';
import { Tensor, sizeOf, type Shape } from '../tensor.js';
import { primal, shapeOf, type Primal, type Value } from '../trace.js';
import { broadcastTo, sumToShape } from './broadcasting.js';

/**
 * An elementwise condition: a boolean for scalars, or a mask of 0/1 bytes with a shape.
 * Conditions are computed from plain values and are not differentiable; `where` routes
 * gradients through whichever branch each element takes.
 */
export class Mask {
  constructor(
    readonly data: Uint8Array,
    readonly shape: Shape,
  ) {}
}
export type Condition = boolean | Mask;

/** The condition `predicate(x)` elementwise, on x's plain value. */
export function mask(x: Value, predicate: (value: number) => boolean): Condition {
  const p = primal(x);
  if (typeof p === 'number') return predicate(p);
  const out = new Uint8Array(p.size);
  const d = p.data;
  for (let i = 0; i < d.length; i++) out[i] = predicate(d[i]!) ? 1 : 0;
  return new Mask(out, p.shape);
}

function compare(name: string, a: Value, b: Value, test: (x: number, y: number) => boolean): Condition {
  const pa = primal(a);
  const pb = primal(b);
  if (typeof pa === 'number' && typeof pb === 'number') return test(pa, pb);
  const shape = broadcastShapes(name, shapeOf(pa), shapeOf(pb));
  const ta = broadcastToKernel(name, pa, shape) as Tensor;
  const tb = broadcastToKernel(name, pb, shape) as Tensor;
  const out = new Uint8Array(sizeOf(shape));
  for (let i = 0; i < out.length; i++) out[i] = test(ta.data[i]!, tb.data[i]!) ? 1 : 0;
  return new Mask(out, shape);
}

export const greater = (a: Value, b: Value): Condition => compare('greater', a, b, (x, y) => x > y);
export const greaterEqual = (a: Value, b: Value): Condition => compare('greaterEqual', a, b, (x, y) => x >= y);
export const less = (a: Value, b: Value): Condition => compare('less', a, b, (x, y) => x < y);
export const lessEqual = (a: Value, b: Value): Condition => compare('lessEqual', a, b, (x, y) => x <= y);
export const equal = (a: Value, b: Value): Condition => compare('equal', a, b, (x, y) => x === y);

interface WhereOptions {
  readonly condition: Mask;
  readonly shape: Shape;
}

function selectKernel([a, b]: readonly Primal[], { condition, shape }: WhereOptions): Primal {
  const ta = broadcastToKernel('where', a!, shape);
  const tb = broadcastToKernel('where', b!, shape);
  const c = broadcastToKernel('where', new Tensor(Float64Array.from(condition.data), condition.shape), shape) as Tensor;
  const out = newBuffer(sizeOf(shape));
  for (let i = 0; i < out.length; i++) {
    out[i] = c.data[i] !== 0 ? (typeof ta === 'number' ? ta : ta.data[i]!) : typeof tb === 'number' ? tb : tb.data[i]!;
  }
  return new Tensor(out, shape);
}

const whereOp = defineOp<WhereOptions>({
  name: 'where',
  argNames: ['ifTrue', 'ifFalse'],
  forward: selectKernel,
  vjp: [
    (g, { args, options }) => sumToShape(where(options.condition, g, 0), shapeOf(args[0]!)),
    (g, { args, options }) => sumToShape(where(options.condition, 0, g), shapeOf(args[1]!)),
  ],
  jvp: [
    (t, { options }) => where(options.condition, broadcastTo(t, options.shape), 0),
    (t, { options }) => where(options.condition, 0, broadcastTo(t, options.shape)),
  ],
});

/** Elementwise `condition ? ifTrue : ifFalse`, with broadcasting. */
export function where(condition: Condition, ifTrue: Value, ifFalse: Value): Value {
  const shape = broadcastShapes(
    'where',
    broadcastShapes('where', typeof condition === 'boolean' ? [] : condition.shape, shapeOf(ifTrue)),
    shapeOf(ifFalse),
  );
  if (typeof condition === 'boolean') return broadcastTo(condition ? ifTrue : ifFalse, shape);
  return apply(whereOp, [ifTrue, ifFalse], { condition, shape });
}

interface WhereByOptions {
  readonly predicate: (value: number) => boolean;
  readonly shape: Shape;
}

/** The condition of whereBy, from its test argument's plain value. */
const conditionOf = (test: Value, predicate: (value: number) => boolean): Condition => mask(test, predicate);

const whereByOp = defineOp<WhereByOptions>({
  name: 'whereBy',
  argNames: ['test', 'ifTrue', 'ifFalse'],
  forward: ([test, a, b], { predicate, shape }) => {
    const condition = mask(test!, predicate);
    if (typeof condition === 'boolean') return broadcastToKernel('whereBy', condition ? a! : b!, shape);
    return selectKernel([a!, b!], { condition: broadcastMask(condition, shape), shape });
  },
  vjp: [
    // The condition is piecewise constant in the test value: no gradient through it.
    (g, { args }) => zerosOfShape(shapeOf(args[0]!)),
    (g, { args, options }) => sumToShape(where(conditionOf(args[0]!, options.predicate), g, 0), shapeOf(args[1]!)),
    (g, { args, options }) => sumToShape(where(conditionOf(args[0]!, options.predicate), 0, g), shapeOf(args[2]!)),
  ],
  jvp: [
    (_t, { options }) => zerosOfShape(options.shape),
    (t, { args, options }) => where(conditionOf(args[0]!, options.predicate), broadcastTo(t, options.shape), 0),
    (t, { args, options }) => where(conditionOf(args[0]!, options.predicate), 0, broadcastTo(t, options.shape)),
  ],
});

/**
 * Elementwise `predicate(test) ? ifTrue : ifFalse`, the condition taken from `test`'s value
 * inside the op (where a mask made by `mask(test, ...)` is fixed when it is made). The two
 * are the same at one evaluation; this one also holds when a recorded gradient is replayed
 * at other values (src/ad/replay.ts), so code that must branch per element on a traced value
 * (a transform's numerically safe side) can still be replayed. No gradient flows through
 * `test` itself. `predicate` must be a pure function.
 */
export function whereBy(test: Value, predicate: (value: number) => boolean, ifTrue: Value, ifFalse: Value): Value {
  const shape = broadcastShapes('whereBy', broadcastShapes('whereBy', shapeOf(test), shapeOf(ifTrue)), shapeOf(ifFalse));
  return apply(whereByOp, [test, ifTrue, ifFalse], { predicate, shape });
}

function broadcastMask(condition: Mask, shape: Shape): Mask {
  if (condition.shape.length === shape.length && condition.shape.every((d, i) => d === shape[i])) return condition;
  const widened = broadcastToKernel('whereBy', new Tensor(Float64Array.from(condition.data), condition.shape), shape) as Tensor;
  return new Mask(Uint8Array.from(widened.data), shape);
}

function zerosOfShape(shape: Shape): Primal {
  return shape.length === 0 ? 0 : new Tensor(newBuffer(sizeOf(shape)), shape);
}

/** The sign of x (−1, 0 or 1), a step function: its derivative is zero. */
export function sign(x: Value): Value {
  const p = primal(x);
  if (typeof p === 'number') return Math.sign(p);
  return new Tensor(p.data.map(Math.sign), p.shape);
}

/** Elementwise maximum; at ties the gradient goes to `a`. */
export function maximum(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return Math.max(a, b);
  return where(greaterEqual(a, b), a, b);
}

/** Elementwise minimum; at ties the gradient goes to `a`. */
export function minimum(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return Math.min(a, b);
  return where(lessEqual(a, b), a, b);
}
