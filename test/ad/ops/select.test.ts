import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  equal, grad, greater, greaterEqual, jvp, less, lessEqual, mask, Mask, maximum, minimum, sign, tensor, Tensor, where, type Value,
} from '../../../src/ad/index';
import { between, BROADCAST_PAIRS, forAll, runsFor, untied, valueOf } from '../../helpers/arbitraries';
import { expectGradientsMatch, expectSameError } from '../../helpers/gradients';

type Pair = [Value, Value];

describe.each(BROADCAST_PAIRS)('where, maximum and minimum on shapes %j and %j', (aShape, bShape) => {
  const runs = runsFor(aShape, bShape);

  it('where with a fixed condition routes each element to one branch', () =>
    forAll(fc.tuple(valueOf(aShape, between(-3, 3)), valueOf(bShape, between(-3, 3))), ([a, b]) => {
      const condition = greater(a, b); // a plain condition, fixed while x and y move
      expectGradientsMatch(([x, y]: Pair) => where(condition, x, y), [a, b]);
    }, runs));

  const untiedPair = fc.tuple(valueOf(aShape, untied.first), valueOf(bShape, untied.second));
  it('maximum away from ties', () => forAll(untiedPair, (x) => expectGradientsMatch(([a, b]: Pair) => maximum(a, b), x), runs));
  it('minimum away from ties', () => forAll(untiedPair, (x) => expectGradientsMatch(([a, b]: Pair) => minimum(a, b), x), runs));
});

describe('selection values', () => {
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
