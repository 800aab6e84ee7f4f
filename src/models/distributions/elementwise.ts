import { broadcastShapes, broadcastToKernel } from '../../ad/broadcast.js';
import { Tensor, formatShape, shapesEqual, sizeOf, type Shape } from '../../ad/tensor.js';
import { SCALAR_SHAPE, shapeOf, type Primal, type Value } from '../../ad/trace.js';

/**
 * Arguments laid out for one loop over their broadcast shape: element i of argument k is
 * `data[k][i * stride[k]]` (stride 0 for a scalar, 1 for a full-shape array; arguments that
 * broadcast partially are expanded once).
 */
export interface BroadcastArgs {
  readonly shape: Shape;
  readonly size: number;
  readonly data: readonly Float64Array[];
  readonly strides: Int32Array;
}

/**
 * The broadcast shape of several arguments; the error names the distribution and every
 * argument's shape ("normal: y has shape [3] and mu has shape [4], which cannot be
 * broadcast together").
 */
export function broadcastAll(distribution: string, names: readonly string[], shapes: readonly Shape[]): Shape {
  let shape: Shape = [];
  for (let k = 0; k < shapes.length; k++) {
    try {
      shape = broadcastShapes(distribution, shape, shapes[k]!);
    } catch {
      const described = shapes
        .slice(0, k + 1)
        .map((s, i) => `${names[i]} has shape ${formatShape(s)}`)
        .filter((_, i) => i === k || shapes[i]!.length > 0);
      throw new Error(`${distribution}: ${described.join(' and ')}, which cannot be broadcast together`);
    }
  }
  return shape;
}

/**
 * `broadcastAll` for values, without allocating in the common cases (all scalars, or every
 * non-scalar of one shape): densities and distributions run it on every evaluation.
 * Anything else, errors included, goes to `broadcastAll`.
 */
export function broadcastShapeOf(distribution: string, names: readonly string[], values: readonly Value[]): Shape {
  let shape: Shape = SCALAR_SHAPE;
  for (let k = 0; k < values.length; k++) {
    const s = shapeOf(values[k]!);
    if (s.length === 0 || s === shape) continue;
    if (shape.length === 0) shape = s;
    else if (!shapesEqual(s, shape)) return broadcastAll(distribution, names, shapesOf(values));
  }
  return shape;
}

export function layoutArgs(distribution: string, args: readonly Primal[], shape: Shape): BroadcastArgs {
  const size = sizeOf(shape);
  const data: Float64Array[] = [];
  const strides = new Int32Array(args.length);
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (typeof a === 'number') {
      data.push(Float64Array.of(a));
    } else if (a.size === 1) {
      data.push(a.data);
    } else if (shapesEqual(a.shape, shape)) {
      data.push(a.data);
      strides[k] = 1;
    } else {
      data.push((broadcastToKernel(distribution, a, shape) as Tensor).data);
      strides[k] = 1;
    }
  }
  return { shape, size, data, strides };
}

/** Calls `visit` with the arguments' values at each element of their broadcast shape. */
export function forEachElement(layout: BroadcastArgs, visit: (values: Float64Array, index: number) => void): void {
  const m = layout.data.length;
  const values = new Float64Array(m);
  for (let i = 0; i < layout.size; i++) {
    for (let k = 0; k < m; k++) values[k] = layout.data[k]![i * layout.strides[k]!]!;
    visit(values, i);
  }
}

/** A plain value of `shape` whose element i is `fn(values at i)`. */
export function mapElements(layout: BroadcastArgs, fn: (values: Float64Array) => number): Primal {
  const out = new Float64Array(layout.size);
  forEachElement(layout, (values, i) => {
    out[i] = fn(values);
  });
  return layout.shape.length === 0 ? out[0]! : new Tensor(out, layout.shape);
}

/** `shapeOf` for several values. */
export const shapesOf = (values: readonly Value[]): Shape[] => values.map((v) => shapeOf(v));
