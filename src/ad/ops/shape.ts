import { newBuffer } from '../buffers.js';
import { isConstant } from '../constants.js';
import { apply, defineOp, type OpDefinition } from '../op.js';
import { Tensor, formatShape, sizeOf, type Shape } from '../tensor.js';
import { Box, shapeOf, type Primal, type Value } from '../trace.js';

// Ops that move values without arithmetic. Each one's vjp is another op of this file
// (reshape ↔ reshape, slice ↔ unslice, gather ↔ scatterAdd), so they nest; likewise
// at ↔ placeAt (element.ts) and stack's row ↔ placeRow (stack.ts), re-exported here.

function dataOf(x: Primal): Float64Array {
  return typeof x === 'number' ? Float64Array.of(x) : x.data;
}

function fromData(data: Float64Array, shape: Shape): Primal {
  return shape.length === 0 ? data[0]! : new Tensor(data, shape);
}

// ---------------------------------------------------------------- reshape

interface ReshapeOptions {
  readonly shape: Shape;
}

export const reshapeOp = defineOp<ReshapeOptions>({
  name: 'reshape',
  argNames: ['x'],
  // Shares the data buffer: tensors are never written after creation.
  forward: ([x], { shape }) => fromData(dataOf(x!), shape),
  vjp: [(g, { args }) => reshape(g, shapeOf(args[0]!))],
  jvp: [(t, { options }) => reshape(t, options.shape)],
});

/** The same values in a new shape (row-major); one dimension may be -1 (inferred). */
export function reshape(x: Value, shape: Shape): Value {
  const from = shapeOf(x);
  const size = sizeOf(from);
  const unknown = shape.indexOf(-1);
  let target = shape;
  if (unknown >= 0) {
    const known = shape.reduce((a, d, k) => (k === unknown ? a : a * d), 1);
    target = shape.map((d, k) => (k === unknown ? size / known : d));
  }
  if (sizeOf(target) !== size || target.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`reshape: a value of shape ${formatShape(from)} (${size} elements) cannot be reshaped to ${formatShape(shape)}`);
  }
  if (typeof x === 'number' && target.length === 0) return x;
  return apply(reshapeOp, [x], { shape: target });
}

export function flatten(x: Value): Value {
  return reshape(x, [sizeOf(shapeOf(x))]);
}

export { at, unstack } from './element.js';

// ---------------------------------------------------------------- slice / unslice

export interface SliceOptions {
  readonly start: number;
  readonly end: number;
  readonly axis: number;
  /** Shape of the sliced input. */
  readonly shape: Shape;
}

function blocks(shape: Shape, axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let k = 0; k < axis; k++) outer *= shape[k]!;
  for (let k = axis + 1; k < shape.length; k++) inner *= shape[k]!;
  return [outer, shape[axis]!, inner];
}

function sliceKernel(x: Primal, { start, end, axis, shape }: SliceOptions): Primal {
  const d = dataOf(x);
  const [outer, n, inner] = blocks(shape, axis);
  const len = end - start;
  const out = newBuffer(outer * len * inner);
  for (let o = 0; o < outer; o++) {
    out.set(d.subarray((o * n + start) * inner, (o * n + end) * inner), o * len * inner);
  }
  return new Tensor(out, shape.map((s, k) => (k === axis ? len : s)));
}

function unsliceKernel(g: Primal, { start, end, axis, shape }: SliceOptions): Primal {
  const d = dataOf(g);
  const [outer, n, inner] = blocks(shape, axis);
  const len = end - start;
  const out = newBuffer(sizeOf(shape));
  for (let o = 0; o < outer; o++) {
    out.set(d.subarray(o * len * inner, (o + 1) * len * inner), (o * n + start) * inner);
  }
  return fromData(out, shape);
}

export const sliceOp: OpDefinition<SliceOptions> = defineOp<SliceOptions>({
  name: 'slice',
  argNames: ['x'],
  forward: ([x], options) => sliceKernel(x!, options),
  vjp: [(g, { options }) => apply(unsliceOp, [g], options)],
  jvp: [(t, { options }) => apply(sliceOp, [t], options)],
});

