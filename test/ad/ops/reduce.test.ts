import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addAll, grad, logAddExp, logSumExp, max, mean, min, mul, sum, tensor, Tensor, type Value,
} from '../../../src/ad/index.js';
import { between, BROADCAST_PAIRS, distinctValuesOf, forAll, runsFor, valueOf } from '../../helpers/arbitraries.js';
import { expectGradientsMatch, expectSameError } from '../../helpers/gradients.js';

const matrix = valueOf([2, 3], between(-3, 3));
const vector = valueOf([4], between(-3, 3));
const RUNS = runsFor([2, 3]);

describe.each([
  ['sum', sum],
  ['mean', mean],
  ['logSumExp', logSumExp],
] as const)('%s', (_name, reduce) => {
  it('of all elements of a vector', () => forAll(vector, (x) => expectGradientsMatch((y: Value) => reduce(y), x), RUNS));
  it('of all elements of a matrix', () => forAll(matrix, (x) => expectGradientsMatch((y: Value) => reduce(y), x), RUNS));
  it('along axis 0 of a matrix', () => forAll(matrix, (x) => expectGradientsMatch((y: Value) => reduce(y, 0), x), RUNS));
  it('along axis 1 of a matrix', () => forAll(matrix, (x) => expectGradientsMatch((y: Value) => reduce(y, 1), x), RUNS));
  it('of a number is the number', () => expect(reduce(2.5)).toBe(2.5));
  it('throws the same axis error traced and plain', () => expectSameError((y: Value) => reduce(y, 2), tensor([[1, 2], [3, 4]])));
});

describe.each(BROADCAST_PAIRS)('logAddExp on shapes %j and %j', (aShape, bShape) => {
  it('matches finite differences to second order', () =>
    forAll(fc.tuple(valueOf(aShape, between(-5, 5)), valueOf(bShape, between(-5, 5))), (x) =>
      expectGradientsMatch(([a, b]: [Value, Value]) => logAddExp(a, b), x), runsFor(aShape, bShape)));
});

it('logAddExp throws the same shape error traced and plain', () =>
  expectSameError(([a, b]: [Value, Value]) => logAddExp(a, b), [tensor([1, 2]), tensor([1, 2, 3])]));

describe.each([
  ['max', max],
  ['min', min],
] as const)('%s (entries at least 0.05 apart: no ties)', (_name, reduce) => {
  it('of a vector', () => forAll(distinctValuesOf([4]), (x) => expectGradientsMatch(reduce, x), RUNS));
  it('of a matrix', () => forAll(distinctValuesOf([2, 3]), (x) => expectGradientsMatch(reduce, x), RUNS));
  it('of a number is the number', () => expect(reduce(-1.5)).toBe(-1.5));
  it('of an empty tensor throws, traced or not', () => expectSameError(reduce, tensor([])));
});

describe('reduction values', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);

  it('sums and averages along each axis', () => {
    expect(sum(x)).toBe(21);
    expect((sum(x, 0) as Tensor).toArray()).toEqual([5, 7, 9]);
    expect((sum(x, 1) as Tensor).toArray()).toEqual([6, 15]);
    expect(mean(x)).toBe(3.5);
    expect((mean(x, 0) as Tensor).toArray()).toEqual([2.5, 3.5, 4.5]);
    expect(sum(tensor([1, 2, 3]), 0)).toBe(6);
  });

  it('logSumExp is log Σ eˣ, without overflow or underflow', () => {
    expect(logSumExp(tensor([1000, 1000]))).toBe(1000 + Math.LN2);
    expect(logSumExp(tensor([-1000, -1000]))).toBe(-1000 + Math.LN2);
    expect(logSumExp(tensor([0, -Infinity]))).toBe(0);
    expect(logSumExp(tensor([-Infinity, -Infinity]))).toBe(-Infinity);
    const rows = logSumExp(x, 1) as Tensor;
    expect(rows.data[0]).toBeCloseTo(Math.log(Math.E + Math.E ** 2 + Math.E ** 3), 14);
    for (const g of grad(logSumExp)(tensor([1000, 1000])).data) expect(g).toBeCloseTo(0.5, 12); // ans = 1000 + log 2 is rounded at 1000's ulp
  });

  it('logAddExp is log(eᵃ + eᵇ) in the same stable form', () => {
    expect(logAddExp(1000, 1000)).toBe(1000 + Math.LN2);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logAddExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logAddExp(0, 0)).toBe(Math.LN2);
    expect(grad((a: Value) => logAddExp(a, 1000))(1000)).toBeCloseTo(0.5, 12);
  });

  it('max and min send the gradient to the extreme entry', () => {
    expect(max(x)).toBe(6);
    expect(min(x)).toBe(1);
    expect(grad(max)(x).toArray()).toEqual([[0, 0, 0], [0, 0, 1]]);
    expect(grad(min)(x).toArray()).toEqual([[1, 0, 0], [0, 0, 0]]);
    expect(grad(max)(tensor([2, 7, 7])).toArray()).toEqual([0, 1, 0]); // ties: the first
  });
});

describe('addAll (a list of scalar terms as one node)', () => {
  const terms = fc.tuple(between(-3, 3), between(-3, 3), between(-3, 3), between(-3, 3));
  it('matches finite differences to second order, with the terms used nonlinearly', () =>
    forAll(terms, (x) =>
      expectGradientsMatch(([a, b, c, d]: [Value, Value, Value, Value]) => mul(addAll([mul(a, b), c, mul(d, d), 2]), addAll([a, c])), x), RUNS));
  it('is the plain sum of plain terms, and a single term itself', () => {
    expect(addAll([1, 2, 3.5])).toBe(6.5);
    expect(addAll([])).toBe(0);
    const g = grad((x: Value) => addAll([x]))(3);
    expect(g).toBe(1);
  });
  it('refuses a tensor term by index', () => expect(() => addAll([1, tensor([1, 2])])).toThrow('addAll: term 1 has shape [2], but every term must be a scalar'));
});
