import { describe, expect, it } from 'vitest';
import { matmul, matvec, tensor, Tensor, transpose, type Value } from '../../../src/ad/index.js';
import { determinant, inverse, logAbsDeterminant, solve } from '../../../src/ad/ops/lu.js';
import { expectGradientsMatch, expectSameError } from '../../helpers/gradients.js';

// General solves, inverses and determinants: values against closed forms and residuals,
// derivatives against finite differences (both modes, second order).

// A permutation is needed (the first pivot is small), and the matrix is not symmetric.
const A = tensor([
  [0.1, 2, -1],
  [1.5, 0.3, 0.7],
  [-0.4, 1.1, 2.2],
]);
const b = tensor([1, -2, 0.5]);
const B = tensor([
  [1, 0.2],
  [-2, 0.4],
  [0.5, -1],
]);

const maxAbs = (x: Value): number => Math.max(...Array.from((x as Tensor).data, Math.abs));
const minus = (x: Value, y: Value): Tensor => new Tensor((x as Tensor).data.map((v, i) => v - (y as Tensor).data[i]!), (x as Tensor).shape);

/** The 3×3 determinant by the rule of Sarrus. */
function sarrus(m: Tensor): number {
  const a = (i: number, j: number): number => m.data[i * 3 + j]!;
  return a(0, 0) * a(1, 1) * a(2, 2) + a(0, 1) * a(1, 2) * a(2, 0) + a(0, 2) * a(1, 0) * a(2, 1) - a(0, 2) * a(1, 1) * a(2, 0) - a(0, 0) * a(1, 2) * a(2, 1) - a(0, 1) * a(1, 0) * a(2, 2);
}

describe('values', () => {
  it('solve leaves residuals at rounding level, for a vector and a matrix right-hand side', () => {
    expect(maxAbs(minus(matvec(A, solve(A, b)), b))).toBeLessThan(1e-15);
    expect(maxAbs(minus(matmul(A, solve(A, B)), B))).toBeLessThan(1e-15);
  });
  it('inverse: A A⁻¹ = I, and the 2×2 closed form', () => {
    expect(maxAbs(minus(matmul(A, inverse(A)), tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]])))).toBeLessThan(1e-15);
    const inv = inverse(tensor([[4, 7], [2, 6]])) as Tensor;
    Array.from(inv.data).forEach((v, i) => expect(v).toBeCloseTo([0.6, -0.7, -0.2, 0.4][i]!, 15));
  });
  it('determinant equals the rule of Sarrus (sign of the row swaps included); logAbsDeterminant its log |.|', () => {
    expect(determinant(A)).toBeCloseTo(sarrus(A), 14);
    expect(determinant(transpose(A))).toBeCloseTo(sarrus(A), 14);
    expect(logAbsDeterminant(A)).toBeCloseTo(Math.log(Math.abs(sarrus(A))), 14);
    expect(determinant(tensor([[0, 1], [1, 0]]))).toBe(-1);
    expect(Math.abs(determinant(tensor([[1, 2], [2, 4]])) as number)).toBe(0);
    expect(logAbsDeterminant(tensor([[1, 2], [2, 4]]))).toBe(-Infinity);
  });
  it('a singular matrix cannot be solved: the same error with and without AD', () => {
    expectSameError((m: Value) => solve(m, b), tensor([[1, 2, 3], [2, 4, 6], [0, 1, 1]]));
    expect(() => inverse(tensor([[1, 2], [2, 4]]))).toThrow('solve: the matrix is singular');
  });
});

describe('derivatives', () => {
  it.each([
    ['solve in A and b', ([m, v]: Value[]) => solve(m!, v!), [A, b]],
    ['solve in A and B', ([m, v]: Value[]) => solve(m!, v!), [A, B]],
    ['inverse', (m: Value) => inverse(m), A],
    ['determinant', (m: Value) => determinant(m), A],
    ['logAbsDeterminant', (m: Value) => logAbsDeterminant(m), A],
  ] as const)('%s match finite differences', (_name, f, x) => expectGradientsMatch(f as (x: Value) => Value, x as Value, 1e-6));
});
