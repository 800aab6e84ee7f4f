import { div, mul } from '../../ad/ops/arithmetic.js';
import { sum } from '../../ad/ops/reduce.js';
import { reshape } from '../../ad/ops/shape.js';
import { sqrt, square } from '../../ad/ops/unary.js';
import { sizeOf, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import { checkShape, constrainedData, elementName, unconstrainedVector } from './shapes.js';
import type { Transform } from './transform.js';

// Stan reference manual, "Constraint transforms", unit vector: K unconstrained reals y map
// to x = y / ‖y‖ on the unit sphere. The map is not a bijection (every positive multiple
// of y gives the same x), so Stan adds −½‖y‖² in place of a log-Jacobian: y is then
// standard normal in the radial direction too, the posterior of y proper, and x has the
// model's density with respect to the uniform measure on the sphere. Vectorised over the
// last axis (an array of unit vectors is one call).

/** Entries of a unit vector must have squared norm 1 within this (Stan's CONSTRAINT_TOLERANCE). */
const NORM_TOLERANCE = 1e-8;

function vectorLength(shape: Shape): number {
  checkShape('unitVector', shape, 1);
  const length = shape[shape.length - 1]!;
  if (length < 1) throw new Error(`unitVector: shape [${shape.join(', ')}] has a last axis of length 0, but a unit vector needs at least 1 entry`);
  return length;
}

export const unitVectorTransform: Transform = Object.freeze({
  name: 'unitVector',
  batched: true,
  unconstrainedSize(shape: Shape): number {
    vectorLength(shape);
    return sizeOf(shape);
  },
  forward(unconstrained: Value, shape: Shape) {
    vectorLength(shape);
    const y = reshape(unconstrainedVector('unitVector', unconstrained, sizeOf(shape), shape), shape);
    const squares = square(y);
    const axis = shape.length - 1;
    // ‖y‖ per vector, kept as a trailing axis of 1 so that it broadcasts against y.
    const norms = reshape(sqrt(sum(squares, axis)), [...shape.slice(0, -1), 1]);
    return { value: div(y, norms), logAbsDetJacobian: mul(-0.5, sum(squares)) };
  },
  inverse(constrained: Primal, shape: Shape): Float64Array {
    const length = vectorLength(shape);
    const x = constrainedData('unitVector', constrained, shape);
    for (let base = 0; base < x.length; base += length) {
      let squaredNorm = 0;
      for (let k = 0; k < length; k++) {
        const v = x[base + k]!;
        if (!Number.isFinite(v)) throw new Error(`unitVector: ${elementName(shape, base + k)} is ${v}, but must be finite`);
        squaredNorm += v * v;
      }
      if (!(Math.abs(squaredNorm - 1) <= NORM_TOLERANCE)) {
        const which = x.length === length ? 'its squared norm' : `the squared norm of ${elementName(shape.slice(0, -1), base / length)}`;
        throw new Error(`unitVector: a unit vector has squared norm 1, but ${which} is ${squaredNorm}`);
      }
    }
    // Any positive multiple of x maps to x; x itself (norm 1) is the one Stan takes.
    return Float64Array.from(x);
  },
});
