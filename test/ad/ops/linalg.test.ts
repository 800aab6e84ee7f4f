import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dot, grad, matmul, matvec, outer, tensor, Tensor, transpose, vecmat, type Value,
} from '../../../src/ad/index.js';
import { between, forAll, runsFor, valueOf } from '../../helpers/arbitraries.js';
import { expectGradientsMatch, expectSameError } from '../../helpers/gradients.js';

type Pair = [Value, Value];
const real = between(-2, 2);
const RUNS = runsFor([2]);
const pairOf = (aShape: number[], bShape: number[]): fc.Arbitrary<Pair> => fc.tuple(valueOf(aShape, real), valueOf(bShape, real));

describe('linear algebra matches finite differences to second order in both arguments', () => {
  it('dot', () => forAll(pairOf([3], [3]), (x) => expectGradientsMatch(([a, b]: Pair) => dot(a, b), x), RUNS));
  it('matvec', () => forAll(pairOf([2, 3], [3]), (x) => expectGradientsMatch(([A, v]: Pair) => matvec(A, v), x), RUNS));
  it('vecmat', () => forAll(pairOf([2], [2, 3]), (x) => expectGradientsMatch(([v, A]: Pair) => vecmat(v, A), x), RUNS));
  it('outer', () => forAll(pairOf([2], [3]), (x) => expectGradientsMatch(([a, b]: Pair) => outer(a, b), x), RUNS));
  it('matmul', () => forAll(pairOf([2, 3], [3, 2]), (x) => expectGradientsMatch(([A, B]: Pair) => matmul(A, B), x), RUNS));
  it('transpose', () => forAll(valueOf([2, 3], real), (x) => expectGradientsMatch(transpose, x), RUNS));
});

describe('linear algebra values', () => {
  const A = tensor([[1, 2, 3], [4, 5, 6]]);

  it('computes the products by hand', () => {
    expect(dot(tensor([1, 2, 3]), tensor([4, 5, 6]))).toBe(32);
    expect((matvec(A, tensor([1, 0, -1])) as Tensor).toArray()).toEqual([-2, -2]);
    expect((vecmat(tensor([1, -1]), A) as Tensor).toArray()).toEqual([-3, -3, -3]);
    expect((outer(tensor([1, 2]), tensor([3, 4, 5])) as Tensor).toArray()).toEqual([[3, 4, 5], [6, 8, 10]]);
    expect((matmul(A, transpose(A)) as Tensor).toArray()).toEqual([[14, 32], [32, 77]]);
    expect((transpose(A) as Tensor).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
  });

  it('gives the matrix-calculus gradients: ∂(yᵀAx)/∂A = y xᵀ', () => {
    const x = tensor([1, 2, 3]);
    const y = tensor([-1, 2]);
    expect((grad((M: Value) => dot(y, matvec(M, x)))(A) as Tensor).toArray()).toEqual([[-1, -2, -3], [2, 4, 6]]);
  });
});

describe('linear algebra shape errors are the same traced and plain', () => {
  it.each([
    ['dot of [2] and [3]', [tensor([1, 2]), tensor([1, 2, 3])], ([a, b]: Pair) => dot(a, b)],
    ['matvec of [2,3] and [2]', [tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 2])], ([a, b]: Pair) => matvec(a, b)],
    ['vecmat of [3] and [2,3]', [tensor([1, 2, 3]), tensor([[1, 2, 3], [4, 5, 6]])], ([a, b]: Pair) => vecmat(a, b)],
    ['matmul of [2,3] and [2,3]', [tensor([[1, 2, 3], [4, 5, 6]]), tensor([[1, 2, 3], [4, 5, 6]])], ([a, b]: Pair) => matmul(a, b)],
    ['outer of a matrix', [tensor([[1, 2]]), tensor([1, 2])], ([a, b]: Pair) => outer(a, b)],
    ['transpose of a vector', [tensor([1, 2]), 0], ([a]: Pair) => transpose(a)],
  ] as const)('%s', (_name, x, f) => expectSameError(f, x as unknown as Pair));

  it('names the op and both shapes', () => {
    expect(() => matvec(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 2]))).toThrow('matvec: shapes [2, 3] and [2] do not fit');
    expect(() => matmul(tensor([[1, 2, 3]]), tensor([[1, 2, 3]]))).toThrow('matmul: shapes [1, 3] and [1, 3] do not fit');
    expect(() => transpose(tensor([1, 2]))).toThrow('transpose: matrix must be a matrix, got shape [2]');
  });
});
