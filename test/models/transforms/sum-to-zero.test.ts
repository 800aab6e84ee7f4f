import { describe, expect, it } from 'vitest';
import { add, checkGrad, flatten, gather, mul, primal, sum, tensor, type Value } from '../../../src/index.js';
import type { Primal } from '../../../src/ad/trace.js';
import { sumToZeroTransform } from '../../../src/models/transforms/sum-to-zero.js';
import { dataOf, expectClose, jacobianLogDeterminant, normalVector } from './support.js';

// The zero-sum transform is an isometry onto the hyperplane Σx = 0 (Stan 2.36), so its
// log-Jacobian is 0. Onto the first N − 1 coordinates (the shared suite's free coordinates)
// the hyperplane's area element is √N times theirs, so there log|det J| = −½ log N: checked
// against our AD below, in place of the shared suite's Jacobian test.

const sumsToZero = (length: number) => (x: Primal): void => {
  const data = dataOf(x);
  for (let base = 0; base < data.length; base += length) {
    let total = 0;
    for (let k = 0; k < length; k++) total += data[base + k]!;
    expect(Math.abs(total)).toBeLessThan(1e-12);
  }
};

/** Stan Math's sum_to_zero_constrain, as a plain loop over 1-based i. */
function stanSumToZero(y: ArrayLike<number>): number[] {
  const n = y.length;
  const x = new Array<number>(n + 1).fill(0);
  let tail = 0;
  for (let i = n; i >= 1; i--) {
    const w = y[i - 1]! / Math.sqrt(i * (i + 1));
    tail += w;
    x[i]! -= i * w;
    x[i - 1]! += tail;
  }
  return x;
}

describe('sumToZero', () => {
  it("matches Stan's construction, sums to zero, and round-trips", () => {
    for (const length of [2, 3, 6]) {
      const y = normalVector(length - 1, length);
      const { value, logAbsDetJacobian } = sumToZeroTransform.forward(y, [length]);
      expectClose(dataOf(value), stanSumToZero(y.data), 1e-14, `N = ${length}`);
      sumsToZero(length)(primal(value));
      expect(logAbsDetJacobian).toBe(0);
      expectClose(sumToZeroTransform.inverse(primal(value), [length]), y.data, 1e-12, `inverse, N = ${length}`);
    }
  });

  it('is an isometry: its Jacobian onto the first N − 1 coordinates has log|det| = −½ log N, and it preserves lengths', () => {
    for (const length of [2, 3, 5]) {
      const y = normalVector(length - 1, 40 + length);
      const first = (v: Value): Value => gather(flatten(v), Array.from({ length: length - 1 }, (_, k) => k));
      expect(jacobianLogDeterminant(sumToZeroTransform, [length], y, first)).toBeCloseTo(-0.5 * Math.log(length), 12);
      const x = dataOf(sumToZeroTransform.forward(y, [length]).value);
      expect(x.reduce((s, v) => s + v * v, 0)).toBeCloseTo(y.data.reduce((s, v) => s + v * v, 0), 12);
    }
  });

  it('takes arrays of vectors in one call, and differentiates in agreement with finite differences', () => {
    const y = normalVector(3 * 3, 9);
    const batched = dataOf(sumToZeroTransform.forward(y, [3, 4]).value);
    for (let row = 0; row < 3; row++) expectClose(batched.slice(row * 4, row * 4 + 4), stanSumToZero(y.data.slice(row * 3, row * 3 + 3)), 1e-14, `row ${row}`);
    const weights = normalVector(12, 1);
    const objective = (u: Value): Value => add(sum(mul(flatten(sumToZeroTransform.forward(u, [3, 4]).value), weights)), 0);
    expect(checkGrad(objective, y, { order: 1 })).toBeLessThan(1e-6);
    expect(sumToZeroTransform.unconstrainedSize([3, 4])).toBe(9);
  });

  it('names the rule broken by a vector that does not sum to zero', () => {
    expect(() => sumToZeroTransform.inverse(tensor([1, 2, -2]), [3])).toThrow('sumToZero: entries must sum to 0, but they sum to 1');
    expect(() => sumToZeroTransform.inverse(tensor([[1, -1], [1, 1]]), [2, 2])).toThrow('the entries of value[1] sum to 2');
  });
});
