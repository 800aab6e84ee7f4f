import { expect } from 'vitest';
import { checkGrad, customGradient, dot, mul, Tensor, type Value } from '../../src/ad/index.js';
import type { CompiledModel } from '../../src/models/model.js';
import { makeRng } from '../../src/random/rng.js';

// Checks shared by the example-model tests: a model's log density against an independent
// hand-written one (equal up to an additive constant), and its gradient against finite
// differences with the AD core's checkGrad.

/** Unconstrained points drawn uniformly from (−radius, radius)^dim, as Stan draws initial values. */
export function randomPoints(dim: number, count: number, seed: number, radius = 1): Float64Array[] {
  const rng = makeRng(seed, 0);
  return Array.from({ length: count }, () => Float64Array.from({ length: dim }, () => radius * (2 * rng.uniform() - 1)));
}

/**
 * The model's log density and the reference differ by the same constant at every point:
 * the difference between each point and the first agrees to `tolerance`, relative to the
 * size of the log densities involved (the differences cancel their leading digits).
 */
export function expectSameDensity(model: CompiledModel, reference: (theta: Float64Array) => number, points: readonly Float64Array[], tolerance = 1e-10): void {
  const base = points[0]!;
  const modelBase = model.logDensity(base);
  const referenceBase = reference(base);
  expect(Number.isFinite(modelBase), `log density at the first point is ${modelBase}`).toBe(true);
  for (const point of points.slice(1)) {
    const modelValue = model.logDensity(point);
    const referenceValue = reference(point);
    const scale = Math.max(1, Math.abs(modelBase), Math.abs(modelValue), Math.abs(referenceValue));
    const difference = modelValue - modelBase - (referenceValue - referenceBase);
    expect(Math.abs(difference) / scale, `at [${Array.from(point).join(', ')}]: model ${modelValue}, reference ${referenceValue}`).toBeLessThan(tolerance);
    expect(model.logDensityAndGradient(point).logDensity).toBe(modelValue);
  }
}

/**
 * The model's log density as a differentiable function (one custom op whose derivative is
 * the model's own gradient), so that checkGrad compares that gradient with finite
 * differences of logDensity.
 */
export function asFunction(model: CompiledModel): (theta: Value) => Value {
  const gradientAt = (theta: Value): Tensor => {
    const data = (theta as Tensor).data;
    return new Tensor(model.logDensityAndGradient(data).gradient, [data.length]);
  };
  return customGradient({
    name: 'model',
    forward: (theta) => model.logDensity((theta as Tensor).data),
    vjp: (g, { args }) => [mul(g, gradientAt(args[0]!))],
    jvp: ([tangent], { args }) => dot(tangent!, gradientAt(args[0]!)),
  });
}

/** The largest relative error of the model's gradient against finite differences at `theta`. */
export function gradientError(model: CompiledModel, theta: Float64Array, directions = 4): number {
  return checkGrad(asFunction(model), new Tensor(Float64Array.from(theta), [theta.length]), { directions });
}