const unsliceOp: OpDefinition<SliceOptions> = defineOp<SliceOptions>({
  name: 'unslice',
  argNames: ['g'],
  forward: ([g], options) => unsliceKernel(g!, options),
  vjp: [(g, { options }) => apply(sliceOp, [g], options)],
  jvp: [(t, { options }) => apply(unsliceOp, [t], options)],
});

/** Elements start..end-1 (0-based, end exclusive) along `axis` (default 0: rows of a matrix). */
export function slice(x: Value, start: number, end: number, axis = 0): Value {
  const shape = shapeOf(x);
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new Error(`slice: axis is ${axis}, but a value of shape ${formatShape(shape)} has axes 0..${shape.length - 1}`);
  }
  const n = shape[axis]!;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > n || start > end) {
    throw new Error(`slice: [${start}, ${end}) is not a range within 0..${n} on axis ${axis} of shape ${formatShape(shape)}`);
  }
  return apply(sliceOp, [x], { start, end, axis, shape });
}

// ---------------------------------------------------------------- concat

interface ConcatOptions {
  readonly axis: number;
  readonly shape: Shape;
  /** Start of each argument along the axis. */
  readonly offsets: readonly number[];
}

export const concatOp: OpDefinition<ConcatOptions> = defineOp<ConcatOptions>({
  name: 'concat',
  forward: (parts, { axis, shape, offsets }) => {
    const out = newBuffer(sizeOf(shape));
    const [outer, n, inner] = blocks(shape, axis);
    parts.forEach((p, i) => {
      const d = dataOf(p);
      const len = (offsets[i + 1] ?? n) - offsets[i]!;
      for (let o = 0; o < outer; o++) {
        out.set(d.subarray(o * len * inner, (o + 1) * len * inner), (o * n + offsets[i]!) * inner);
      }
    });
    return new Tensor(out, shape);
  },
  vjp: (g, { args, options }, i) => {
    const end = options.offsets[i + 1] ?? options.shape[options.axis]!;
    const part = slice(g, options.offsets[i]!, end, options.axis);
    return reshape(part, shapeOf(args[i]!));
  },
  jvp: (t, { args, options }, i) => {
    // Tangent of one part: zeros elsewhere.
    const parts = args.map((a, k) => (k === i ? t : new Tensor(newBuffer(sizeOf(shapeOf(a))), shapeOf(a).length ? shapeOf(a) : [1])));
    return apply(concatOp, parts, options);
  },
});

/** Joins values along `axis` (default 0). Numbers count as vectors of length 1. */
export function concat(values: readonly Value[], axis = 0): Value {
  if (values.length === 0) throw new Error('concat: nothing to concatenate');
  const shapes = values.map((v) => {
    const s = shapeOf(v);
    return s.length === 0 ? [1] : s;
  });
  const first = shapes[0]!;
  if (!Number.isInteger(axis) || axis < 0 || axis >= first.length) {
    throw new Error(`concat: axis is ${axis}, but values of shape ${formatShape(first)} have axes 0..${first.length - 1}`);
  }
  const offsets: number[] = [];
  let total = 0;
  shapes.forEach((s, i) => {
    const fits = s.length === first.length && s.every((d, k) => k === axis || d === first[k]);
    if (!fits) {
      throw new Error(`concat: value ${i} has shape ${formatShape(s)}, which does not match ${formatShape(first)} except on axis ${axis}`);
    }
    offsets.push(total);
    total += s[axis]!;
  });
  const shape = first.map((d, k) => (k === axis ? total : d));
  return apply(concatOp, values, { axis, shape, offsets });
}

export { stack } from './stack.js';

// ---------------------------------------------------------------- gather / scatterAdd

/** Integer indices for gather: an Int32Array, or an array of integers. */
export type IndexArray = Int32Array | readonly number[];

export interface GatherOptions {
  readonly indices: Int32Array;
  /** Shape of the gathered-from value. */
  readonly shape: Shape;
}

