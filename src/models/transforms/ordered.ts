import { cumulativeSum } from '../../ad/ops/cumulative.js';
import { sum } from '../../ad/ops/reduce.js';
import { concat, reshape, slice } from '../../ad/ops/shape.js';
import { exp } from '../../ad/ops/unary.js';
import { sizeOf, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import { checkShape, constrainedData, elementName, unconstrainedVector } from './shapes.js';
import type { Transform } from './transform.js';

// Stan reference manual, "Constraint transforms", ordered vector:
//   x_1 = y_1,   x_k = x_{k−1} + exp(y_k) (k ≥ 2),   log |J| = Σ_{k≥2} y_k
// (the Jacobian is lower triangular with diagonal 1, exp(y_2), …). Computed as one
// running sum of the increments along the last axis, so arrays of ordered vectors
// (shape [..., K]) are one call.

export function orderedLength(transformName: string, shape: Shape): number {
  checkShape(transformName, shape, 1);
  const length = shape[shape.length - 1]!;
  if (length < 1) throw new Error(`${transformName}: shape [${shape.join(', ')}] has a last axis of length 0, but needs at least 1 entry`);
  return length;
}

/**
 * The unconstrained value of rows that are strictly increasing along the last axis:
 * y_1 = first(x_1), y_k = log(x_k − x_{k−1}).
 */
export function increasingInverse(transformName: string, x: Float64Array, shape: Shape, first: (v: number, index: number) => number): Float64Array {
  const length = shape[shape.length - 1]!;
  const out = new Float64Array(x.length);
  for (let base = 0; base < x.length; base += length) {
    out[base] = first(x[base]!, base);
    for (let k = 1; k < length; k++) {
      const [previous, current] = [x[base + k - 1]!, x[base + k]!];
      if (!(current > previous) || !Number.isFinite(current)) {
        throw new Error(
          `${transformName}: entries must be finite and strictly increasing, but ${elementName(shape, base + k)} is ${current} ` +
            `and ${elementName(shape, base + k - 1)} is ${previous}`,
        );
      }
      out[base + k] = Math.log(current - previous);
    }
  }
  return out;
}

export const orderedTransform: Transform = Object.freeze({
  name: 'ordered',
  batched: true,
  unconstrainedSize(shape: Shape): number {
    orderedLength('ordered', shape);
    return sizeOf(shape);
  },
  forward(unconstrained: Value, shape: Shape) {
    const length = orderedLength('ordered', shape);
    const y = reshape(unconstrainedVector('ordered', unconstrained, sizeOf(shape), shape), shape);
    if (length === 1) return { value: y, logAbsDetJacobian: 0 };
    const axis = shape.length - 1;
    const steps = slice(y, 1, length, axis);
    const value = cumulativeSum(concat([slice(y, 0, 1, axis), exp(steps)], axis), { axis });
    return { value, logAbsDetJacobian: sum(steps) };
  },
  inverse(constrained: Primal, shape: Shape): Float64Array {
    orderedLength('ordered', shape);
    const x = constrainedData('ordered', constrained, shape);
    return increasingInverse('ordered', x, shape, (v, index) => {
      if (!Number.isFinite(v)) throw new Error(`ordered: ${elementName(shape, index)} is ${v}, but must be finite`);
      return v;
    });
  },
});
