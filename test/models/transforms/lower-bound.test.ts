import { describe, expect, it } from 'vitest';
import { add, at, checkGrad, flatten, mul, primal, slice, sum, tensor, type Value } from '../../../src/index.js';
import type { Primal } from '../../../src/ad/trace.js';
import { lowerBoundTransform } from '../../../src/models/transforms/lower-bound.js';
import { dataOf, describeTransform, expectClose } from './support.js';

const elementwise = (v: Value): Value => (typeof primal(v) === 'number' ? v : flatten(v));
const above = (bounds: ArrayLike<number>) => (x: Primal, strict: boolean): void => {
  dataOf(x).forEach((v, i) => {
    const b = bounds[bounds.length === 1 ? 0 : i]!;
    expect(strict ? v > b : v >= b, `value[${i}] = ${v} against the lower bound ${b}`).toBe(true);
  });
};

describeTransform('lower', { transform: lowerBoundTransform(0), shape: [], free: elementwise, satisfies: above([0]), examples: [0.001, 7] });
describeTransform('lower', { transform: lowerBoundTransform(-2), shape: [5], free: elementwise, satisfies: above([-2]) });
describeTransform('lower', {
  transform: lowerBoundTransform(tensor([1, -Infinity, 3])),
  shape: [3],
  free: elementwise,
  satisfies: above([1, -Infinity, 3]),
  examples: [tensor([1.5, -40, 3.001])],
});

describe('lower bound', () => {
  it('is x = a + exp(y) with log|J| = y', () => {
    const { value, logAbsDetJacobian } = lowerBoundTransform(2).forward(tensor([0, Math.log(3)]), [2]);
    expectClose(dataOf(value), [3, 5], 1e-15, 'value');
    expect(logAbsDetJacobian).toBeCloseTo(Math.log(3), 15);
  });

  it('is the identity where the bound is -Infinity (as Stan)', () => {
    const scalar = lowerBoundTransform(-Infinity).forward(1.25, []);
    expect(scalar.value).toBe(1.25);
    expect(scalar.logAbsDetJacobian).toBe(0);
    const mixed = lowerBoundTransform(tensor([0, -Infinity])).forward(tensor([0.5, 800]), [2]);
    expectClose(dataOf(mixed.value), [Math.exp(0.5), 800], 1e-15, 'mixed value');
    expect(mixed.logAbsDetJacobian).toBeCloseTo(0.5, 15);
  });

  it('lets a traced bound carry its derivative: x = lb + exp(y) has ∂x/∂lb = 1', () => {
    // θ = (y, b) with the bound b = 2·θ₂: both the value and the bound's path are checked.
    const objective = (theta: Value): Value => {
      const { value, logAbsDetJacobian } = lowerBoundTransform(mul(2, at(theta, 2))).forward(slice(theta, 0, 2), [2]);
      return add(sum(mul(value, tensor([0.7, -1.3]))), logAbsDetJacobian);
    };
    expect(checkGrad(objective, tensor([0.3, -0.8, 0.4]), { order: 2 })).toBeLessThan(1e-7);
  });

  it('names the rule when a value or the bound is out of place', () => {
    const transform = lowerBoundTransform(0);
    expect(() => transform.inverse(tensor([1, -1]), [2])).toThrow('lower: value[1] is -1, but must be greater than the lower bound 0');
    expect(() => transform.inverse(0, [])).toThrow('lower: value is 0, but must be greater than the lower bound 0');
    expect(() => lowerBoundTransform(Infinity).forward(0, [])).toThrow('lower: the lower bound is Infinity');
    expect(() => lowerBoundTransform(tensor([0, 1])).forward(tensor([0, 0, 0]), [3])).toThrow(
      "lower: the lower bound has shape [2], which does not broadcast to the parameter's shape [3]",
    );
    expect(() => lowerBoundTransform(NaN).inverse(1, [])).toThrow('lower: the lower bound is NaN');
  });
});