export const gatherOp: OpDefinition<GatherOptions> = defineOp<GatherOptions>({
  name: 'gather',
  argNames: ['x'],
  forward: ([x], { indices, shape }) => {
    const d = dataOf(x!);
    const inner = sizeOf(shape) / shape[0]!;
    const out = newBuffer(indices.length * inner);
    if (inner === 1) {
      for (let k = 0; k < indices.length; k++) out[k] = d[indices[k]!]!;
    } else {
      for (let k = 0; k < indices.length; k++) out.set(d.subarray(indices[k]! * inner, (indices[k]! + 1) * inner), k * inner);
    }
    return new Tensor(out, [indices.length, ...shape.slice(1)]);
  },
  vjp: [(g, { options }) => apply(scatterAddOp, [g], options)],
  jvp: [(t, { options }) => apply(gatherOp, [t], options)],
});

const scatterAddOp: OpDefinition<GatherOptions> = defineOp<GatherOptions>({
  name: 'scatterAdd',
  argNames: ['g'],
  forward: ([g], { indices, shape }) => {
    const d = dataOf(g!);
    const inner = sizeOf(shape) / shape[0]!;
    const out = newBuffer(sizeOf(shape));
    if (inner === 1) {
      // Gathering from a vector (a[group]): one element per index, no inner loop.
      for (let k = 0; k < indices.length; k++) out[indices[k]!]! += d[k]!;
    } else {
      for (let k = 0; k < indices.length; k++) {
        const base = indices[k]! * inner;
        for (let i = 0; i < inner; i++) out[base + i]! += d[k * inner + i]!;
      }
    }
    return new Tensor(out, shape);
  },
  vjp: [(g, { options }) => apply(gatherOp, [g], options)],
  jvp: [(t, { options }) => apply(scatterAddOp, [t], options)],
});

/**
 * When `v` is the output of `gather(source, indices)` on a traced vector, in the innermost
 * reverse trace: the source (a box of the same trace, at the gather's input node) and the
 * indices. Lets a fused op read source[indices[i]] itself (normal_id_glm's a[group]) rather
 * than the gathered copy, whose node is then left without a cotangent (and, in a replayed
 * gradient, not computed at all).
 */
export function gatheredFrom(v: Value): { readonly source: Box; readonly indices: Int32Array } | null {
  if (!(v instanceof Box) || v.trace.kind !== 'reverse' || v.node < 0 || v.trace.closed) return null;
  const node = v.trace.tape[v.node];
  if (node === undefined || node.op !== gatherOp) return null;
  const parent = node.parents[0]!;
  const input = node.args[0]!;
  const options = node.options as GatherOptions;
  if (parent < 0 || input instanceof Box || options.shape.length !== 1) return null;
  return { source: new Box(input, v.trace, parent, undefined), indices: options.indices };
}

/**
 * x[indices] along the first axis, for a whole array of 0-based indices at once
 * (`gather(a, group)` is Stan's `a[group]`); one tape node however many indices.
 */
export function gather(x: Value, indices: IndexArray): Value {
  const shape = shapeOf(x);
  if (shape.length === 0) throw new Error('gather: cannot index a scalar');
  const n = shape[0]!;
  const typed = indices instanceof Int32Array; // tested once, not per index
  const idx = typed ? indices : Int32Array.from(indices);
  // A model gathers with the same data index array at every evaluation: checked once per
  // array and axis length (data arrays only, marked constant at compile). (Index arrays are data; one changed in place after a gather would
  // go unchecked, like a tensor changed in place.)
  if (typed && checkedIndices.get(idx) === n) return apply(gatherOp, [x], { indices: idx, shape });
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    if (i < 0 || i >= n || (!typed && !Number.isInteger((indices as readonly number[])[k]))) {
      throw new Error(`gather: indices[${k}] is ${(indices as ArrayLike<number>)[k]}, but must be an integer in [0, ${n - 1}]`);
    }
  }
  if (typed && isConstant(idx)) checkedIndices.set(idx, n);
  return apply(gatherOp, [x], { indices: idx, shape });
}

const checkedIndices = new WeakMap<Int32Array, number>();
