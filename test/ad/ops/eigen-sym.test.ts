import { describe, expect, it } from 'vitest';
import { add, matmul, mul, tensor, Tensor, transpose, type Value } from '../../../src/ad/index.js';
import { eigenvaluesSym, eigenvectorsSym } from '../../../src/ad/ops/eigen-sym.js';
import { expectGradientsMatch } from '../../helpers/gradients.js';

// Symmetric eigendecomposition: A V = V diag(λ), Vᵀ V = I, closed forms for 2×2 matrices;
// derivatives (along symmetric perturbations) against finite differences.

const A = tensor([
  [4, 1, -0.5, 0.2],
  [1, 3, 0.3, 0],
  [-0.5, 0.3, 1, 0.6],
  [0.2, 0, 0.6, -2],
]);
const n = 4;
const symmetrise = (X: Value): Value => mul(0.5, add(X, transpose(X)));
const entry = (m: Value, i: number, j: number): number => (m as Tensor).data[i * n + j]!;

describe('values', () => {
  const lambda = eigenvaluesSym(A) as Tensor;
  const V = eigenvectorsSym(A) as Tensor;
  it('A V = V diag(λ) and Vᵀ V = I to rounding; eigenvalues ascending', () => {
    const AV = matmul(A, V);
    const VtV = matmul(transpose(V), V);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(Math.abs(entry(AV, i, j) - entry(V, i, j) * lambda.data[j]!)).toBeLessThan(1e-14);
        expect(Math.abs(entry(VtV, i, j) - (i === j ? 1 : 0))).toBeLessThan(1e-15);
      }
    }
    expect(Array.from(lambda.data)).toEqual(Array.from(lambda.data).sort((a, b) => a - b));
  });
  it('2×2 closed form: eigenvalues (a + c)/2 ± √(((a − c)/2)² + b²)', () => {
    const [a, b, c] = [2, 0.7, -1];
    const values = eigenvaluesSym(tensor([[a, b], [b, c]])) as Tensor;
    const r = Math.sqrt(((a - c) / 2) ** 2 + b * b);
    expect(values.data[0]).toBeCloseTo((a + c) / 2 - r, 15);
    expect(values.data[1]).toBeCloseTo((a + c) / 2 + r, 15);
  });
  it('each eigenvector has its largest entry positive (a fixed sign)', () => {
    for (let j = 0; j < n; j++) {
      const column = Array.from({ length: n }, (_, i) => entry(V, i, j));
      const largest = column.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
      expect(largest).toBeGreaterThan(0);
    }
  });
  it('refuses a matrix that is not symmetric, naming the elements', () => {
    expect(() => eigenvaluesSym(tensor([[1, 2], [0, 1]]))).toThrow('eigenvalues_sym: the matrix is not symmetric (element [2, 1] is 0, but [1, 2] is 2)');
  });
});

describe('derivatives', () => {
  it('of the eigenvalues match finite differences', () => expectGradientsMatch((X: Value) => eigenvaluesSym(symmetrise(X)), A, 1e-6));
  it('of the eigenvectors match finite differences', () => expectGradientsMatch((X: Value) => eigenvectorsSym(symmetrise(X)), A, 1e-6));
});
