import { newBuffer } from '../buffers.js';
import { apply, defineOp, type OpDefinition } from '../op.js';
import { Tensor, formatShape, sizeOf, type Shape } from '../tensor.js';
import { shapeOf, type Primal, type Value } from '../trace.js';

// stack: N values of one shape joined along a new leading axis, as ONE tape node.
//
// Time-series models written as scalar loops (GARCH, ARMA: y[t] depends on y[t−1]) collect
// their N per-step scalars with `stack`. Built from reshape + concat it cost 2N + 1 nodes,
// and a backward pass of N slices and N reshapes, each a small tensor. Here the forward
// copies the N parts into one array, and the vjp for part i is `row(g, i)`: one number
// read for scalar parts, O(1) per part, so the whole backward pass is O(N). Like the other
// shape ops, row ↔ placeRow are each other's vjp, so derivatives of any order nest
// (autograd's `ans * g` principle: rules written with the library's own ops).

interface RowOptions {
  /** Which row (part) along the leading axis. */
  readonly index: number;
  /** Shape of the stacked value, [N, ...partShape]. */
  readonly shape: Shape;
  /** Shape of one part ([] for numbers). */
  readonly partShape: Shape;
  /** Elements per part. */
  readonly inner: number;
}

interface StackOptions {
  readonly shape: Shape;
  readonly partShape: Shape;
  readonly inner: number;
}

function readRow(d: Float64Array, { index, partShape, inner }: RowOptions): Primal {
  if (partShape.length === 0) return d[index]!;
  const out = newBuffer(inner);
  const base = index * inner;
  for (let k = 0; k < inner; k++) out[k] = d[base + k]!;
  return new Tensor(out, partShape);
}

function writeRow(out: Float64Array, part: Primal, base: number, inner: number): void {
  if (typeof part === 'number') {
    out[base] = part;
    return;
  }
  const d = part.data;
  for (let k = 0; k < inner; k++) out[base + k] = d[k]!;
}

/** Row `index` of a stacked value: the i-th part's share of the cotangent. */
const rowOp: OpDefinition<RowOptions> = defineOp<RowOptions>({
  name: 'row',
  argNames: ['x'],
  forward: ([x], options) => readRow(typeof x === 'number' ? Float64Array.of(x) : x!.data, options),
  vjp: [(g, { options }) => apply(placeRowOp, [g], options)],
  jvp: [(t, { options }) => apply(rowOp, [t], options)],
});

/** A zero tensor of the stacked shape holding `value` in row `index`. */
const placeRowOp: OpDefinition<RowOptions> = defineOp<RowOptions>({
  name: 'placeRow',
  argNames: ['value'],
  forward: ([v], options) => {
    const out = newBuffer(sizeOf(options.shape));
    writeRow(out, v!, options.index * options.inner, options.inner);
    return new Tensor(out, options.shape);
  },
  vjp: [(g, { options }) => apply(rowOp, [g], options)],
  jvp: [(t, { options }) => apply(placeRowOp, [t], options)],
});

function rowOptions(options: StackOptions, index: number): RowOptions {
  return { index, shape: options.shape, partShape: options.partShape, inner: options.inner };
}

export const stackOp: OpDefinition<StackOptions> = defineOp<StackOptions>({
  name: 'stack',
  forward: (parts, { shape, inner }) => {
    const out = newBuffer(sizeOf(shape));
    for (let i = 0; i < parts.length; i++) writeRow(out, parts[i]!, i * inner, inner);
    return new Tensor(out, shape);
  },
  vjp: (g, { options }, i) => apply(rowOp, [g], rowOptions(options, i)),
  // Forward mode: part i's tangent in its row, zeros elsewhere. (N traced parts cost N
  // full-size tangents summed, O(N²), as for concat; the reverse pass is the hot path.)
  jvp: (t, { options }, i) => apply(placeRowOp, [t], rowOptions(options, i)),
});

/** Stacks values of one shape along a new leading axis (`stack([a, b, c])` of numbers is a vector). */
export function stack(values: readonly Value[]): Value {
  if (values.length === 0) throw new Error('stack: nothing to stack');
  const partShape = shapeOf(values[0]!);
  for (let i = 1; i < values.length; i++) {
    const s = shapeOf(values[i]!);
    if (s !== partShape && (s.length !== partShape.length || s.some((d, k) => d !== partShape[k]))) {
      throw new Error(
        `stack: value ${i} has shape ${formatShape(s)}, but value 0 has shape ${formatShape(partShape)}; stacked values must share one shape`,
      );
    }
  }
  const shape = [values.length, ...partShape];
  return apply(stackOp, values, { shape, partShape, inner: sizeOf(partShape) });
}
