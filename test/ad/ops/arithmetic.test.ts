import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, div, grad, mul, neg, pow, sub, sum, tensor, Tensor, type Value } from '../../../src/ad/index.js';
import { awayFromZero, between, BROADCAST_PAIRS, ELEMENTWISE_SHAPES, forAll, runsFor, valueOf } from '../../helpers/arbitraries.js';
import { expectGradientsMatch, expectSameError } from '../../helpers/gradients.js';

type Pair = [Value, Value];

describe.each(BROADCAST_PAIRS)('binary arithmetic on shapes %j and %j', (aShape, bShape) => {
  const pair = (a: fc.Arbitrary<number>, b = a): fc.Arbitrary<Pair> => fc.tuple(valueOf(aShape, a), valueOf(bShape, b));
  const real = between(-3, 3);
  const runs = runsFor(aShape, bShape);

  it('add', () => forAll(pair(real), (x) => expectGradientsMatch(([a, b]: Pair) => add(a, b), x), runs));
  it('sub', () => forAll(pair(real), (x) => expectGradientsMatch(([a, b]: Pair) => sub(a, b), x), runs));
  it('mul', () => forAll(pair(real), (x) => expectGradientsMatch(([a, b]: Pair) => mul(a, b), x), runs));
  it('div (denominator away from 0)', () =>
    forAll(pair(real, awayFromZero(0.5, 3)), (x) => expectGradientsMatch(([a, b]: Pair) => div(a, b), x), runs));
  it('pow (positive base, both arguments traced)', () =>
    forAll(pair(between(0.3, 3), between(-2, 2)), (x) => expectGradientsMatch(([a, b]: Pair) => pow(a, b), x), runs));
});

describe.each(ELEMENTWISE_SHAPES)('unary arithmetic on shape %j', (...shape) => {
  it('neg', () => forAll(valueOf(shape, between(-3, 3)), (x) => expectGradientsMatch(neg, x), runsFor(shape)));
  it('pow with a constant integer exponent, any sign of base', () =>
    forAll(valueOf(shape, between(-3, 3)), (x) => expectGradientsMatch((y: Value) => pow(y, 3), x), runsFor(shape)));
});

describe('arithmetic values', () => {
  it('broadcasts a column against a row', () => {
    const column = tensor([[1], [2]]);
    const row = tensor([[10, 20, 30]]);
    expect((add(column, row) as Tensor).toArray()).toEqual([[11, 21, 31], [12, 22, 32]]);
    expect((sub(column, row) as Tensor).toArray()).toEqual([[-9, -19, -29], [-8, -18, -28]]);
    expect((mul(column, row) as Tensor).toArray()).toEqual([[10, 20, 30], [20, 40, 60]]);
    expect((div(row, column) as Tensor).toArray()).toEqual([[10, 20, 30], [5, 10, 15]]);
    expect((pow(column, tensor([[0, 1, 2]])) as Tensor).toArray()).toEqual([[1, 1, 1], [1, 2, 4]]);
  });

  it('broadcasts a trailing-axis vector over the rows of a matrix', () => {
    expect((add(tensor([[1, 2, 3], [4, 5, 6]]), tensor([10, 20, 30])) as Tensor).toArray()).toEqual([[11, 22, 33], [14, 25, 36]]);
  });

  it('sums the gradient of a broadcast argument over the broadcast axes', () => {
    const g = grad(([a, b]: Pair) => sum(mul(a, b)))([tensor([[1], [2]]), tensor([[10, 20, 30]])]) as [Tensor, Tensor];
    expect(g[0].toArray()).toEqual([[60], [60]]);
    expect(g[1].toArray()).toEqual([[3, 3, 3]]);
  });

  it('takes d/db a^b at a = 0 as 0 (the limit for b > 0), not NaN', () => {
    expect(grad((b: Value) => pow(0, b))(2)).toBe(0);
    expect(grad((a: Value) => pow(a, 2))(0)).toBe(0);
    expect(grad((b: Value) => pow(2, b))(3)).toBeCloseTo(8 * Math.log(2), 14);
  });

  it('keeps the mixed second derivative ∂²(a^b)/∂a∂b = a^(b−1)(b log a + 1) finite at a = 0', () => {
    const mixed = grad((a: Value) => sum(grad((b: Value) => sum(pow(a, b)))(tensor([2, 2]))))(tensor([0, 1])) as Tensor;
    expect(mixed.toArray()).toEqual([0, 1]);
  });

  it('throws the same shape error traced and plain', () => {
    const mismatched: Pair = [tensor([1, 2]), tensor([1, 2, 3])];
    for (const op of [add, sub, mul, div, pow]) expectSameError(([a, b]: Pair) => op(a, b), mismatched);
  });
});
