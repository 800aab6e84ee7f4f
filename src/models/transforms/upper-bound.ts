import { sub } from '../../ad/ops/arithmetic.js';
import { exp } from '../../ad/ops/unary.js';
import { sizeOf, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import { finiteAt, identityMap } from './identity.js';
import { boundValues, boundWhere, conditionOf, piecewise, type ElementwiseMap } from './piecewise.js';
import { checkShape, constrainedData, elementName, unconstrainedAsShape } from './shapes.js';
import type { Transform } from './transform.js';

// Stan reference manual, "Constraint transforms", upper bounded scalar:
//   x = b − exp(y),   y = log(b − x),   log |dx/dy| = y.
// An upper bound of +∞ leaves the element unconstrained, as Stan's ub_constrain does.

/** The upper-bounded branch on its own (the bound finite everywhere it applies). */
export function upperBoundMap(unconstrained: Value, upper: Value): ElementwiseMap {
  return { value: sub(upper, exp(unconstrained)), logAbsDetJacobian: unconstrained };
}

/** The unconstrained value of one element x < upper (finite upper). */
export function upperBoundInverseAt(transformName: string, x: number, upper: number, name: string): number {
  if (!(x < upper) || x === -Infinity) {
    throw new Error(`${transformName}: ${name} is ${x}, but must be less than the upper bound ${upper} (and finite)`);
  }
  return Math.log(upper - x);
}

function checkUpper(transformName: string, values: Float64Array): void {
  if (values.some((v) => v === -Infinity)) {
    throw new Error(`${transformName}: the upper bound is -Infinity, but must be finite (or Infinity for no bound)`);
  }
}

/** x < upper, elementwise; `upper` may be a traced value (its derivative then flows through x). */
export function upperBoundTransform(upper: Value): Transform {
  const name = 'upper';
  return {
    name,
    batched: true,
    unconstrainedSize(shape: Shape): number {
      checkShape(name, shape);
      return sizeOf(shape);
    },
    forward(unconstrained: Value, shape: Shape) {
      checkShape(name, shape);
      const bounds = boundValues(name, 'upper', upper, shape);
      checkUpper(name, bounds);
      const y = unconstrainedAsShape(name, unconstrained, shape);
      const finite = conditionOf(shape, bounds.length, (i) => Number.isFinite(bounds[i]));
      const infinite = conditionOf(shape, bounds.length, (i) => !Number.isFinite(bounds[i]));
      return piecewise(y, shape, [
        { condition: finite, map: (u, c) => upperBoundMap(u, boundWhere(c, upper, 0)) },
        { condition: infinite, map: identityMap },
      ]);
    },
    inverse(constrained: Primal, shape: Shape): Float64Array {
      const x = constrainedData(name, constrained, shape);
      const bounds = boundValues(name, 'upper', upper, shape);
      checkUpper(name, bounds);
      return x.map((v, i) =>
        Number.isFinite(bounds[i]) ? upperBoundInverseAt(name, v, bounds[i]!, elementName(shape, i)) : finiteAt(name, v, elementName(shape, i)),
      );
    },
  };
}
