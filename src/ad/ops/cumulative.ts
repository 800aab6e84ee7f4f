import { newBuffer } from '../buffers.js';
import { apply, defineOp, type OpDefinition } from '../op.js';
import { Tensor, formatShape, type Shape } from '../tensor.js';
import { shapeOf, type Primal, type Value } from '../trace.js';

// Running sums along one axis: y_k = Σ_{j ≤ k} x_j (or Σ_{j ≥ k} x_j when reversed).
// The map is linear with a lower-triangular matrix of ones; its transpose is the
// upper-triangular one, so the vjp of a forward running sum is the reversed running sum
// of g and vice versa, and the jvp is the same running sum of the tangent. Both rules are
// this op again, so running sums differentiate to any order in one tape node each.

export interface CumulativeSumOptions {
  /** The axis summed along; default the last one. */
  readonly axis?: number;
  /** Sum from the end: y_k = Σ_{j ≥ k} x_j. Default false. */
  readonly reverse?: boolean;
}

interface ResolvedOptions {
  readonly axis: number;
  readonly reverse: boolean;
}

function blocks(shape: Shape, axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let k = 0; k < axis; k++) outer *= shape[k]!;
  for (let k = axis + 1; k < shape.length; k++) inner *= shape[k]!;
  return [outer, shape[axis]!, inner];
}

function cumulativeSumKernel(x: Primal, { axis, reverse }: ResolvedOptions): Primal {
  if (typeof x === 'number') return x;
  const d = x.data;
  const out = newBuffer(d.length);
  const [outer, n, inner] = blocks(x.shape, axis);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let running = 0;
      for (let step = 0; step < n; step++) {
        const k = reverse ? n - 1 - step : step;
        const offset = (o * n + k) * inner + i;
        running += d[offset]!;
        out[offset] = running;
      }
    }
  }
  return new Tensor(out, x.shape);
}

const cumulativeSumOp: OpDefinition<ResolvedOptions> = defineOp<ResolvedOptions>({
  name: 'cumulativeSum',
  argNames: ['x'],
  forward: ([x], options) => cumulativeSumKernel(x!, options),
  vjp: [(g, { options }) => apply(cumulativeSumOp, [g], { axis: options.axis, reverse: !options.reverse })],
  jvp: [(t, { options }) => apply(cumulativeSumOp, [t], options)],
});

/**
 * Running sums along `axis` (default the last): `cumulativeSum([1, 2, 3])` is [1, 3, 6],
 * and with `reverse: true` it is [6, 5, 3]. A number is its own running sum.
 */
export function cumulativeSum(x: Value, options: CumulativeSumOptions = {}): Value {
  const shape = shapeOf(x);
  if (shape.length === 0) return x;
  const axis = options.axis ?? shape.length - 1;
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new Error(`cumulativeSum: axis is ${axis}, but a value of shape ${formatShape(shape)} has axes 0..${shape.length - 1}`);
  }
  return apply(cumulativeSumOp, [x], { axis, reverse: options.reverse ?? false });
}
