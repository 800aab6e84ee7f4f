import { add } from '../../ad/ops/arithmetic.js';
import { sum } from '../../ad/ops/reduce.js';
import { exp } from '../../ad/ops/unary.js';
import { sizeOf, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import { finiteAt, identityMap } from './identity.js';
import { boundValues, boundWhere, conditionOf, piecewise, type ElementwiseMap } from './piecewise.js';
import { checkShape, constrainedData, elementName, unconstrainedAsShape } from './shapes.js';
import type { Transform } from './transform.js';

// Stan reference manual, "Constraint transforms", lower bounded scalar:
//   x = a + exp(y),   y = log(x − a),   log |dx/dy| = y.
// A lower bound of −∞ leaves the element unconstrained (x = y, no Jacobian term), as
// Stan's lb_constrain does.

/** The lower-bounded branch on its own (the bound finite everywhere it applies). */
export function lowerBoundMap(unconstrained: Value, lower: Value): ElementwiseMap {
  // A zero bound (scales, rates: the common case) needs no addition node.
  return { value: lower === 0 ? exp(unconstrained) : add(lower, exp(unconstrained)), logAbsDetJacobian: unconstrained };
}

/** The unconstrained value of one element x > lower (finite lower). */
export function lowerBoundInverseAt(transformName: string, x: number, lower: number, name: string): number {
  if (!(x > lower) || x === Infinity) {
    throw new Error(`${transformName}: ${name} is ${x}, but must be greater than the lower bound ${lower} (and finite)`);
  }
  return Math.log(x - lower);
}

function checkLower(transformName: string, values: Float64Array): void {
  if (values.some((v) => v === Infinity)) {
    throw new Error(`${transformName}: the lower bound is Infinity, but must be finite (or -Infinity for no bound)`);
  }
}

/** x > lower, elementwise; `lower` may be a traced value (its derivative then flows through x). */
export function lowerBoundTransform(lower: Value): Transform {
  const name = 'lower';
  return {
    name,
    batched: true,
    unconstrainedSize(shape: Shape): number {
      checkShape(name, shape);
      return sizeOf(shape);
    },
    forward(unconstrained: Value, shape: Shape) {
      checkShape(name, shape);
      if (typeof lower === 'number' && Number.isFinite(lower)) {
        // The common case, a constant finite bound (sigma > 0): one branch, no masks.
        const map = lowerBoundMap(unconstrainedAsShape(name, unconstrained, shape), lower);
        return { value: map.value, logAbsDetJacobian: sum(map.logAbsDetJacobian) };
      }
      const bounds = boundValues(name, 'lower', lower, shape);
      checkLower(name, bounds);
      const y = unconstrainedAsShape(name, unconstrained, shape);
      const finite = conditionOf(shape, bounds.length, (i) => Number.isFinite(bounds[i]));
      const infinite = conditionOf(shape, bounds.length, (i) => !Number.isFinite(bounds[i]));
      return piecewise(y, shape, [
        { condition: finite, map: (u, c) => lowerBoundMap(u, boundWhere(c, lower, 0)) },
        { condition: infinite, map: identityMap },
      ]);
    },
    inverse(constrained: Primal, shape: Shape): Float64Array {
      const x = constrainedData(name, constrained, shape);
      const bounds = boundValues(name, 'lower', lower, shape);
      checkLower(name, bounds);
      return x.map((v, i) =>
        Number.isFinite(bounds[i]) ? lowerBoundInverseAt(name, v, bounds[i]!, elementName(shape, i)) : finiteAt(name, v, elementName(shape, i)),
      );
    },
  };
}
