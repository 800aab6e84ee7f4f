import { broadcastShapes } from '../../ad/broadcast.js';
import { add, mul, neg, sub } from '../../ad/ops/arithmetic.js';
import { logSigmoid, sigmoid } from '../../ad/ops/link.js';
import { whereBy } from '../../ad/ops/select.js';
import { log } from '../../ad/ops/unary.js';
import { sizeOf, type Shape } from '../../ad/tensor.js';
import { Box, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import { finiteAt, identityMap } from './identity.js';
import { lowerBoundInverseAt, lowerBoundMap } from './lower-bound.js';
import { boundValues, boundWhere, conditionOf, piecewise, type ElementwiseMap } from './piecewise.js';
import { checkShape, constrainedData, elementName, unconstrainedAsShape } from './shapes.js';
import type { Transform } from './transform.js';
import { upperBoundInverseAt, upperBoundMap } from './upper-bound.js';

// Stan reference manual, "Constraint transforms", lower and upper bounded scalar:
//   x = a + (b − a)·logit⁻¹(y),   y = logit((x − a)/(b − a)),
//   log |dx/dy| = log(b − a) + log logit⁻¹(y) + log(1 − logit⁻¹(y)),
// with the last two terms as logSigmoid(y) + logSigmoid(−y), finite for any y. Where an
// element's bounds are infinite it degrades as Stan's lub_constrain does: to the lower-
// or upper-bounded transform, or to the identity when both are.
//
// Bounds may be traced values depending on other parameters (garch11's
// 0 < beta1 < 1 − alpha1); the bound's own dependence then enters through AD, and the
// log-Jacobian term log(b − a) is the one that carries it.

const isPositive = (v: number): boolean => v > 0;

/** The interval branch on its own (both bounds finite and a < b where it applies). */
export function intervalMap(unconstrained: Value, lower: Value, upper: Value): ElementwiseMap {
  const width = sub(upper, lower);
  // For y > 0, x is measured down from b: b − (b − a)·logit⁻¹(−y) ≤ b after rounding,
  // where a + (b − a)·logit⁻¹(y) can round past b (0.1 + 0.2·logit⁻¹(40) > 0.3). So the
  // value never leaves [a, b] in floating point.
  // whereBy: the side is chosen inside the op, so a replayed gradient picks it anew.
  const value = whereBy(
    unconstrained,
    isPositive,
    sub(upper, mul(width, sigmoid(neg(unconstrained)))),
    add(lower, mul(width, sigmoid(unconstrained))),
  );
  const logAbsDetJacobian = add(log(width), add(logSigmoid(unconstrained), logSigmoid(neg(unconstrained))));
  return { value, logAbsDetJacobian };
}

/** The unconstrained value of one element lower < x < upper (both finite): logit, as a difference of logs. */
export function intervalInverseAt(transformName: string, x: number, lower: number, upper: number, name: string): number {
  if (!(x > lower && x < upper)) {
    throw new Error(`${transformName}: ${name} is ${x}, but must be strictly between the bounds ${lower} and ${upper}`);
  }
  return Math.log(x - lower) - Math.log(upper - x);
}

/** The first element whose finite bounds are not ordered lower < upper, or −1. */
function firstDisorder(lowers: Float64Array, uppers: Float64Array): number {
  for (let i = 0; i < lowers.length; i++) {
    if (Number.isFinite(lowers[i]) && Number.isFinite(uppers[i]) && !(lowers[i]! < uppers[i]!)) return i;
  }
  return -1;
}

function checkBounds(name: string, lowers: Float64Array, uppers: Float64Array): number {
  if (lowers.some((v) => v === Infinity)) throw new Error(`${name}: the lower bound is Infinity, but must be finite (or -Infinity for no bound)`);
  if (uppers.some((v) => v === -Infinity)) throw new Error(`${name}: the upper bound is -Infinity, but must be finite (or Infinity for no bound)`);
  return firstDisorder(lowers, uppers);
}

function disorderError(name: string, lowers: Float64Array, uppers: Float64Array, index: number, shape: Shape): Error {
  const element = shape.length === 0 ? '' : ` (for ${elementName(shape, index)})`;
  return new Error(`${name}: the lower bound ${lowers[index]} is not less than the upper bound ${uppers[index]}${element}`);
}

/**
 * lower < x < upper, elementwise. Constant bounds out of order are an error at once;
 * traced bounds out of order (a proposal outside the joint support) give log |J| = −∞,
 * the zero density at which samplers reject, where Stan would throw and reject.
 */
export function intervalTransform(lower: Value, upper: Value): Transform {
  const name = 'interval';
  if (!(lower instanceof Box) && !(upper instanceof Box)) {
    const shape = broadcastShapes(name, shapeOf(lower), shapeOf(upper));
    const lowers = boundValues(name, 'lower', lower, shape);
    const uppers = boundValues(name, 'upper', upper, shape);
    const bad = checkBounds(name, lowers, uppers);
    if (bad >= 0) throw disorderError(name, lowers, uppers, bad, shape);
  }
  return {
    name,
    batched: true,
    unconstrainedSize(shape: Shape): number {
      checkShape(name, shape);
      return sizeOf(shape);
    },
    forward(unconstrained: Value, shape: Shape) {
      checkShape(name, shape);
      const lowers = boundValues(name, 'lower', lower, shape);
      const uppers = boundValues(name, 'upper', upper, shape);
      const bad = checkBounds(name, lowers, uppers);
      const y = unconstrainedAsShape(name, unconstrained, shape);
      const n = lowers.length;
      const both = conditionOf(shape, n, (i) => Number.isFinite(lowers[i]) && Number.isFinite(uppers[i]));
      const lowerOnly = conditionOf(shape, n, (i) => Number.isFinite(lowers[i]) && !Number.isFinite(uppers[i]));
      const upperOnly = conditionOf(shape, n, (i) => !Number.isFinite(lowers[i]) && Number.isFinite(uppers[i]));
      const neither = conditionOf(shape, n, (i) => !Number.isFinite(lowers[i]) && !Number.isFinite(uppers[i]));
      const result = piecewise(y, shape, [
        { condition: both, map: (u, c) => intervalMap(u, boundWhere(c, lower, 0), boundWhere(c, upper, 1)) },
        { condition: lowerOnly, map: (u, c) => lowerBoundMap(u, boundWhere(c, lower, 0)) },
        { condition: upperOnly, map: (u, c) => upperBoundMap(u, boundWhere(c, upper, 0)) },
        { condition: neither, map: identityMap },
      ]);
      return bad >= 0 ? { value: result.value, logAbsDetJacobian: -Infinity } : result;
    },
    inverse(constrained: Primal, shape: Shape): Float64Array {
      const x = constrainedData(name, constrained, shape);
      const lowers = boundValues(name, 'lower', lower, shape);
      const uppers = boundValues(name, 'upper', upper, shape);
      const bad = checkBounds(name, lowers, uppers);
      if (bad >= 0) throw disorderError(name, lowers, uppers, bad, shape);
      return x.map((v, i) => {
        const [a, b, element] = [lowers[i]!, uppers[i]!, elementName(shape, i)];
        if (Number.isFinite(a) && Number.isFinite(b)) return intervalInverseAt(name, v, a, b, element);
        if (Number.isFinite(a)) return lowerBoundInverseAt(name, v, a, element);
        if (Number.isFinite(b)) return upperBoundInverseAt(name, v, b, element);
        return finiteAt(name, v, element);
      });
    },
  };
}
