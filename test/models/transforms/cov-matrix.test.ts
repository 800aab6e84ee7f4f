import { describe, expect, it } from 'vitest';
import { primal, tensor } from '../../../src/index.js';
import { covMatrixTransform } from '../../../src/models/transforms/cov-matrix.js';
import { entries, isSymmetricPositiveDefinite, lowerIndices } from './matrix-support.js';
import { dataOf, describeTransform, expectClose, normalVector } from './support.js';

for (const dimension of [1, 2, 3]) {
  describeTransform('covMatrix', {
    transform: covMatrixTransform,
    shape: [dimension, dimension],
    free: entries(lowerIndices(dimension, false)),
    satisfies: isSymmetricPositiveDefinite(dimension, false),
    scale: 1,
  });
}

describe('covMatrix', () => {
  it("has Stan's log|J| = K log 2 + Σ_j (K − j + 1) log L_jj + the off-diagonal-free factor's Σ_j log L_jj (closed form, 1-based j)", () => {
    for (const dimension of [2, 3, 4]) {
      const y = normalVector((dimension * (dimension + 1)) / 2, 30 + dimension);
      const { value, logAbsDetJacobian } = covMatrixTransform.forward(y, [dimension, dimension]);
      // Stan's cov_matrix_constrain: row i holds i off-diagonal reals then log L_ii (0-based i).
      let k = 0;
      let expected = dimension * Math.LN2;
      const L = new Array<number>(dimension * dimension).fill(0);
      for (let i = 0; i < dimension; i++) {
        for (let j = 0; j < i; j++) L[i * dimension + j] = y.data[k++]!;
        const logDiagonal = y.data[k++]!;
        L[i * dimension + i] = Math.exp(logDiagonal);
        // d Σ/d y: the diagonal's exp adds log L_ii, and L ↦ L Lᵀ adds (K − i) log L_ii + log 2.
        expected += (dimension - i + 1) * logDiagonal;
      }
      expect(primal(logAbsDetJacobian) as number).toBeCloseTo(expected, 11);
      const sigma = new Array<number>(dimension * dimension).fill(0);
      for (let i = 0; i < dimension; i++) for (let j = 0; j < dimension; j++) for (let m = 0; m < dimension; m++) sigma[i * dimension + j]! += L[i * dimension + m]! * L[j * dimension + m]!;
      expectClose(dataOf(value), sigma, 1e-13, `K = ${dimension}`);
    }
  });

  it('round-trips a given covariance matrix, and names the rule broken by one that is not', () => {
    const sigma = tensor([[4, 1.2, -0.4], [1.2, 2, 0.3], [-0.4, 0.3, 1]]);
    const y = covMatrixTransform.inverse(sigma, [3, 3]);
    expectClose(dataOf(covMatrixTransform.forward(tensor(Array.from(y)), [3, 3]).value), dataOf(sigma), 1e-13, 'round trip');
    expect(() => covMatrixTransform.inverse(tensor([[1, 0.5], [0.4, 1]]), [2, 2])).toThrow('covMatrix: the matrix must be symmetric');
    expect(() => covMatrixTransform.inverse(tensor([[1, 2], [2, 1]]), [2, 2])).toThrow('positive definite');
  });
});
