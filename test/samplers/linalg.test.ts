import { describe, expect, it } from 'vitest';
import {
  cholesky,
  inverseSymmetricPositiveDefinite,
  lowerTriangularTimes,
  matrixTimes,
  solveLowerInPlace,
  solveLowerTransposeInPlace,
} from '../../src/samplers/linalg.js';

// A = B B' + I for a fixed B: symmetric positive definite, entries of mixed sign.
const matrix = Float64Array.from([5, -1, 2, -1, 3, 0.5, 2, 0.5, 4]);

function multiply(left: Float64Array, right: Float64Array, dim: number): Float64Array {
  const out = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++)
    for (let j = 0; j < dim; j++) for (let k = 0; k < dim; k++) out[i * dim + j]! += left[i * dim + k]! * right[k * dim + j]!;
  return out;
}

function transpose(a: Float64Array, dim: number): Float64Array {
  const out = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) out[j * dim + i] = a[i * dim + j]!;
  return out;
}

describe('cholesky', () => {
  it('returns a lower factor with L L^T = A', () => {
    const lower = cholesky(matrix);
    for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) expect(lower[i * 3 + j]).toBe(0);
    const product = multiply(lower, transpose(lower, 3), 3);
    product.forEach((value, k) => expect(value).toBeCloseTo(matrix[k]!, 13));
  });

  it('names the place and the failing pivot when the matrix is not positive definite', () => {
    const indefinite = Float64Array.from([1, 2, 2, 1]);
    expect(() => cholesky(indefinite, 'denseMetric: inverseMass')).toThrow(
      /denseMetric: inverseMass: matrix is not positive definite \(pivot 2 of 2 is -3/,
    );
    expect(() => cholesky(Float64Array.from([1, 2, 3]))).toThrow(/3 entries, but must be a non-empty square/);
    expect(() => cholesky(Float64Array.from([Number.NaN]))).toThrow(/pivot 1 of 1 is NaN/);
  });
});

describe('inverseSymmetricPositiveDefinite', () => {
  it('gives A A^{-1} = I and an exactly symmetric result', () => {
    const inverse = inverseSymmetricPositiveDefinite(matrix);
    const product = multiply(matrix, inverse, 3);
    product.forEach((value, k) => expect(value).toBeCloseTo(k % 4 === 0 ? 1 : 0, 13));
    expect(inverse).toEqual(transpose(inverse, 3));
  });
});

describe('triangular solves and products', () => {
  it('invert each other', () => {
    const lower = cholesky(matrix);
    const x = Float64Array.from([0.3, -1.2, 2.5]);
    const y = lowerTriangularTimes(lower, x, new Float64Array(3));
    solveLowerInPlace(lower, y);
    y.forEach((value, i) => expect(value).toBeCloseTo(x[i]!, 14));
    const z = matrixTimes(transpose(lower, 3), x, new Float64Array(3));
    solveLowerTransposeInPlace(lower, z);
    z.forEach((value, i) => expect(value).toBeCloseTo(x[i]!, 14));
  });
});
