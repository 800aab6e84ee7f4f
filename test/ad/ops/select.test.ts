import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add, equal, grad, greater, greaterEqual, jvp, less, lessEqual, mask, Mask, maximum, minimum, mul, sign, tensor, Tensor, where, whereBy, type Value,
} from '../../../src/ad/index.js';
import { between, BROADCAST_PAIRS, forAll, runsFor, untied, valueOf } from '../../helpers/arbitraries.js';
import { expectGradientsMatch, expectSameError } from '../../helpers/gradients.js';

type Pair = [Value, Value];

describe.each(BROADCAST_PAIRS)('where, maximum and minimum on shapes %j and %j', (aShape, bShape) => {
  const runs = runsFor(aShape, bShape);

  it('where with a fixed condition routes each element to one branch', () =>
    forAll(fc.tuple(valueOf(aShape, between(-3, 3)), valueOf(bShape, between(-3, 3))), ([a, b]) => {
      const condition = greater(a, b); // a plain condition, fixed while x and y move
      expectGradientsMatch(([x, y]: Pair) => where(condition, x, y), [a, b]);
    }, runs));

  it('whereBy tests its first argument inside the op: gradients of both branches, none through the test', () =>
    forAll(fc.tuple(valueOf(aShape, between(-3, 3)), valueOf(bShape, between(-3, 3))), ([a, b]) => {
      // The test is a third input, away from 0 so finite differences never cross the switch.
      const test = where(greater(a, b), 1, -1);
      expectGradientsMatch(([x, y]: Pair) => whereBy(test, (v) => v > 0, mul(x, x), y), [a, b]);
      // x moves the test too, which never crosses the switch here: x's gradient comes through the branch only.
      expectGradientsMatch(([x, y]: Pair) => whereBy(add(x, 10), (v) => v > 0, mul(y, x), x), [a, b]);
    }, runs));

  const untiedPair = fc.tuple(valueOf(aShape, untied.first), valueOf(bShape, untied.second));
  it('maximum away from ties', () => forAll(untiedPair, (x) => expectGradientsMatch(([a, b]: Pair) => maximum(a, b), x), runs));
  it('minimum away from ties', () => forAll(untiedPair, (x) => expectGradientsMatch(([a, b]: Pair) => minimum(a, b), x), runs));
});

describe('selection values', () => {
  it('whereBy equals where with the mask of its test, and picks the side anew at other values', () => {
    const test = tensor([-1, 0, 2, 5]);
    const isPositive = (v: number): boolean => v > 0;
    expect((whereBy(test, isPositive, tensor([1, 2, 3, 4]), 0) as Tensor).toArray()).toEqual((where(mask(test, isPositive), tensor([1, 2, 3, 4]), 0) as Tensor).toArray());
    expect(whereBy(-2, isPositive, 1, 7)).toBe(7);
    expect((whereBy(tensor([[1], [-1]]), isPositive, tensor([10, 20]), -5) as Tensor).toArray()).toEqual([[10, 20], [-5, -5]]);
    // d/dx of whereBy(x, x > 0, x², −x): 2x on the right, −1 on the left, nothing via the test.
    const f = (x: Value): Value => whereBy(x, isPositive, mul(x, x), mul(-1, x));
    expect(grad(f)(3)).toBe(6);
    expect(grad(f)(-3)).toBe(-1);
    expect(jvp(f, 3, 1).tangent).toBe(6);
  });

  const a = tensor([1, 5, 3]);
  const b = tensor([4, 2, 3]);

  it('comparisons give masks of 0/1 with the broadcast shape, and booleans for numbers', () => {
    const m = greater(a, b) as Mask;
    expect(m).toBeInstanceOf(Mask);
    expect(Array.from(m.data)).toEqual([0, 1, 0]);
    expect(Array.from((greaterEqual(a, b) as Mask).data)).toEqual([0, 1, 1]);
    expect(Array.from((less(a, b) as Mask).data)).toEqual([1, 0, 0]);
    expect(Array.from((lessEqual(a, b) as Mask).data)).toEqual([1, 0, 1]);
    expect(Array.from((equal(a, b) as Mask).data)).toEqual([0, 0, 1]);
    expect((greater(tensor([[1], [5]]), tensor([2, 4, 6])) as Mask).shape).toEqual([2, 3]);
    expect(greater(2, 1)).toBe(true);
    expect(mask(tensor([-1, 0, 2]), (x) => x > 0)).toEqual(new Mask(Uint8Array.of(0, 0, 1), [3]));
  });

  it('where, maximum and minimum pick elementwise, broadcasting', () => {
    expect((where(greater(a, b), a, 0) as Tensor).toArray()).toEqual([0, 5, 0]);
    expect((maximum(a, b) as Tensor).toArray()).toEqual([4, 5, 3]);
    expect((minimum(a, b) as Tensor).toArray()).toEqual([1, 2, 3]);
    expect((maximum(a, 2.5) as Tensor).toArray()).toEqual([2.5, 5, 3]);
    expect(where(true, 1, 2)).toBe(1);
    expect(maximum(-1, 4)).toBe(4);
  });

  it('gives the gradient to the first argument at ties', () => {
    const g = grad(([x, y]: Pair) => maximum(x, y))([3, 3]) as number[];
    expect(g).toEqual([1, 0]);
    const h = grad(([x, y]: Pair) => minimum(x, y))([3, 3]) as number[];
    expect(h).toEqual([1, 0]);
  });

  it('where with a traced condition argument takes the branch of the plain value (define-by-run)', () => {
    const relu = (x: Value): Value => where(greater(x, 0), x, 0);
    expect(grad(relu)(2)).toBe(1);
    expect(grad(relu)(-2)).toBe(0);
    expect(jvp(relu, tensor([-1, 2]), tensor([5, 5])).tangent).toEqual(tensor([0, 5]));
  });

  it('sign is a step function: its derivative is zero', () => {
    expect((sign(tensor([-2, 0, 3])) as Tensor).toArray()).toEqual([-1, 0, 1]);
    expect(grad(sign)(1.5)).toBe(0);
  });

  it('throws the same shape error traced and plain', () => {
    const mismatched: Pair = [tensor([1, 2]), tensor([1, 2, 3])];
    expectSameError(([x, y]: Pair) => maximum(x, y), mismatched);
    expectSameError(([x, y]: Pair) => minimum(x, y), mismatched);
    expectSameError(([x, y]: Pair) => where(greater(tensor([1, 2]), 0), x, y), mismatched);
  });
});
