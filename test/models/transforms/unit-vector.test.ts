import { describe, expect, it } from 'vitest';
import { add, checkGrad, flatten, mul, primal, sum, tensor, type Value } from '../../../src/index.js';
import { unitVectorTransform } from '../../../src/models/transforms/unit-vector.js';
import { dataOf, expectClose, normalVector } from './support.js';

// The unit-vector map y ↦ y/‖y‖ is not one to one (the shared suite's Jacobian test does not
// apply): Stan's term −½‖y‖² stands in for a log-Jacobian, checked here in closed form.

describe('unitVector', () => {
  it('maps y to y/‖y‖ with the term −½‖y‖², for one vector and an array of them', () => {
    for (const shape of [[3], [4, 2]]) {
      const size = shape.reduce((a, b) => a * b, 1);
      const y = normalVector(size, size);
      const { value, logAbsDetJacobian } = unitVectorTransform.forward(y, shape);
      const length = shape[shape.length - 1]!;
      const expected: number[] = [];
      for (let base = 0; base < size; base += length) {
        const row = Array.from(y.data.slice(base, base + length));
        const norm = Math.hypot(...row);
        expected.push(...row.map((v) => v / norm));
      }
      expectClose(dataOf(value), expected, 1e-15, `shape [${shape}]`);
      expect(primal(logAbsDetJacobian) as number).toBeCloseTo(-0.5 * y.data.reduce((s, v) => s + v * v, 0), 13);
      expect(unitVectorTransform.unconstrainedSize(shape)).toBe(size);
    }
  });

  it('inverse returns the unit vector itself, and forward maps it back', () => {
    const x = tensor([0.6, 0, -0.8]);
    const y = unitVectorTransform.inverse(x, [3]);
    expectClose(y, [0.6, 0, -0.8], 0, 'inverse');
    expectClose(dataOf(unitVectorTransform.forward(tensor(Array.from(y)), [3]).value), dataOf(x), 1e-15, 'forward');
  });

  it('differentiates in agreement with finite differences (value and term)', () => {
    const weights = normalVector(6, 2);
    const objective = (u: Value): Value => {
      const { value, logAbsDetJacobian } = unitVectorTransform.forward(u, [2, 3]);
      return add(sum(mul(flatten(value), weights)), logAbsDetJacobian);
    };
    for (const seed of [3, 4]) expect(checkGrad(objective, normalVector(6, seed), { order: 2 })).toBeLessThan(1e-6);
  });

  it('names the rule broken by a vector that is not of unit length', () => {
    expect(() => unitVectorTransform.inverse(tensor([1, 1]), [2])).toThrow('unitVector: a unit vector has squared norm 1, but its squared norm is 2');
    expect(() => unitVectorTransform.inverse(tensor([[1, 0], [0, 2]]), [2, 2])).toThrow('but the squared norm of value[1] is 4');
    expect(() => unitVectorTransform.unconstrainedSize([0])).toThrow('a unit vector needs at least 1 entry');
  });
});
