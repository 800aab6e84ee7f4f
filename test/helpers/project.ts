import { add, mul, shapeOf, sum, Tensor, type Value } from '../../src/ad/index.js';

/**
 * Fixed, uneven weights of a shape: alternating signs and magnitudes in [0.5, 1.5), so a
 * vjp that ignores, permutes or mis-broadcasts its cotangent is caught.
 */
function weights(shape: readonly number[], phase: number): Value {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = Float64Array.from({ length: size }, (_, i) => (i % 2 === 0 ? 1 : -1) * (0.5 + ((0.618034 * (i + phase)) % 1)));
  return shape.length === 0 ? data[0]! : new Tensor(data, shape);
}

/**
 * Any output reduced to a scalar: Σ wᵢyᵢ + ½ Σ vᵢyᵢ². The quadratic term makes the
 * cotangent reaching the op depend on its own output, so second derivatives exercise the
 * op's vjp of vjp even when the op is linear (reshape, slice, matmul in one argument).
 */
export function project(y: Value): Value {
  const shape = shapeOf(y);
  return sum(add(mul(weights(shape, 1), y), mul(mul(0.5, weights(shape, 2)), mul(y, y))));
}
