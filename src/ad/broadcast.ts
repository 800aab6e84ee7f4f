import { Tensor, formatShape, shapesEqual, sizeOf, stridesOf, type Shape } from './tensor';
import type { Primal } from './trace';

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
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const rank = outShape.length;
  const index = new Array<number>(rank).fill(0);
  const size = sizeOf(outShape);
  let ao = 0;
  let bo = 0;
  for (let o = 0; o < size; o++) {
    visit(o, ao, bo);
    for (let k = rank - 1; k >= 0; k--) {
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

/**
 * An elementwise binary kernel with broadcasting. `scalarFn` is the scalar rule; the
 * common layouts (scalar·tensor, equal shapes) get tight loops.
 */
export function binaryKernel(opName: string, fn: (x: number, y: number) => number): (a: Primal, b: Primal) => Primal {
  return (a, b) => {
    if (typeof a === 'number') {
      if (typeof b === 'number') return fn(a, b);
      const bd = b.data;
      const out = new Float64Array(bd.length);
      for (let i = 0; i < bd.length; i++) out[i] = fn(a, bd[i]!);
      return new Tensor(out, b.shape);
    }
    const ad = a.data;
    if (typeof b === 'number') {
      const out = new Float64Array(ad.length);
      for (let i = 0; i < ad.length; i++) out[i] = fn(ad[i]!, b);
      return new Tensor(out, a.shape);
    }
    const bd = b.data;
    if (shapesEqual(a.shape, b.shape)) {
      const out = new Float64Array(ad.length);
      for (let i = 0; i < ad.length; i++) out[i] = fn(ad[i]!, bd[i]!);
      return new Tensor(out, a.shape);
    }
    const shape = broadcastShapes(opName, a.shape, b.shape);
    const out = new Float64Array(sizeOf(shape));
    forEachBroadcast(a.shape, b.shape, shape, (o, ia, ib) => {
      out[o] = fn(ad[ia]!, bd[ib]!);
    });
    return new Tensor(out, shape);
  };
}

/** An elementwise unary kernel. */
export function unaryKernel(fn: (x: number) => number): (x: Primal) => Primal {
  return (x) => {
    if (typeof x === 'number') return fn(x);
    const xd = x.data;
    const out = new Float64Array(xd.length);
    for (let i = 0; i < xd.length; i++) out[i] = fn(xd[i]!);
    return new Tensor(out, x.shape);
  };
}

/** Sums `x` down to `shape` (the adjoint of broadcasting `shape` up to x's shape). */
export function sumToShapeKernel(x: Primal, shape: Shape): Primal {
  if (typeof x === 'number') {
    if (shape.length === 0) return x;
    return new Tensor(new Float64Array(sizeOf(shape)).fill(x), shape);
  }
  if (shapesEqual(x.shape, shape)) return x;
  const xd = x.data;
  if (shape.length === 0) {
    let s = 0;
    for (let i = 0; i < xd.length; i++) s += xd[i]!;
    return s;
  }
  const out = new Float64Array(sizeOf(shape));
  forEachBroadcast(x.shape, shape, x.shape, (o, _ix, io) => {
    out[io] += xd[o]!;
  });
  return new Tensor(out, shape);
}

/** Repeats `x` up to `shape` by broadcasting. */
export function broadcastToKernel(opName: string, x: Primal, shape: Shape): Primal {
  if (typeof x === 'number') {
    if (shape.length === 0) return x;
    return new Tensor(new Float64Array(sizeOf(shape)).fill(x), shape);
  }
  if (shapesEqual(x.shape, shape)) return x;
  const target = broadcastShapes(opName, x.shape, shape);
  if (!shapesEqual(target, shape)) {
    throw new Error(`${opName}: shape ${formatShape(x.shape)} cannot be broadcast to ${formatShape(shape)}`);
  }
  const xd = x.data;
  const out = new Float64Array(sizeOf(shape));
  forEachBroadcast(x.shape, shape, shape, (o, ix) => {
    out[o] = xd[ix]!;
  });
  return new Tensor(out, shape);
}
