import { describe, expect, it } from 'vitest';
import { flatten, primal, slice, tensor, zeros, type Shape, type Value } from '../../../src/index.js';
import type { Primal } from '../../../src/ad/trace.js';
import { simplexTransform } from '../../../src/models/transforms/simplex.js';
import { dataOf, describeTransform, expectClose, normalVector } from './support.js';

const firstEntries = (shape: Shape) => (v: Value): Value => {
  const axis = shape.length - 1;
  return flatten(slice(v, 0, shape[axis]! - 1, axis));
};

const onSimplex = (length: number) => (x: Primal, strict: boolean): void => {
  const data = dataOf(x);
  for (let base = 0; base < data.length; base += length) {
    let total = 0;
    for (let k = 0; k < length; k++) {
      const v = data[base + k]!;
      expect(strict ? v > 0 : v >= 0, `entry ${base + k} is ${v}`).toBe(true);
      total += v;
    }
    expect(Math.abs(total - 1)).toBeLessThan(1e-12);
  }
};

/** Stan Math's stick-breaking loop, as the reference manual writes it (plain numbers). */
function stanStickBreaking(y: ArrayLike<number>): { x: number[]; logAbsDetJacobian: number } {
  const length = y.length + 1;
  const x: number[] = [];
  let stick = 1;
  let logAbsDetJacobian = 0;
  for (let k = 0; k < length - 1; k++) {
    const z = 1 / (1 + Math.exp(-(y[k]! + Math.log(1 / (length - 1 - k)))));
    x.push(stick * z);
    logAbsDetJacobian += Math.log(stick) + Math.log(z) + Math.log1p(-z);
    stick -= x[k]!;
  }
  x.push(stick);
  return { x, logAbsDetJacobian };
}

describeTransform('simplex', { transform: simplexTransform, shape: [2], free: firstEntries([2]), satisfies: onSimplex(2) });
describeTransform('simplex', {
  transform: simplexTransform,
  shape: [4],
  free: firstEntries([4]),
  satisfies: onSimplex(4),
  examples: [tensor([0.1, 0.2, 0.3, 0.4]), tensor([1e-9, 0.5, 0.25, 0.25 - 1e-9])],
});
describeTransform('simplex', { transform: simplexTransform, shape: [7], free: firstEntries([7]), satisfies: onSimplex(7) });
describeTransform('simplex', { transform: simplexTransform, shape: [3, 4], free: firstEntries([3, 4]), satisfies: onSimplex(4) });

describe('simplex', () => {
  it("matches Stan's stick-breaking loop, value and log|J|", () => {
    for (const length of [2, 3, 5, 9]) {
      const y = normalVector(length - 1, length);
      const { value, logAbsDetJacobian } = simplexTransform.forward(y, [length]);
      const reference = stanStickBreaking(y.data);
      expectClose(dataOf(value), reference.x, 1e-13, `K = ${length}`);
      expect(primal(logAbsDetJacobian) as number).toBeCloseTo(reference.logAbsDetJacobian, 11);
    }
  });

  it('maps y = 0 to the uniform simplex', () => {
    for (const length of [2, 3, 6]) {
      const value = simplexTransform.forward(zeros([length - 1]), [length]).value;
      expectClose(dataOf(value), new Array(length).fill(1 / length), 1e-15, `K = ${length}`);
    }
  });

  it('has K − 1 unconstrained reals per simplex; a 1-simplex is the constant [1]', () => {
    expect(simplexTransform.unconstrainedSize([5])).toBe(4);
    expect(simplexTransform.unconstrainedSize([3, 5])).toBe(12);
    const one = simplexTransform.forward(zeros([0]), [1]);
    expect(dataOf(one.value)).toEqual(Float64Array.of(1));
    expect(one.logAbsDetJacobian).toBe(0);
    expect(simplexTransform.inverse(tensor([1]), [1])).toEqual(new Float64Array(0));
  });

  it('names the rule when a value is not on the simplex', () => {
    expect(() => simplexTransform.inverse(tensor([0.5, 0.3, 0.4]), [3])).toThrow(
      'simplex: entries must be non-negative and sum to 1, but they sum to 1.2',
    );
    expect(() => simplexTransform.inverse(tensor([0.5, 0.6, -0.1]), [3])).toThrow(
      'simplex: entries must be non-negative and sum to 1, but value[2] is -0.1',
    );
    expect(() => simplexTransform.inverse(tensor([[0.5, 0.5], [0.5, 0.6]]), [2, 2])).toThrow(
      'simplex: entries must be non-negative and sum to 1, but the entries of value[1] sum to 1.1',
    );
    expect(() => simplexTransform.inverse(tensor([0.5, 0, 0.5]), [3])).toThrow('simplex: value[1] is 0, but entries must be positive');
    expect(() => simplexTransform.unconstrainedSize([])).toThrow('simplex: shape [] is not valid');
  });
});
