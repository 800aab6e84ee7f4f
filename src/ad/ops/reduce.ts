import { newBuffer } from '../buffers.js';
import { apply, defineOp } from '../op.js';
import { Tensor, formatShape, type Shape } from '../tensor.js';
import { primal, shapeOf, type Primal, type Value } from '../trace.js';
import { div, mul, sub } from './arithmetic.js';
import { broadcastTo, sumToShape } from './broadcasting.js';
import { exp } from './unary.js';
import { at, reshape } from './shape.js';
import { applyElementwise, elementwiseOp } from './elementwise.js';

interface AxisOptions {
  /** The reduced axis, or undefined for all elements (the result is then a number). */
  readonly axis: number | undefined;
}

function checkAxis(opName: string, shape: Shape, axis: number | undefined): void {
  if (axis === undefined) return;
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new Error(`${opName}: axis is ${axis}, but a value of shape ${formatShape(shape)} has axes 0..${shape.length - 1}`);
  }
}

/** Splits a shape around `axis` into (outer, length, inner) block sizes. */
function blocks(shape: Shape, axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let k = 0; k < axis; k++) outer *= shape[k]!;
  for (let k = axis + 1; k < shape.length; k++) inner *= shape[k]!;
  return [outer, shape[axis]!, inner];
}

const reducedShape = (shape: Shape, axis: number): Shape => shape.filter((_, k) => k !== axis);
/** The reduced shape with the axis kept as length 1, so results broadcast against the input. */
const keptShape = (shape: Shape, axis: number): Shape => shape.map((d, k) => (k === axis ? 1 : d));

function sumKernel(x: Primal, axis: number | undefined): Primal {
  if (typeof x === 'number') return x;
  const d = x.data;
  if (axis === undefined) {
    // Four accumulators: independent dependency chains the CPU can overlap.
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const n4 = d.length - (d.length % 4);
    for (let i = 0; i < n4; i += 4) {
      s0 += d[i]!;
      s1 += d[i + 1]!;
      s2 += d[i + 2]!;
      s3 += d[i + 3]!;
    }
    for (let i = n4; i < d.length; i++) s0 += d[i]!;
    return s0 + s1 + (s2 + s3);
  }
  const [outer, n, inner] = blocks(x.shape, axis);
  const out = newBuffer(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < n; k++) {
      const base = (o * n + k) * inner;
      for (let i = 0; i < inner; i++) out[o * inner + i]! += d[base + i]!;
    }
  }
  const shape = reducedShape(x.shape, axis);
  return shape.length === 0 ? out[0]! : new Tensor(out, shape);
}

/** g of the reduced shape, reshaped so it broadcasts against the input. */
function expand(g: Value, inputShape: Shape, axis: number | undefined): Value {
  if (axis === undefined || inputShape.length === 0) return g;
  return reshape(g, keptShape(inputShape, axis));
}

export const sumOp = defineOp<AxisOptions>({
  name: 'sum',
  argNames: ['x'],
  forward: ([x], { axis }) => sumKernel(x!, axis),
  vjp: [(g, { args, options }) => broadcastTo(expand(g, shapeOf(args[0]!), options.axis), shapeOf(args[0]!))],
  jvp: [(t, { options }) => sum(t, options.axis)],
});

/** Sum of all elements (a number), or along `axis`. */
export function sum(x: Value, axis?: number): Value {
  if (typeof x === 'number') return x;
  const shape = shapeOf(x);
  // The sum of a traced scalar is itself: no node (a scalar's log-Jacobian, a scalar term).
  if (shape.length === 0 && axis === undefined) return x;
  checkAxis('sum', shape, axis);
  return apply(sumOp, [x], { axis });
}

// The sum of a list of scalars as one node, not a chain of n − 1 additions: a model's
// log density is a sum of terms (one per sampling statement and Jacobian), and each `add`
// node costs a tape entry forward and a vjp call backward.
export const addAllOp = defineOp({
  name: 'addAll',
  forward: (terms) => {
    let total = 0;
    for (let i = 0; i < terms.length; i++) total += terms[i] as number;
    return total;
  },
  vjp: (g) => g,
  jvp: (t) => t,
});

