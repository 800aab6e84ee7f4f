import { describe, expect, it } from 'vitest';
import { add, at, checkGrad, cholesky, div, exp, matmul, mul, primal, square, sum, Tensor, transpose, type Value } from '../../../src/ad/index.js';
import { makeRng } from '../../../src/random/rng.js';

// A symmetric positive-definite matrix from an unconstrained square X: A = X Xᵀ + n I.
// Differentiating through this map only produces symmetric perturbations of A, which are
// the ones the Cholesky's derivative is defined along.
function spd(X: Value, n: number): Value {
  const identity = new Tensor(new Float64Array(n * n).map((_, k) => (k % (n + 1) === 0 ? n : 0)), [n, n]);
  return add(matmul(X, transpose(X)), identity);
}

function randomMatrix(n: number, seed: number): Tensor {
  const rng = makeRng(seed, 0);
  return new Tensor(Float64Array.from({ length: n * n }, () => rng.normal()), [n, n]);
}

function weights(n: number, seed: number): Tensor {
  const rng = makeRng(seed, 1);
  return new Tensor(Float64Array.from({ length: n * n }, () => rng.normal()), [n, n]);
}

describe('cholesky', () => {
  it('factors A = L Lᵀ with L lower triangular and a positive diagonal', () => {
    const n = 5;
    const A = primal(spd(randomMatrix(n, 3), n)) as Tensor;
    const L = cholesky(A) as Tensor;
    const product = primal(matmul(L, transpose(L))) as Tensor;
    for (let k = 0; k < n * n; k++) expect(product.data[k]).toBeCloseTo(A.data[k]!, 12);
    for (let i = 0; i < n; i++) {
      expect(L.get(i, i)).toBeGreaterThan(0);
      for (let j = i + 1; j < n; j++) expect(L.get(i, j)).toBe(0);
    }
  });

  it('throws naming the pivot when the matrix is not positive definite', () => {
    const A = new Tensor(Float64Array.of(1, 2, 2, 1), [2, 2]);
    expect(() => cholesky(A)).toThrow(/not positive definite \(pivot 2/);
    expect(() => cholesky(new Tensor(new Float64Array(6), [2, 3]))).toThrow(/square matrix/);
  });

  for (const n of [1, 3, 6]) {
    it(`has gradients that match finite differences (n = ${n}, first and second order)`, () => {
      const W = weights(n, n);
      const f = (X: Value): Value => sum(mul(cholesky(spd(X, n)), W));
      expect(checkGrad(f, randomMatrix(n, 10 + n), { order: 2 })).toBeLessThan(1e-6);
    });
  }

  it('differentiates a squared-exponential kernel matrix in its hyperparameters', () => {
    const x = [-2, -1, 0, 1.5, 3];
    const n = x.length;
    const squaredDistances = new Tensor(Float64Array.from({ length: n * n }, (_, k) => (x[Math.floor(k / n)]! - x[k % n]!) ** 2), [n, n]);
    const jitter = new Tensor(Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1e-6 : 0)), [n, n]);
    const W = weights(n, 7);
    const f = (params: Value): Value => {
      const alpha = at(params, 0);
      const rho = at(params, 1);
      const C = add(mul(square(alpha), exp(div(squaredDistances, mul(-2, square(rho))))), jitter);
      return sum(mul(cholesky(C), W));
    };
    expect(checkGrad(f, new Tensor(Float64Array.of(1.3, 2.1), [2]), { order: 2 })).toBeLessThan(1e-6);
  });
});
