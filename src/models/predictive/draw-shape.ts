import { Tensor, formatShape, shapesEqual, sizeOf, type Shape } from '../../ad/tensor.js';
import { primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import type { Distribution } from '../distributions/distribution.js';

// A draw from a sampling statement's distribution with the shape of its left-hand side.
// `y ~ normal(mu, sigma)` with scalar mu and sigma and a vector y is N independent draws
// (Stan's vectorised statements); in general the value's shape is some leading axes
// followed by the distribution's own shape (its event shape for a multivariate one), and
// the leading axes are filled with independent draws.

/** The shape of a value of the model: numbers are scalars, an Int32Array is a vector. */
export function valueShape(value: unknown): Shape {
  if (value instanceof Int32Array) return [value.length];
  return shapeOf(value as Value);
}

/** The scalars of a value, row-major. */
export function flatOf(value: Primal | Int32Array): Float64Array {
  if (typeof value === 'number') return Float64Array.of(value);
  if (value instanceof Int32Array) return Float64Array.from(value);
  return value.data;
}

/** One draw of `shape` from `distribution`; `what` names the value for errors. */
export function drawWithShape(distribution: Distribution, shape: Shape, rng: Rng, what: string): Primal {
  const event = distribution.shape;
  const leading = shape.length - event.length;
  if (leading < 0 || !shapesEqual(shape.slice(leading), event)) {
    throw new Error(
      `${what} has shape ${formatShape(shape)}, but its distribution ${distribution.name} draws values of shape ${formatShape(event)}; ` +
        'a value can be simulated when its shape is the distribution\'s shape, possibly after leading axes of independent draws',
    );
  }
  if (leading === 0) return primal(distribution.sample(rng) as Value);
  const count = sizeOf(shape.slice(0, leading));
  const draws = primal(distribution.sample(rng, count) as Value);
  const data = typeof draws === 'number' ? Float64Array.of(draws) : draws.data;
  if (data.length !== sizeOf(shape)) {
    throw new Error(`${what}: ${distribution.name} gave ${data.length} values for ${count} draws, but shape ${formatShape(shape)} needs ${sizeOf(shape)}`);
  }
  return new Tensor(Float64Array.from(data), shape);
}