/** Σ terms, for scalar terms (numbers or traced scalars), as one tape node. */
export function addAll(terms: readonly Value[]): Value {
  if (terms.length === 0) return 0;
  if (terms.length === 1) return terms[0]!;
  for (let i = 0; i < terms.length; i++) {
    if (shapeOf(terms[i]!).length !== 0) {
      throw new Error(`addAll: term ${i} has shape ${formatShape(shapeOf(terms[i]!))}, but every term must be a scalar (sum it first)`);
    }
  }
  return apply(addAllOp, terms, undefined);
}

/** Mean of all elements, or along `axis`. */
export function mean(x: Value, axis?: number): Value {
  const shape = shapeOf(x);
  checkAxis('mean', shape, axis);
  const count = axis === undefined ? shape.reduce((a, b) => a * b, 1) : shape[axis]!;
  return div(sum(x, axis), count);
}

function logSumExpKernel(x: Primal, axis: number | undefined): Primal {
  if (typeof x === 'number') return x;
  const d = x.data;
  const [outer, n, inner] = axis === undefined ? [1, d.length, 1] : blocks(x.shape, axis);
  const out = newBuffer(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let m = -Infinity;
      for (let k = 0; k < n; k++) m = Math.max(m, d[(o * n + k) * inner + i]!);
      if (m === -Infinity || m === Infinity) {
        out[o * inner + i] = m;
        continue;
      }
      let s = 0;
      for (let k = 0; k < n; k++) s += Math.exp(d[(o * n + k) * inner + i]! - m);
      out[o * inner + i] = m + Math.log(s);
    }
  }
  if (axis === undefined) return out[0]!;
  const shape = reducedShape(x.shape, axis);
  return shape.length === 0 ? out[0]! : new Tensor(out, shape);
}

// d/dx_k log Σ e^x = softmax(x)_k = e^(x_k − ans).
const softmaxOf = (x: Value, ans: Value, axis: number | undefined): Value =>
  exp(sub(x, expand(ans, shapeOf(x), axis)));

export const logSumExpOp = defineOp<AxisOptions>({
  name: 'logSumExp',
  argNames: ['x'],
  forward: ([x], { axis }) => logSumExpKernel(x!, axis),
  vjp: [(g, { args, ans, options }) => mul(expand(g, shapeOf(args[0]!), options.axis), softmaxOf(args[0]!, ans, options.axis))],
  jvp: [(t, { args, ans, options }) => sum(mul(t, softmaxOf(args[0]!, ans, options.axis)), options.axis)],
});

/** log Σ exp(x), computed without overflow; over all elements or along `axis`. */
export function logSumExp(x: Value, axis?: number): Value {
  if (typeof x === 'number') return x;
  checkAxis('logSumExp', shapeOf(x), axis);
  return apply(logSumExpOp, [x], { axis });
}

const logAddExpOp = elementwiseOp({ name: 'logAddExp', argNames: ['a', 'b'], value: (e, [a, b]) => e.logAddExp(a!, b!) });

/** log(e^a + e^b) elementwise, without overflow (Stan's two-argument log_sum_exp). */
export function logAddExp(a: Value, b: Value): Value {
  return applyElementwise(logAddExpOp, [a, b]);
}

function argExtreme(x: Value, better: (a: number, b: number) => boolean, name: string): number[] {
  const p = primal(x);
  if (typeof p === 'number') return [];
  if (p.size === 0) throw new Error(`${name}: the value is empty`);
  let best = 0;
  for (let i = 1; i < p.size; i++) if (better(p.data[i]!, p.data[best]!)) best = i;
  const index: number[] = [];
  for (let k = p.shape.length - 1, rest = best; k >= 0; k--) {
    index.unshift(rest % p.shape[k]!);
    rest = Math.floor(rest / p.shape[k]!);
  }
  return index;
}

/** The largest element; its gradient goes to the (first) largest entry. */
export function max(x: Value): Value {
  return at(x, ...argExtreme(x, (a, b) => a > b, 'max'));
}

/** The smallest element; its gradient goes to the (first) smallest entry. */
export function min(x: Value): Value {
  return at(x, ...argExtreme(x, (a, b) => a < b, 'min'));
}

