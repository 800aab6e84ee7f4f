import { describe, expect, it } from 'vitest';
import { add, at, checkGrad, flatten, jacobian, logSigmoid, mul, primal, sigmoid, stack, sub, sum, tensor, valueAndGrad, type Value } from '../../../src/index.js';
import type { Primal } from '../../../src/ad/trace.js';
import { intervalTransform } from '../../../src/models/transforms/interval.js';
import { lowerBoundTransform } from '../../../src/models/transforms/lower-bound.js';
import { upperBoundTransform } from '../../../src/models/transforms/upper-bound.js';
import { dataOf, describeTransform, expectClose, logAbsDeterminant, normalVector } from './support.js';

const elementwise = (v: Value): Value => (typeof primal(v) === 'number' ? v : flatten(v));
const between = (lowers: ArrayLike<number>, uppers: ArrayLike<number>) => (x: Primal, strict: boolean): void => {
  dataOf(x).forEach((v, i) => {
    const [a, b] = [lowers[lowers.length === 1 ? 0 : i]!, uppers[uppers.length === 1 ? 0 : i]!];
    const inside = strict ? v > a && v < b : v >= a && v <= b;
    expect(inside, `value[${i}] = ${v} against (${a}, ${b})`).toBe(true);
  });
};

describeTransform('interval', {
  transform: intervalTransform(0, 1),
  shape: [],
  free: elementwise,
  satisfies: between([0], [1]),
  examples: [1e-12, 0.5, 1 - 1e-9],
});
describeTransform('interval', { transform: intervalTransform(-3, 7.5), shape: [4], free: elementwise, satisfies: between([-3], [7.5]) });
describeTransform('interval', {
  // One element of each kind: both bounds, lower only, upper only, neither.
  transform: intervalTransform(tensor([0, 1, -Infinity, -Infinity]), tensor([1, Infinity, 2, Infinity])),
  shape: [4],
  free: elementwise,
  satisfies: between([0, 1, -Infinity, -Infinity], [1, Infinity, 2, Infinity]),
  examples: [tensor([0.25, 1.5, -4, 3])],
});

