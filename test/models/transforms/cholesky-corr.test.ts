import { describe, expect, it } from 'vitest';
import { flatten, gather, primal, tensor, zeros, type Value } from '../../../src/index.js';
import type { Primal } from '../../../src/ad/trace.js';
import { choleskyCorrTransform } from '../../../src/models/transforms/cholesky-corr.js';
import { dataOf, describeTransform, expectClose, normalVector } from './support.js';

/** Flat indices of the strict lower triangle of a K×K matrix, row by row. */
const strictLowerIndices = (dimension: number): number[] => {
  const out: number[] = [];
  for (let i = 1; i < dimension; i++) for (let j = 0; j < i; j++) out.push(i * dimension + j);
  return out;
};
const strictLower = (dimension: number) => (v: Value): Value => gather(flatten(v), strictLowerIndices(dimension));

const isCorrelationCholesky = (dimension: number) => (x: Primal, strict: boolean): void => {
  const data = dataOf(x);
  for (let i = 0; i < dimension; i++) {
    let squaredLength = 0;
    for (let j = 0; j < dimension; j++) {
      const v = data[i * dimension + j]!;
      if (j > i) expect(v, `entry (${i}, ${j}) above the diagonal`).toBe(0);
      else squaredLength += v * v;
    }
    const diagonal = data[i * dimension + i]!;
    expect(strict ? diagonal > 0 : diagonal >= 0, `diagonal ${i} is ${diagonal}`).toBe(true);
    expect(Math.abs(squaredLength - 1), `row ${i}`).toBeLessThan(1e-12);
  }
};

/** Stan Math's cholesky_corr_constrain loop with corr_constrain's tanh, on plain numbers. */
function stanCholeskyCorr(y: ArrayLike<number>, dimension: number): { x: number[]; logAbsDetJacobian: number } {
  const z = Array.from(y, Math.tanh);
  let logAbsDetJacobian = z.reduce((s, v) => s + Math.log1p(-v * v), 0);
  const x = new Array<number>(dimension * dimension).fill(0);
  x[0] = 1;
  let k = 0;
  for (let i = 1; i < dimension; i++) {
    x[i * dimension] = z[k++]!;
    let sumOfSquares = x[i * dimension]! ** 2;
    for (let j = 1; j < i; j++) {
      logAbsDetJacobian += 0.5 * Math.log1p(-sumOfSquares);
      x[i * dimension + j] = z[k++]! * Math.sqrt(1 - sumOfSquares);
      sumOfSquares += x[i * dimension + j]! ** 2;
    }
    x[i * dimension + i] = Math.sqrt(1 - sumOfSquares);
  }
  return { x, logAbsDetJacobian };
}

for (const dimension of [2, 3, 5]) {
  describeTransform('choleskyCorr', {
    transform: choleskyCorrTransform,
    shape: [dimension, dimension],
    free: strictLower(dimension),
    satisfies: isCorrelationCholesky(dimension),
    scale: 1,
  });
}

describe('choleskyCorr', () => {
  it("matches Stan's construction and log-Jacobian", () => {
    for (const dimension of [2, 3, 4, 6]) {
      const y = normalVector((dimension * (dimension - 1)) / 2, dimension);
      const { value, logAbsDetJacobian } = choleskyCorrTransform.forward(y, [dimension, dimension]);
      const reference = stanCholeskyCorr(y.data, dimension);
      expectClose(dataOf(value), reference.x, 1e-13, `K = ${dimension}`);
      expect(primal(logAbsDetJacobian) as number).toBeCloseTo(reference.logAbsDetJacobian, 11);
    }
  });

  it('maps y = 0 to the identity matrix, and K = 1 to [[1]]', () => {
    const { value } = choleskyCorrTransform.forward(zeros([3]), [3, 3]);
    expectClose(dataOf(value), [1, 0, 0, 0, 1, 0, 0, 0, 1], 0, 'identity');
    expect(choleskyCorrTransform.unconstrainedSize([1, 1])).toBe(0);
    expect(dataOf(choleskyCorrTransform.forward(zeros([0]), [1, 1]).value)).toEqual(Float64Array.of(1));
  });

  it('round-trips a given correlation factor', () => {
    // Cholesky factor of [[1, 0.5, 0.2], [0.5, 1, -0.3], [0.2, -0.3, 1]].
    const l21 = 0.5;
    const l22 = Math.sqrt(1 - 0.25);
    const l31 = 0.2;
    const l32 = (-0.3 - l31 * l21) / l22;
    const L = tensor([[1, 0, 0], [l21, l22, 0], [l31, l32, Math.sqrt(1 - l31 ** 2 - l32 ** 2)]]);
    const y = choleskyCorrTransform.inverse(L, [3, 3]);
    expectClose(dataOf(choleskyCorrTransform.forward(tensor(y), [3, 3]).value), L.data, 1e-14, 'L');
  });

  it('names the rule when a value is not a correlation Cholesky factor', () => {
    expect(() => choleskyCorrTransform.inverse(tensor([[1, 0.1], [0, 1]]), [2, 2])).toThrow(
      'choleskyCorr: value[0, 1] is 0.1, but a Cholesky factor must be lower triangular',
    );
    expect(() => choleskyCorrTransform.inverse(tensor([[1, 0], [0.6, 0.9]]), [2, 2])).toThrow(
      /^choleskyCorr: row 1 has length 1\.08166\d*, but each row must have unit length$/,
    );
    expect(() => choleskyCorrTransform.inverse(tensor([[1, 0], [1, 0]]), [2, 2])).toThrow(
      'choleskyCorr: value[1, 1] is 0, but the diagonal must be positive',
    );
    expect(() => choleskyCorrTransform.unconstrainedSize([2, 3])).toThrow('choleskyCorr: shape [2, 3] is not valid');
  });
});
