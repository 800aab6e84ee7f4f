import { describe, expect, it } from 'vitest';
import { primal, tensor, zeros } from '../../../src/index.js';
import { choleskyCorrTransform } from '../../../src/models/transforms/cholesky-corr.js';
import { corrMatrixTransform } from '../../../src/models/transforms/corr-matrix.js';
import { entries, isSymmetricPositiveDefinite, lowerIndices } from './matrix-support.js';
import { dataOf, describeTransform, expectClose, normalVector } from './support.js';

for (const dimension of [2, 3, 4]) {
  describeTransform('corrMatrix', {
    transform: corrMatrixTransform,
    shape: [dimension, dimension],
    free: entries(lowerIndices(dimension, true)),
    satisfies: isSymmetricPositiveDefinite(dimension, true),
    scale: 1,
  });
}

describe('corrMatrix', () => {
  it("is L Lᵀ of the Cholesky-correlation transform, with log|J| its own plus Σ_j (K − 1 − j) log L_jj (Stan Math's read_corr_matrix)", () => {
    for (const dimension of [2, 3, 5]) {
      const y = normalVector((dimension * (dimension - 1)) / 2, 20 + dimension);
      const factor = choleskyCorrTransform.forward(y, [dimension, dimension]);
      const L = dataOf(factor.value);
      const expected = new Array<number>(dimension * dimension).fill(0);
      for (let i = 0; i < dimension; i++) for (let j = 0; j < dimension; j++) for (let m = 0; m < dimension; m++) expected[i * dimension + j]! += L[i * dimension + m]! * L[j * dimension + m]!;
      let logJacobian = primal(factor.logAbsDetJacobian) as number;
      for (let j = 0; j < dimension; j++) logJacobian += (dimension - 1 - j) * Math.log(L[j * dimension + j]!);
      const { value, logAbsDetJacobian } = corrMatrixTransform.forward(y, [dimension, dimension]);
      expectClose(dataOf(value), expected, 1e-14, `K = ${dimension}`);
      expect(primal(logAbsDetJacobian) as number).toBeCloseTo(logJacobian, 12);
    }
  });

  it('maps y = 0 to the identity; K = 1 is [[1]] with no unconstrained reals', () => {
    expectClose(dataOf(corrMatrixTransform.forward(zeros([3]), [3, 3]).value), [1, 0, 0, 0, 1, 0, 0, 0, 1], 0, 'identity');
    expect(corrMatrixTransform.unconstrainedSize([1, 1])).toBe(0);
    expect(corrMatrixTransform.unconstrainedSize([4, 4])).toBe(6);
  });

  it('names the rule broken by a matrix that is not a correlation matrix', () => {
    expect(() => corrMatrixTransform.inverse(tensor([[1, 0.5], [0.5, 2]]), [2, 2])).toThrow('corrMatrix: value[1, 1] is 2, but a correlation matrix has 1 on its diagonal');
    expect(() => corrMatrixTransform.inverse(tensor([[1, 0.5], [0.4, 1]]), [2, 2])).toThrow('corrMatrix: the matrix must be symmetric');
    expect(() => corrMatrixTransform.inverse(tensor([[1, 2], [2, 1]]), [2, 2])).toThrow('positive definite');
    expect(() => corrMatrixTransform.unconstrainedSize([2, 3])).toThrow('corrMatrix: shape [2, 3] is not valid; it is a K×K matrix with K ≥ 1');
  });
});
