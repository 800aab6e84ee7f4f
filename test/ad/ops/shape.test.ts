import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  at, concat, flatten, gather, grad, mul, reshape, slice, stack, sum, tensor, Tensor, unstack, type Value,
} from '../../../src/ad/index.js';
import { between, forAll, runsFor, valueOf } from '../../helpers/arbitraries.js';
import { expectGradientsMatch, expectSameError } from '../../helpers/gradients.js';

const real = between(-3, 3);
const matrix = valueOf([2, 3], real);
const RUNS = runsFor([2, 3]);

describe('shape ops match finite differences to second order', () => {
  it('reshape [2,3] → [3,2]', () => forAll(matrix, (x) => expectGradientsMatch((y: Value) => reshape(y, [3, 2]), x), RUNS));
  it('reshape with an inferred dimension [2,3] → [-1]', () => forAll(matrix, (x) => expectGradientsMatch((y: Value) => reshape(y, [-1]), x), RUNS));
  it('reshape a number to [1, 1]', () => forAll(real, (x) => expectGradientsMatch((y: Value) => reshape(y, [1, 1]), x)));
  it('flatten', () => forAll(matrix, (x) => expectGradientsMatch(flatten, x), RUNS));
  it('at', () => forAll(matrix, (x) => expectGradientsMatch((y: Value) => mul(at(y, 1, 2), at(y, 0, 1)), x), RUNS));
  it('unstack', () => forAll(valueOf([3], real), (x) => expectGradientsMatch((y: Value) => stack(unstack(y).reverse()), x), RUNS));
  it('slice along axis 0', () => forAll(valueOf([4, 2], real), (x) => expectGradientsMatch((y: Value) => slice(y, 1, 3), x), RUNS));
  it('slice along axis 1', () => forAll(matrix, (x) => expectGradientsMatch((y: Value) => slice(y, 1, 3, 1), x), RUNS));
  it('concat of vectors and numbers', () =>
    forAll(fc.tuple(valueOf([2], real), real, valueOf([3], real)), (x) =>
      expectGradientsMatch((parts: Value[]) => concat(parts), x), RUNS));
  it('concat of matrices along axis 1', () =>
    forAll(fc.tuple(valueOf([2, 1], real), matrix), (x) => expectGradientsMatch((parts: Value[]) => concat(parts, 1), x), RUNS));
  it('stack of numbers', () => forAll(fc.tuple(real, real, real), (x) => expectGradientsMatch((parts: Value[]) => stack(parts), x)));
  it('stack of vectors', () =>
    forAll(fc.tuple(valueOf([2], real), valueOf([2], real)), (x) => expectGradientsMatch((parts: Value[]) => stack(parts), x), RUNS));
  it('gather with repeated indices (the gradient accumulates)', () =>
    forAll(valueOf([4], real), (x) => expectGradientsMatch((y: Value) => gather(y, [3, 0, 3, 3, 1]), x), RUNS));
  it('gather rows of a matrix', () =>
    forAll(valueOf([3, 2], real), (x) => expectGradientsMatch((y: Value) => gather(y, Int32Array.of(2, 2, 0)), x), RUNS));
});

describe('shape op values', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);

  it('reshape and flatten keep row-major order', () => {
    expect((reshape(x, [3, 2]) as Tensor).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect((reshape(x, [-1, 2]) as Tensor).shape).toEqual([3, 2]);
    expect((flatten(x) as Tensor).toArray()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(reshape(tensor([7]), [])).toBe(7);
  });

  it('at, unstack and slice pick elements, rows and columns', () => {
    expect(at(x, 1, 2)).toBe(6);
    expect(unstack(tensor([7, 8]))).toEqual([7, 8]);
    expect((slice(x, 1, 2) as Tensor).toArray()).toEqual([[4, 5, 6]]);
    expect((slice(x, 0, 2, 1) as Tensor).toArray()).toEqual([[1, 2], [4, 5]]);
    expect((slice(x, 1, 1, 1) as Tensor).shape).toEqual([2, 0]);
  });

  it('concat and stack join along an axis', () => {
    expect((concat([tensor([1, 2]), 3, tensor([4])]) as Tensor).toArray()).toEqual([1, 2, 3, 4]);
    expect((concat([x, tensor([[0], [0]])], 1) as Tensor).toArray()).toEqual([[1, 2, 3, 0], [4, 5, 6, 0]]);
    expect((stack([1, 2, 3]) as Tensor).toArray()).toEqual([1, 2, 3]);
    expect((stack([tensor([1, 2]), tensor([3, 4])]) as Tensor).toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it("gather is Stan's a[group], and its gradient counts repeats", () => {
    expect((gather(tensor([10, 20, 30]), [2, 0, 2]) as Tensor).toArray()).toEqual([30, 10, 30]);
    expect((gather(x, [1]) as Tensor).toArray()).toEqual([[4, 5, 6]]);
    const counts = grad((y: Value) => sum(gather(y, [2, 0, 2])))(tensor([10, 20, 30])) as Tensor;
    expect(counts.toArray()).toEqual([1, 0, 2]);
  });
});

describe('shape op errors are the same traced and plain', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  it.each([
    ['reshape to a different size', (y: Value) => reshape(y, [4])],
    ['at with too few indices', (y: Value) => at(y, 1)],
    ['at out of range', (y: Value) => at(y, 2, 0)],
    ['unstack of a matrix', (y: Value) => unstack(y)],
    ['slice past the end', (y: Value) => slice(y, 1, 3)],
    ['slice on a missing axis', (y: Value) => slice(y, 0, 1, 2)],
    ['concat of mismatched shapes', (y: Value) => concat([y, tensor([1, 2])])],
    ['stack of mismatched shapes', (y: Value) => stack([y, tensor([1, 2])])],
    ['gather out of range', (y: Value) => gather(y, [0, 2])],
    ['gather with a fractional index', (y: Value) => gather(y, [0.5])],
  ] as const)('%s', (_name, f) => expectSameError(f, x));

  it('the messages name the op, the shapes and the rule', () => {
    expect(() => reshape(x, [4])).toThrow('reshape: a value of shape [2, 3] (6 elements) cannot be reshaped to [4]');
    expect(() => at(x, 2, 0)).toThrow('at: index 0 is 2, but must be an integer in [0, 1] for shape [2, 3]');
    expect(() => stack([x, tensor([1, 2])])).toThrow('stack: value 1 has shape [2], but value 0 has shape [2, 3]');
    expect(() => gather(x, [0, 2])).toThrow('gather: indices[1] is 2, but must be an integer in [0, 1]');
  });
});
