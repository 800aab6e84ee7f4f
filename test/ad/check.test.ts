import { describe, expect, it } from 'vitest';
import { add, at, checkGrad, log, mul, sin, stopGradient, sum, tensor, type Value } from '../../src/ad/index.js';

// The gradient checker itself: it must pass correct derivatives at any scale of the input
// and fail wrong ones (the customGradient cases are in transforms.test.ts).

describe('checkGrad', () => {
  it('passes correct derivatives of a function of a tensor, a number and a record', () => {
    expect(checkGrad((x: Value) => sum(mul(x, sin(x))), tensor([0.3, -1.2, 2]), { order: 2 })).toBeLessThan(1e-8);
    expect(checkGrad((x: Value) => mul(x, log(x)), 2.5, { order: 2 })).toBeLessThan(1e-8);
    expect(checkGrad((p: { a: Value; b: Value }) => mul(p.a, sum(p.b)), { a: 2, b: tensor([1, 2]) }, { order: 2 })).toBeLessThan(1e-8);
  });

  it('steps each coordinate by its own scale, so mixed scales stay inside the domain', () => {
    // One step for all coordinates, taken from the largest (1000), would evaluate log at
    // 0.01 ± 1 (NaN) and report an error where there is none.
    const f = (x: Value): Value => add(log(at(x, 0)), mul(1e-3, at(x, 1)));
    const error = checkGrad(f, tensor([0.01, 1000]), { step: 1e-4 });
    expect(error).toBeLessThan(1e-6);
    expect(checkGrad((x: Value[]) => add(log(x[0]!), x[1]!), [0.2, 30], { order: 2 })).toBeLessThan(1e-6);
  });

  it('reports a large error when the derivative is wrong', () => {
    // x·stopGradient(x) has value x² but AD derivative x: half the true 2x.
    expect(checkGrad((x: Value) => mul(x, stopGradient(x)), 1.5)).toBeGreaterThan(0.5);
  });

  it('refuses a non-scalar function', () => {
    expect(() => checkGrad((x: Value) => mul(x, 2), tensor([1, 2]))).toThrow('checkGrad: the function must return a scalar');
  });
});
