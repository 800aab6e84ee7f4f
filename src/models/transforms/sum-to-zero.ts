import { div, mul, sub } from '../../ad/ops/arithmetic.js';
import { cumulativeSum } from '../../ad/ops/cumulative.js';
import { concat, reshape } from '../../ad/ops/shape.js';
import { Tensor, sizeOf, zeros, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import { checkShape, constrainedData, elementName, unconstrainedVector } from './shapes.js';
import type { Transform } from './transform.js';

// Stan reference manual, "Constraint transforms", zero sum vector (Stan 2.36): N − 1
// unconstrained reals y map onto the hyperplane Σ x = 0 of R^N by an orthonormal (Helmert)
// basis, so the map is an isometry onto the hyperplane and log |J| = 0 with respect to its
// own volume. With 1-based i and w_i = y_i / sqrt(i(i + 1)) (Stan Math's
// sum_to_zero_constrain),
//   x_j = Σ_{i > j} w_i − j·w_j   (0-based j = 0..N−1, empty sums and w_0 = 0),
// each column of the basis being (1, …, 1, −i, 0, …)/sqrt(i(i + 1)). One reverse running
// sum along the last axis, so arrays of such vectors are one call.

/** Entries must sum to 0 within this (Stan's CONSTRAINT_TOLERANCE). */
const SUM_TOLERANCE = 1e-8;

function vectorLength(shape: Shape): number {
  checkShape('sumToZero', shape, 1);
  const length = shape[shape.length - 1]!;
  if (length < 1) throw new Error(`sumToZero: shape [${shape.join(', ')}] has a last axis of length 0, but needs at least 1 entry`);
  return length;
}

/** sqrt(i(i + 1)) for i = 1..n. */
const scales = (n: number): Tensor => new Tensor(Float64Array.from({ length: n }, (_, k) => Math.sqrt((k + 1) * (k + 2))), [n]);
const positions = (n: number): Tensor => new Tensor(Float64Array.from({ length: n }, (_, k) => k + 1), [n]);

export const sumToZeroTransform: Transform = Object.freeze({
  name: 'sumToZero',
  batched: true,
  unconstrainedSize(shape: Shape): number {
    const length = vectorLength(shape);
    return (sizeOf(shape) / length) * (length - 1);
  },
  forward(unconstrained: Value, shape: Shape) {
    const length = vectorLength(shape);
    const batch = shape.slice(0, -1);
    const n = length - 1;
    const flat = unconstrainedVector('sumToZero', unconstrained, sizeOf(batch) * n, shape);
    if (n === 0) return { value: zeros(shape), logAbsDetJacobian: 0 };
    const axis = shape.length - 1;
    const w = div(reshape(flat, [...batch, n]), scales(n));
    // Σ_{i ≥ k} w_i for k = 1..n: the tail sums, x_0..x_{n−1}'s first terms; x_n has none.
    const tails = concat([cumulativeSum(w, { axis, reverse: true }), zeros([...batch, 1])], axis);
    const own = concat([zeros([...batch, 1]), mul(w, positions(n))], axis);
    return { value: sub(tails, own), logAbsDetJacobian: 0 };
  },
  inverse(constrained: Primal, shape: Shape): Float64Array {
    const length = vectorLength(shape);
    const x = constrainedData('sumToZero', constrained, shape);
    const n = length - 1;
    const out = new Float64Array((x.length / length) * n);
    for (let base = 0, row = 0; base < x.length; base += length, row++) {
      let total = 0;
      let scale = 0;
      for (let k = 0; k < length; k++) {
        const v = x[base + k]!;
        if (!Number.isFinite(v)) throw new Error(`sumToZero: ${elementName(shape, base + k)} is ${v}, but must be finite`);
        total += v;
        scale += Math.abs(v);
      }
      if (!(Math.abs(total) <= SUM_TOLERANCE * Math.max(1, scale))) {
        const which = x.length === length ? 'they sum' : `the entries of ${elementName(shape.slice(0, -1), row)} sum`;
        throw new Error(`sumToZero: entries must sum to 0, but ${which} to ${total}`);
      }
      // From the last entry back: x_n = −n·w_n, then x_j = (Σ_{i>j} w_i) − j·w_j.
      let tail = 0;
      for (let i = n; i >= 1; i--) {
        const w = i === n ? -x[base + n]! / n : (tail - x[base + i]!) / i;
        tail += w;
        out[row * n + i - 1] = w * Math.sqrt(i * (i + 1));
      }
    }
    return out;
  },
});
