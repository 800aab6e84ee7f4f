import { cumulativeSum } from '../../ad/ops/cumulative.js';
import { sum } from '../../ad/ops/reduce.js';
import { reshape } from '../../ad/ops/shape.js';
import { exp } from '../../ad/ops/unary.js';
import { sizeOf, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import { increasingInverse, orderedLength } from './ordered.js';
import { constrainedData, elementName, unconstrainedVector } from './shapes.js';
import type { Transform } from './transform.js';

// Stan reference manual, "Constraint transforms", positive ordered vector:
//   x_1 = exp(y_1),   x_k = x_{k−1} + exp(y_k),   log |J| = Σ_k y_k
// — one running sum of exp(y) along the last axis.

export const positiveOrderedTransform: Transform = Object.freeze({
  name: 'positiveOrdered',
  batched: true,
  unconstrainedSize(shape: Shape): number {
    orderedLength('positiveOrdered', shape);
    return sizeOf(shape);
  },
  forward(unconstrained: Value, shape: Shape) {
    orderedLength('positiveOrdered', shape);
    const y = reshape(unconstrainedVector('positiveOrdered', unconstrained, sizeOf(shape), shape), shape);
    return { value: cumulativeSum(exp(y), { axis: shape.length - 1 }), logAbsDetJacobian: sum(y) };
  },
  inverse(constrained: Primal, shape: Shape): Float64Array {
    orderedLength('positiveOrdered', shape);
    const x = constrainedData('positiveOrdered', constrained, shape);
    return increasingInverse('positiveOrdered', x, shape, (v, index) => {
      if (!(v > 0) || !Number.isFinite(v)) {
        throw new Error(`positiveOrdered: ${elementName(shape, index)} is ${v}, but the first entry must be positive and finite`);
      }
      return Math.log(v);
    });
  },
});
