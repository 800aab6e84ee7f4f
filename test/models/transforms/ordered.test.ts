import { describe, expect, it } from 'vitest';
import { flatten, primal, tensor, type Value } from '../../../src/index.js';
import { orderedTransform } from '../../../src/models/transforms/ordered.js';
import { dataOf, describeTransform, expectClose, increasing } from './support.js';

const all = (v: Value): Value => flatten(v);
describeTransform('ordered', { transform: orderedTransform, shape: [1], free: all, satisfies: increasing(1) });
describeTransform('ordered', {
  transform: orderedTransform,
  shape: [5],
  free: all,
  satisfies: increasing(5),
  examples: [tensor([-3, -2.9, 0, 1e-8, 40])],
});
describeTransform('ordered', { transform: orderedTransform, shape: [2, 3], free: all, satisfies: increasing(3) });

describe('ordered', () => {
  it('is x1 = y1, x_k = x_{k−1} + exp(y_k), with log|J| = Σ_{k≥2} y_k', () => {
    const { value, logAbsDetJacobian } = orderedTransform.forward(tensor([-1, 0, Math.log(2), Math.log(0.5)]), [4]);
    expectClose(dataOf(value), [-1, 0, 2, 2.5], 1e-15, 'value');
    expect(primal(logAbsDetJacobian) as number).toBeCloseTo(0, 15);
    const rows = orderedTransform.forward(tensor([1, 0, 2, 0]), [2, 2]);
    expectClose(dataOf(rows.value), [1, 2, 2, 3], 1e-15, 'rows along the last axis');
  });

  it('names the rule when a value is not increasing', () => {
    expect(() => orderedTransform.inverse(tensor([1, 2, 2]), [3])).toThrow(
      'ordered: entries must be finite and strictly increasing, but value[2] is 2 and value[1] is 2',
    );
    expect(() => orderedTransform.inverse(tensor([-Infinity, 2]), [2])).toThrow('ordered: value[0] is -Infinity, but must be finite');
    expect(() => orderedTransform.unconstrainedSize([0])).toThrow('ordered: shape [0] has a last axis of length 0');
  });
});
