import { describe, expect, it } from 'vitest';
import { flatten, primal, tensor, type Value } from '../../../src/index.js';
import type { Primal } from '../../../src/ad/trace.js';
import { upperBoundTransform } from '../../../src/models/transforms/upper-bound.js';
import { dataOf, describeTransform, expectClose } from './support.js';

const elementwise = (v: Value): Value => (typeof primal(v) === 'number' ? v : flatten(v));
const below = (bounds: ArrayLike<number>) => (x: Primal, strict: boolean): void => {
  dataOf(x).forEach((v, i) => {
    const b = bounds[bounds.length === 1 ? 0 : i]!;
    expect(strict ? v < b : v <= b, `value[${i}] = ${v} against the upper bound ${b}`).toBe(true);
  });
};

describeTransform('upper', { transform: upperBoundTransform(1), shape: [], free: elementwise, satisfies: below([1]), examples: [0.999, -20] });
describeTransform('upper', { transform: upperBoundTransform(tensor([0, 5])), shape: [3, 2], free: elementwise, satisfies: below([0, 5, 0, 5, 0, 5]) });
describeTransform('upper', {
  transform: upperBoundTransform(tensor([Infinity, 2])),
  shape: [2],
  free: elementwise,
  satisfies: below([Infinity, 2]),
});

describe('upper bound', () => {
  it('is x = b − exp(y) with log|J| = y', () => {
    const { value, logAbsDetJacobian } = upperBoundTransform(2).forward(tensor([0, Math.log(3)]), [2]);
    expectClose(dataOf(value), [1, -1], 1e-15, 'value');
    expect(logAbsDetJacobian).toBeCloseTo(Math.log(3), 15);
  });

  it('is the identity where the bound is +Infinity (as Stan)', () => {
    const { value, logAbsDetJacobian } = upperBoundTransform(Infinity).forward(tensor([-3, 4]), [2]);
    expectClose(dataOf(value), [-3, 4], 0, 'value');
    expect(logAbsDetJacobian).toBe(0);
  });

  it('names the rule when a value or the bound is out of place', () => {
    expect(() => upperBoundTransform(1).inverse(tensor([0, 2]), [2])).toThrow('upper: value[1] is 2, but must be less than the upper bound 1');
    expect(() => upperBoundTransform(-Infinity).forward(0, [])).toThrow('upper: the upper bound is -Infinity');
  });
});
