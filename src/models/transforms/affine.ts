import { add, mul } from '../../ad/ops/arithmetic.js';
import { broadcastTo } from '../../ad/ops/broadcasting.js';
import { sum } from '../../ad/ops/reduce.js';
import { log } from '../../ad/ops/unary.js';
import { sizeOf, type Shape } from '../../ad/tensor.js';
import { Box, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import { boundValues } from './piecewise.js';
import { checkShape, constrainedData, elementName, unconstrainedAsShape } from './shapes.js';
import type { Transform } from './transform.js';

// Stan reference manual, "Constraint transforms", affinely transformed real
// (`real<offset=μ, multiplier=σ>`):
//   x = μ + σ·y,   y = (x − μ)/σ,   log |dx/dy| = log σ per element.
// The sampler then moves in y, the non-centred coordinates, while the model reads x.
// Offset and multiplier may be scalars or values of the parameter's shape (broadcast), and
// may depend on other parameters (a non-centred hierarchy: offset=mu, multiplier=tau).

function checkMultiplier(values: Float64Array): void {
  values.forEach((m, i) => {
    if (!(m > 0) || m === Infinity) {
      throw new Error(`affine: the multiplier${values.length > 1 ? `[${i}]` : ''} is ${m}, but must be positive and finite`);
    }
  });
}

function checkOffset(values: Float64Array): void {
  values.forEach((o, i) => {
    if (!Number.isFinite(o)) throw new Error(`affine: the offset${values.length > 1 ? `[${i}]` : ''} is ${o}, but must be finite`);
  });
}

/** x = offset + multiplier · y, elementwise; either may be a traced value. */
export function affineTransform(offset: Value, multiplier: Value): Transform {
  const name = 'affine';
  // Plain (data) values are checked once here; a traced multiplier that is not positive
  // gives log σ = NaN, so the point is rejected like any other density that is not finite.
  if (!(multiplier instanceof Box)) checkMultiplier(boundValues(name, 'multiplier', multiplier, shapeOf(multiplier)));
  if (!(offset instanceof Box)) checkOffset(boundValues(name, 'offset', offset, shapeOf(offset)));
  return {
    name,
    batched: true,
    unconstrainedSize(shape: Shape): number {
      checkShape(name, shape);
      return sizeOf(shape);
    },
    forward(unconstrained: Value, shape: Shape) {
      checkShape(name, shape);
      const y = unconstrainedAsShape(name, unconstrained, shape);
      const value = broadcastTo(add(offset, mul(multiplier, y)), shape);
      // log σ summed over the elements: n log σ for a scalar multiplier (one node, not n).
      const count = sizeOf(shape);
      const logMultiplier = log(multiplier);
      const logAbsDetJacobian =
        multiplier === 1 ? 0 : shapeOf(multiplier).length === 0 ? mul(count, logMultiplier) : sum(broadcastTo(logMultiplier, shape));
      return { value, logAbsDetJacobian };
    },
    inverse(constrained: Primal, shape: Shape): Float64Array {
      const x = constrainedData(name, constrained, shape);
      const offsets = boundValues(name, 'offset', offset, shape);
      const multipliers = boundValues(name, 'multiplier', multiplier, shape);
      checkOffset(offsets);
      checkMultiplier(multipliers);
      return x.map((v, i) => {
        if (!Number.isFinite(v)) throw new Error(`affine: ${elementName(shape, i)} is ${v}, but must be finite`);
        return (v - offsets[i]!) / multipliers[i]!;
      });
    },
  };
}
