import { newBuffer } from './buffers.js';
import { Tensor, formatShape, shapesEqual, sizeOf, stridesOf, type Shape } from './tensor.js';
import type { Primal } from './trace.js';

/** NumPy broadcasting of two shapes; the error names the op and both shapes. */
export function broadcastShapes(opName: string, a: Shape, b: Shape): Shape {
  if (shapesEqual(a, b)) return a;
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let k = 0; k < rank; k++) {
    const da = a[a.length - rank + k] ?? 1;
    const db = b[b.length - rank + k] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${opName}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together`);
    }
    out[k] = da === 1 ? db : da;
  }
  return out;
}

/** Strides of `shape` seen as `target` (broadcast dimensions get stride 0). */
function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const out = new Array<number>(target.length).fill(0);
  for (let k = 0; k < shape.length; k++) {
    const t = target.length - shape.length + k;
    out[t] = shape[k] === 1 ? 0 : own[k]!;
  }
  return out;
}

/** Visits the output in order, giving the flat offsets into a and b (general broadcasting). */
function forEachBroadcast(
  aShape: Shape,
  bShape: Shape,
  outShape: Shape,
  visit: (outIndex: number, aOffset: number, bOffset: number) => void,
): void {
  if (outShape.length === 0) {
    visit(0, 0, 0);
    return;
  }
  forEachRow(aShape, bShape, outShape, (o, ao, bo, aStep, bStep, width) => {
    for (let i = 0; i < width; i++) visit(o + i, ao + i * aStep, bo + i * bStep);
  });
}

/**
 * General broadcasting a row at a time: visits each run of the output's last axis with the
 * offsets of its first element in a and b and whether a and b advance along it (their
 * last-axis strides, 1 or 0). Rows of 16 or more elements then run the op's own loops on
 * subarray views, where a call per element cost ~10 ns an element ([K, 1] against
 * [1, N] in an HMM's emission matrix, say).
 */
function forEachRow(
  aShape: Shape,
  bShape: Shape,
  outShape: Shape,
  visit: (outOffset: number, aOffset: number, bOffset: number, aStep: number, bStep: number, width: number) => void,
): void {
  const rank = outShape.length;
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const width = outShape[rank - 1]!;
  const aStep = sa[rank - 1]!;
  const bStep = sb[rank - 1]!;
  const rows = width === 0 ? 0 : sizeOf(outShape) / width;
  const index = new Array<number>(rank).fill(0);
  let ao = 0;
  let bo = 0;
  for (let r = 0; r < rows; r++) {
    visit(r * width, ao, bo, aStep, bStep, width);
    for (let k = rank - 2; k >= 0; k--) {
      index[k]!++;
      ao += sa[k]!;
      bo += sb[k]!;
      if (index[k]! < outShape[k]!) break;
      ao -= sa[k]! * outShape[k]!;
      bo -= sb[k]! * outShape[k]!;
      index[k] = 0;
    }
  }
}

/** Shortest last axis for which forEachRow's subarray views pay for themselves. */
const ROW_WIDTH = 16;

/**
 * Loops of one binary op over the layouts that need no index arithmetic. An op passes its
 * own loops, written out with the arithmetic inline: one loop shared by all ops calling
 * `fn` per element sees many functions at that call site, so V8 cannot inline any of them
 * (a megamorphic call per element, several times the cost of the arithmetic). The loops
 * read `out.length` once (`n`): on Node 20 that made loops of 2000 elements 20–30% faster
 * than testing `i < out.length` on every iteration.
 */
export interface BinaryLoops {
  /** out[i] = f(a[i], b[i]) */
  readonly elementwise: (a: Float64Array, b: Float64Array, out: Float64Array) => void;
  /** out[i] = f(a, b[i]) */
  readonly scalarFirst: (a: number, b: Float64Array, out: Float64Array) => void;
  /** out[i] = f(a[i], b) */
  readonly scalarSecond: (a: Float64Array, b: number, out: Float64Array) => void;
}

/** Loops that call `fn` per element: for ops without loops of their own. */
function genericBinaryLoops(fn: (x: number, y: number) => number): BinaryLoops {
  return {
    elementwise: (a, b, out) => {
      for (let i = 0, n = out.length; i < n; i++) out[i] = fn(a[i]!, b[i]!);
    },
    scalarFirst: (a, b, out) => {
      for (let i = 0, n = out.length; i < n; i++) out[i] = fn(a, b[i]!);
    },
    scalarSecond: (a, b, out) => {
      for (let i = 0, n = out.length; i < n; i++) out[i] = fn(a[i]!, b);
    },
  };
}

/**
 * An elementwise binary kernel with broadcasting. `fn` is the scalar rule; the common
 * layouts (scalar·tensor, equal shapes) run `loops`, general broadcasting calls `fn`.
 */
export function binaryKernel(
  opName: string,
  fn: (x: number, y: number) => number,
  loops: BinaryLoops = genericBinaryLoops(fn),
): (a: Primal, b: Primal) => Primal {
  const { elementwise, scalarFirst, scalarSecond } = loops;
  return (a, b) => {
    if (typeof a === 'number') {
      if (typeof b === 'number') return fn(a, b);
      const out = newBuffer(b.data.length);
      scalarFirst(a, b.data, out);
      return new Tensor(out, b.shape);
    }
    const ad = a.data;
    if (typeof b === 'number') {
      const out = newBuffer(ad.length);
      scalarSecond(ad, b, out);
      return new Tensor(out, a.shape);
    }
    const bd = b.data;
    if (a.shape === b.shape || shapesEqual(a.shape, b.shape)) {
      const out = newBuffer(ad.length);
      elementwise(ad, bd, out);
      return new Tensor(out, a.shape);
    }
    // One side holding a single element is the scalar layout, broadcast to the other's shape.
    if (bd.length === 1 && b.shape.length <= a.shape.length) {
      const out = newBuffer(ad.length);
      scalarSecond(ad, bd[0]!, out);
      return new Tensor(out, a.shape);
    }
    if (ad.length === 1 && a.shape.length <= b.shape.length) {
      const out = newBuffer(bd.length);
      scalarFirst(ad[0]!, bd, out);
      return new Tensor(out, b.shape);
    }
    const shape = broadcastShapes(opName, a.shape, b.shape);
    const out = newBuffer(sizeOf(shape));
    if (shape[shape.length - 1]! >= ROW_WIDTH) {
      forEachRow(a.shape, b.shape, shape, (o, ia, ib, aStep, bStep, width) => {
        const row = out.subarray(o, o + width);
        if (aStep === 0 && bStep === 0) row.fill(fn(ad[ia]!, bd[ib]!));
        else if (aStep === 0) scalarFirst(ad[ia]!, bd.subarray(ib, ib + width), row);
        else if (bStep === 0) scalarSecond(ad.subarray(ia, ia + width), bd[ib]!, row);
        else elementwise(ad.subarray(ia, ia + width), bd.subarray(ib, ib + width), row);
      });
      return new Tensor(out, shape);
    }
    forEachBroadcast(a.shape, b.shape, shape, (o, ia, ib) => {
      out[o] = fn(ad[ia]!, bd[ib]!);
    });
    return new Tensor(out, shape);
  };
}

/** out[i] = f(x[i]), written out by each op for the reason given at BinaryLoops. */
export type UnaryLoop = (x: Float64Array, out: Float64Array) => void;

/** An elementwise unary kernel: `loop` over tensors if given, else `fn` per element. */
export function unaryKernel(fn: (x: number) => number, loop?: UnaryLoop): (x: Primal) => Primal {
  const run: UnaryLoop =
    loop ??
    ((x, out) => {
      for (let i = 0, n = out.length; i < n; i++) out[i] = fn(x[i]!);
    });
  return (x) => {
    if (typeof x === 'number') return fn(x);
    const out = newBuffer(x.data.length);
    run(x.data, out);
    return new Tensor(out, x.shape);
  };
}

/** Sums `x` down to `shape` (the adjoint of broadcasting `shape` up to x's shape). */
export function sumToShapeKernel(x: Primal, shape: Shape): Primal {
  if (typeof x === 'number') {
    if (shape.length === 0) return x;
    return new Tensor(newBuffer(sizeOf(shape)).fill(x), shape);
  }
  if (shapesEqual(x.shape, shape)) return x;
  const xd = x.data;
  if (shape.length === 0) {
    let s = 0;
    for (let i = 0; i < xd.length; i++) s += xd[i]!;
    return s;
  }
  const out = newBuffer(sizeOf(shape));
  if (x.shape[x.shape.length - 1]! >= ROW_WIDTH && shape.length === x.shape.length) {
    // Row by row: a row of x either adds into a row of out, or sums into one element.
    forEachRow(x.shape, shape, x.shape, (o, _ix, io, _xStep, outStep, width) => {
      if (outStep === 0) {
        let total = 0;
        for (let i = 0; i < width; i++) total += xd[o + i]!;
        out[io]! += total;
      } else {
        for (let i = 0; i < width; i++) out[io + i]! += xd[o + i]!;
      }
    });
    return new Tensor(out, shape);
  }
  forEachBroadcast(x.shape, shape, x.shape, (o, _ix, io) => {
    out[io]! += xd[o]!;
  });
  return new Tensor(out, shape);
}

/** Repeats `x` up to `shape` by broadcasting. */
export function broadcastToKernel(opName: string, x: Primal, shape: Shape): Primal {
  if (typeof x === 'number') {
    if (shape.length === 0) return x;
    return new Tensor(newBuffer(sizeOf(shape)).fill(x), shape);
  }
  if (shapesEqual(x.shape, shape)) return x;
  const target = broadcastShapes(opName, x.shape, shape);
  if (!shapesEqual(target, shape)) {
    throw new Error(`${opName}: shape ${formatShape(x.shape)} cannot be broadcast to ${formatShape(shape)}`);
  }
  const xd = x.data;
  const out = newBuffer(sizeOf(shape));
  forEachBroadcast(x.shape, shape, shape, (o, ix) => {
    out[o] = xd[ix]!;
  });
  return new Tensor(out, shape);
}