describe('interval', () => {
  it('is x = a + (b − a)·sigmoid(y) with log|J| = log(b − a) + log sigmoid(y) + log sigmoid(−y)', () => {
    const y = tensor([-2, 0, 0.7, 3]);
    const { value, logAbsDetJacobian } = intervalTransform(-1, 3).forward(y, [4]);
    expectClose(dataOf(value), dataOf(add(-1, mul(4, sigmoid(y)))), 1e-15, 'value');
    const expected = sum(add(Math.log(4), add(logSigmoid(y), logSigmoid(mul(-1, y)))));
    expect(primal(logAbsDetJacobian) as number).toBeCloseTo(primal(expected) as number, 13);
  });

  it('never rounds past a bound (0.1 + 0.2·sigmoid(40) would exceed 0.3)', () => {
    for (const [a, b] of [[0.1, 0.3], [0.7, 0.9], [-0.3, 0.1], [1.1, 2.2]] as const) {
      const y = tensor(Array.from({ length: 1201 }, (_, i) => -60 + 0.1 * i));
      between([a], [b])(primal(intervalTransform(a, b).forward(y, [1201]).value), false);
    }
  });

  it('degrades to the one-sided transforms and to the identity for infinite bounds (as Stan)', () => {
    const y = normalVector(3, 4);
    const same = (a: { value: Value; logAbsDetJacobian: Value }, b: { value: Value; logAbsDetJacobian: Value }): void => {
      expectClose(dataOf(a.value), dataOf(b.value), 1e-15, 'value');
      expect(primal(a.logAbsDetJacobian)).toBeCloseTo(primal(b.logAbsDetJacobian) as number, 14);
    };
    same(intervalTransform(2, Infinity).forward(y, [3]), lowerBoundTransform(2).forward(y, [3]));
    same(intervalTransform(-Infinity, 2).forward(y, [3]), upperBoundTransform(2).forward(y, [3]));
    same(intervalTransform(-Infinity, Infinity).forward(y, [3]), { value: y, logAbsDetJacobian: 0 });
  });

  it('keeps gradients finite where an infinite-bound element is far out (no exp overflow leaks through where)', () => {
    const transform = intervalTransform(tensor([0, -Infinity]), tensor([1, Infinity]));
    const objective = (u: Value): Value => {
      const { value, logAbsDetJacobian } = transform.forward(u, [2]);
      return add(sum(value), logAbsDetJacobian);
    };
    const gradient = dataOf(jacobian(objective)(tensor([0.3, 800])));
    expect(gradient.every(Number.isFinite)).toBe(true);
    // Element 0, s = sigmoid(0.3): d/du [s + log s + log(1 − s)] = s(1 − s) + 1 − 2s.
    const s = 1 / (1 + Math.exp(-0.3));
    expect(gradient[0]).toBeCloseTo(s * (1 - s) + 1 - 2 * s, 14);
    expect(gradient[1]).toBe(1);
  });

  it('garch11: beta1 in (0, 1 − alpha1), with the bound traced from alpha1', () => {
    // v = (v1, v2) → alpha1 = sigmoid(v1), beta1 = (1 − alpha1)·sigmoid(v2), as the posterior's
    // documentation spells out, including the log(1 − alpha1) from beta1's interval width.
    const map = (v: Value): { value: Value; logAbsDetJacobian: Value } => {
      const alpha = intervalTransform(0, 1).forward(at(v, 0), []);
      const beta = intervalTransform(0, sub(1, alpha.value)).forward(at(v, 1), []);
      return { value: stack([alpha.value, beta.value]), logAbsDetJacobian: add(alpha.logAbsDetJacobian, beta.logAbsDetJacobian) };
    };
    for (const v of [tensor([0.4, -1.1]), tensor([-2, 2.5]), tensor([3, 0])]) {
      const [v1, v2] = dataOf(v) as unknown as [number, number];
      const alpha = 1 / (1 + Math.exp(-v1));
      const s2 = 1 / (1 + Math.exp(-v2));
      const documented = Math.log(alpha) + 2 * Math.log(1 - alpha) + Math.log(s2) + Math.log(1 - s2);
      const { value, logAbsDetJacobian } = map(v);
      expectClose(dataOf(value), [alpha, (1 - alpha) * s2], 1e-14, 'alpha1, beta1');
      expect(primal(logAbsDetJacobian) as number).toBeCloseTo(documented, 12);
      const J = primal(jacobian((u) => map(u).value)(v)) as { data: Float64Array };
      expect(primal(logAbsDetJacobian) as number).toBeCloseTo(logAbsDeterminant(J.data, 2), 12);
      // The log density's gradient includes the bound's dependence on alpha1.
      const objective = (u: Value): Value => {
        const r = map(u);
        return add(sum(mul(r.value, tensor([1.7, -0.6]))), r.logAbsDetJacobian);
      };
      expect(checkGrad(objective, v, { order: 2 })).toBeLessThan(1e-7);
    }
  });

  it('gives log|J| = −∞ when traced bounds cross (a proposal outside the joint support)', () => {
    const objective = (u: Value): Value => intervalTransform(0, sub(0.5, at(u, 0))).forward(at(u, 1), []).logAbsDetJacobian;
    const { value, grad } = valueAndGrad(objective)(tensor([0.7, 0.1]));
    expect(value).toBe(-Infinity);
    expect(dataOf(grad as Value).every(Number.isFinite)).toBe(true);
  });

  it('names the rule for crossed constant bounds and values outside', () => {
    expect(() => intervalTransform(1, 0)).toThrow('interval: the lower bound 1 is not less than the upper bound 0');
    expect(() => intervalTransform(tensor([0, 2]), 1)).toThrow('interval: the lower bound 2 is not less than the upper bound 1 (for value[1])');
    expect(() => intervalTransform(0, 1).inverse(1.5, [])).toThrow('interval: value is 1.5, but must be strictly between the bounds 0 and 1');
    expect(() => intervalTransform(0, 1).inverse(tensor([0.5, 0]), [2])).toThrow('interval: value[1] is 0, but must be strictly between the bounds 0 and 1');
    expect(() => intervalTransform(-Infinity, 1).inverse(2, [])).toThrow('interval: value is 2, but must be less than the upper bound 1');
  });
});
