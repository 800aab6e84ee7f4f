import { describe, expect, it } from 'vitest';
import { primal, Tensor } from '../../../src/index.js';
import type { Primal } from '../../../src/ad/trace.js';
import { arrayOfTransform } from '../../../src/models/transforms/array-of.js';
import { choleskyCorrTransform } from '../../../src/models/transforms/cholesky-corr.js';
import { intervalTransform } from '../../../src/models/transforms/interval.js';
import { entries, lowerIndices } from './matrix-support.js';
import { dataOf, describeTransform, expectClose, normalVector } from './support.js';

// Arrays of values through a transform that takes one value at a time: each element owns
// its block of θ in order, and the log-Jacobian is the elements' sum.

const unitRows = (dimension: number) => (x: Primal): void => {
  const data = dataOf(x);
  for (let base = 0; base < data.length; base += dimension) {
    const row = data.slice(base, base + dimension);
    expect(Math.abs(row.reduce((s, v) => s + v * v, 0) - 1)).toBeLessThan(1e-12);
  }
};

const choleskyArray = arrayOfTransform(choleskyCorrTransform, [3, 3]);
describeTransform('array of choleskyCorr', { transform: choleskyArray, shape: [2, 3, 3], free: entries(lowerIndices(3, true, 2)), satisfies: unitRows(3), scale: 1 });

describe('arrayOfTransform', () => {
  it('gives each element its own block of θ, and sums the log-Jacobians', () => {
    const y = normalVector(3 * 3, 5);
    const { value, logAbsDetJacobian } = choleskyArray.forward(y, [3, 3, 3]);
    const values = dataOf(value);
    let total = 0;
    for (let k = 0; k < 3; k++) {
      const one = choleskyCorrTransform.forward(new Tensor(y.data.slice(k * 3, k * 3 + 3), [3]), [3, 3]);
      expectClose(values.slice(k * 9, (k + 1) * 9), dataOf(one.value), 0, `element ${k}`);
      total += primal(one.logAbsDetJacobian) as number;
    }
    expect(primal(logAbsDetJacobian) as number).toBeCloseTo(total, 13);
    expect(choleskyArray.unconstrainedSize([3, 3, 3])).toBe(9);
  });

  it('takes arrays of scalars, and names the element whose value is outside the set', () => {
    const bounded = arrayOfTransform(intervalTransform(0, 1), []);
    expect(bounded.unconstrainedSize([2, 3])).toBe(6);
    const x = new Tensor(Float64Array.of(0.2, 0.5, 1.5), [3]);
    expect(() => bounded.inverse(x, [3])).toThrow('element 3 (1-based, row-major) of the array');
    expect(() => choleskyArray.unconstrainedSize([2, 3])).toThrow('array of choleskyCorr: shape [2, 3] does not end with the element shape [3, 3]');
  });
});
