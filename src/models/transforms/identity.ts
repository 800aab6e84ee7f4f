import { sizeOf, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import type { ElementwiseMap } from './piecewise.js';
import { checkShape, constrainedData, elementName, unconstrainedAsShape } from './shapes.js';
import type { Transform } from './transform.js';

// Unconstrained reals: x = y, log |J| = 0. Also the branch that bounded transforms take
// where a bound is infinite.

export const identityMap = (unconstrained: Value): ElementwiseMap => ({ value: unconstrained, logAbsDetJacobian: 0 });

/** An unbounded element is its own unconstrained value; it must be finite. */
export function finiteAt(transformName: string, x: number, name: string): number {
  if (!Number.isFinite(x)) throw new Error(`${transformName}: ${name} is ${x}, but must be finite`);
  return x;
}

export const identityTransform: Transform = Object.freeze({
  name: 'identity',
  batched: true,
  unconstrainedSize(shape: Shape): number {
    checkShape('identity', shape);
    return sizeOf(shape);
  },
  forward(unconstrained: Value, shape: Shape) {
    checkShape('identity', shape);
    return { value: unconstrainedAsShape('identity', unconstrained, shape), logAbsDetJacobian: 0 };
  },
  inverse(constrained: Primal, shape: Shape): Float64Array {
    const x = constrainedData('identity', constrained, shape);
    return x.map((v, i) => finiteAt('identity', v, elementName(shape, i)));
  },
});
