import { add, neg } from '../../ad/ops/arithmetic.js';
import { cumulativeSum } from '../../ad/ops/cumulative.js';
import { logSigmoid } from '../../ad/ops/link.js';
import { sum } from '../../ad/ops/reduce.js';
import { concat, reshape, slice } from '../../ad/ops/shape.js';
import { exp } from '../../ad/ops/unary.js';
import { Tensor, fill, sizeOf, zeros, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import { checkShape, constrainedData, elementName, unconstrainedVector } from './shapes.js';
import type { Transform } from './transform.js';

// Stan reference manual, "Constraint transforms", unit simplex (stick-breaking). For a
// K-simplex and y ∈ R^(K−1), with 1-based k:
//   z_k = logit⁻¹(y_k + log(1/(K − k)))          (the offset maps y = 0 to x = 1/K each)
//   x_k = (1 − Σ_{k'<k} x_k') z_k,   x_K = 1 − Σ_{k<K} x_k,
//   log |J| = Σ_{k<K} [log z_k + log(1 − z_k) + log(1 − Σ_{k'<k} x_k')].
// The stick left before piece k is Π_{k'<k} (1 − z_k'), so everything is computed in
// logs from one running sum of log(1 − z) = logSigmoid(−u): each x_k is an exp of a sum
// (positive, no cancellation in 1 − Σ x), and it is vectorised over the last axis, so an
// array of simplexes (shape [..., K]) is one call.
// (Newer Stan releases may parameterise simplexes differently; the density on the
// simplex is the same, only the unconstrained coordinates differ.)

/** Entries of a simplex must sum to 1 within this (Stan's CONSTRAINT_TOLERANCE). */
const SUM_TOLERANCE = 1e-8;

function simplexLength(shape: Shape): number {
  checkShape('simplex', shape, 1);
  const length = shape[shape.length - 1]!;
  if (length < 1) throw new Error(`simplex: shape [${shape.join(', ')}] has a last axis of length 0, but a simplex needs at least 1 entry`);
  return length;
}

/** log(1/(K − k)) for 1-based k = 1..K−1: the offsets that centre y = 0 on the uniform simplex. */
function offsets(length: number): Tensor {
  return new Tensor(Float64Array.from({ length: length - 1 }, (_, k) => -Math.log(length - 1 - k)), [length - 1]);
}

export const simplexTransform: Transform = Object.freeze({
  name: 'simplex',
  batched: true,
  unconstrainedSize(shape: Shape): number {
    const length = simplexLength(shape);
    return (sizeOf(shape) / length) * (length - 1);
  },
  forward(unconstrained: Value, shape: Shape) {
    const length = simplexLength(shape);
    const batch = shape.slice(0, -1);
    const size = sizeOf(batch) * (length - 1);
    const flat = unconstrainedVector('simplex', unconstrained, size, shape);
    if (length === 1) return { value: fill(shape, 1), logAbsDetJacobian: 0 };
    const axis = shape.length - 1;
    const u = add(reshape(flat, [...batch, length - 1]), offsets(length));
    const logBreak = logSigmoid(u); // log z_k
    const logKeep = logSigmoid(neg(u)); // log(1 − z_k)
    const logLeftAfter = cumulativeSum(logKeep, { axis }); // log of the stick left after piece k
    // The stick left before piece k: 0 (all of it) for the first, then shifted by one.
    const logLeftBefore = concat([zeros([...batch, 1]), slice(logLeftAfter, 0, length - 2, axis)], axis);
    const value = concat([exp(add(logBreak, logLeftBefore)), exp(slice(logLeftAfter, length - 2, length - 1, axis))], axis);
    const logAbsDetJacobian = add(add(sum(logBreak), sum(logKeep)), sum(logLeftBefore));
    return { value, logAbsDetJacobian };
  },
  inverse(constrained: Primal, shape: Shape): Float64Array {
    const length = simplexLength(shape);
    const x = constrainedData('simplex', constrained, shape);
    const rows = x.length / length;
    const out = new Float64Array(rows * (length - 1));
    for (let r = 0; r < rows; r++) {
      const base = r * length;
      let total = 0;
      for (let k = 0; k < length; k++) {
        const v = x[base + k]!;
        if (!(v >= 0)) {
          throw new Error(`simplex: entries must be non-negative and sum to 1, but ${elementName(shape, base + k)} is ${v}`);
        }
        total += v;
      }
      if (!(Math.abs(total - 1) <= SUM_TOLERANCE)) {
        const which = rows === 1 ? 'they sum' : `the entries of ${elementName(shape.slice(0, -1), r)} sum`;
        throw new Error(`simplex: entries must be non-negative and sum to 1, but ${which} to ${total}`);
      }
      // 0-based k: y_k = logit(z_k) + log(K − 1 − k), where logit(z_k) = log x_k − log(Σ_{j>k} x_j).
      let rest = x[base + length - 1]!;
      for (let k = length - 2; k >= 0; k--) {
        const v = x[base + k]!;
        if (v === 0 || rest === 0) {
          const zero = v === 0 ? base + k : base + length - 1;
          throw new Error(
            `simplex: ${elementName(shape, zero)} is 0, but entries must be positive for the unconstrained value to be finite`,
          );
        }
        out[r * (length - 1) + k] = Math.log(v) - Math.log(rest) + Math.log(length - 1 - k);
        rest += v;
      }
    }
    return out;
  },
});
