import { describe, expect, it } from 'vitest';
import { flatten, primal, tensor, type Value } from '../../../src/index.js';
import type { Primal } from '../../../src/ad/trace.js';
import { positiveOrderedTransform } from '../../../src/models/transforms/positive-ordered.js';
import { dataOf, describeTransform, expectClose, increasing } from './support.js';

const all = (v: Value): Value => flatten(v);
const positiveIncreasing = (length: number) => (x: Primal, strict: boolean): void => {
  increasing(length)(x, strict);
  dataOf(x).forEach((v) => expect(strict ? v > 0 : v >= 0).toBe(true));
};

describeTransform('positiveOrdered', { transform: positiveOrderedTransform, shape: [1], free: all, satisfies: positiveIncreasing(1) });
describeTransform('positiveOrdered', {
  transform: positiveOrderedTransform,
  shape: [4],
  free: all,
  satisfies: positiveIncreasing(4),
  examples: [tensor([1e-6, 0.5, 0.5001, 30])],
});
describeTransform('positiveOrdered', { transform: positiveOrderedTransform, shape: [3, 2], free: all, satisfies: positiveIncreasing(2) });

describe('positiveOrdered', () => {
  it('is x1 = exp(y1), x_k = x_{k−1} + exp(y_k), with log|J| = Σ y_k', () => {
    const { value, logAbsDetJacobian } = positiveOrderedTransform.forward(tensor([0, Math.log(2), Math.log(0.5)]), [3]);
    expectClose(dataOf(value), [1, 3, 3.5], 1e-15, 'value');
    expect(primal(logAbsDetJacobian) as number).toBeCloseTo(0, 15);
  });

  it('names the rule when a value is not positive and increasing', () => {
    expect(() => positiveOrderedTransform.inverse(tensor([0, 1]), [2])).toThrow(
      'positiveOrdered: value[0] is 0, but the first entry must be positive and finite',
    );
    expect(() => positiveOrderedTransform.inverse(tensor([1, 0.5]), [2])).toThrow(
      'positiveOrdered: entries must be finite and strictly increasing, but value[1] is 0.5 and value[0] is 1',
    );
  });
});
