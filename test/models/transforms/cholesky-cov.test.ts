import { describe, expect, it } from 'vitest';
import { flatten, gather, primal, tensor, type Shape, type Value } from '../../../src/index.js';
import type { Primal } from '../../../src/ad/trace.js';
import { choleskyCovTransform } from '../../../src/models/transforms/cholesky-cov.js';
import { dataOf, describeTransform, expectClose, normalVector } from './support.js';

/** Flat indices of the lower trapezoid (diagonal included) of an M×N matrix, row by row. */
const lowerIndices = ([rows, columns]: Shape): number[] => {
  const out: number[] = [];
  for (let m = 0; m < rows!; m++) for (let n = 0; n <= Math.min(m, columns! - 1); n++) out.push(m * columns! + n);
  return out;
};
const lowerTrapezoid = (shape: Shape) => (v: Value): Value => gather(flatten(v), lowerIndices(shape));

const isCovarianceCholesky = ([rows, columns]: Shape) => (x: Primal, strict: boolean): void => {
  const data = dataOf(x);
  for (let m = 0; m < rows!; m++) {
    for (let n = 0; n < columns!; n++) {
      const v = data[m * columns! + n]!;
      if (n > m) expect(v, `entry (${m}, ${n}) above the diagonal`).toBe(0);
      if (n === m) expect(strict ? v > 0 : v >= 0, `diagonal ${m} is ${v}`).toBe(true);
    }
  }
};

for (const shape of [[1, 1], [3, 3], [4, 2]] as const) {
  describeTransform('choleskyCov', {
    transform: choleskyCovTransform,
    shape,
    free: lowerTrapezoid(shape),
    satisfies: isCovarianceCholesky(shape),
  });
}

describe('choleskyCov', () => {
  it("follows Stan's layout: rows of the lower trapezoid in order, exp on the diagonal, log|J| = Σ diagonal reals", () => {
    expect(choleskyCovTransform.unconstrainedSize([3, 3])).toBe(6);
    expect(choleskyCovTransform.unconstrainedSize([5, 2])).toBe(3 + 3 * 2);
    const y = tensor([0, 0.5, Math.log(2), -1, 2, 0.25, -0.75]);
    const { value, logAbsDetJacobian } = choleskyCovTransform.forward(y, [4, 2]);
    expectClose(dataOf(value), [1, 0, 0.5, 2, -1, 2, 0.25, -0.75], 1e-15, 'layout');
    expect(primal(logAbsDetJacobian) as number).toBeCloseTo(Math.log(2), 15);
  });

  it('round-trips a given covariance factor and names the rule when a value is not one', () => {
    const L = tensor([[2, 0], [-1, 0.5], [3, 4]]);
    const y = choleskyCovTransform.inverse(L, [3, 2]);
    expectClose(y, [Math.log(2), -1, Math.log(0.5), 3, 4], 1e-15, 'unconstrained');
    expectClose(dataOf(choleskyCovTransform.forward(tensor(y), [3, 2]).value), L.data, 1e-15, 'L');
    expect(() => choleskyCovTransform.inverse(tensor([[1, 0], [1, -1]]), [2, 2])).toThrow(
      'choleskyCov: value[1, 1] is -1, but the diagonal must be positive',
    );
    expect(() => choleskyCovTransform.inverse(tensor([[1, 2], [1, 1]]), [2, 2])).toThrow(
      'choleskyCov: value[0, 1] is 2, but a Cholesky factor must be lower triangular',
    );
    expect(() => choleskyCovTransform.unconstrainedSize([2, 3])).toThrow('choleskyCov: shape [2, 3] is not valid; a Cholesky factor of a covariance matrix is M×N with M ≥ N ≥ 1');
  });

  it('log|J| is the sum of the diagonal reals', () => {
    const y = normalVector(6, 3);
    const logJ = primal(choleskyCovTransform.forward(y, [3, 3]).logAbsDetJacobian) as number;
    expect(logJ).toBeCloseTo(y.data[0]! + y.data[2]! + y.data[5]!, 14);
  });
});
