import { describe, expect, it } from 'vitest';
import { broadcastTo, jvp, mul, sum, sumToShape, tensor, Tensor, type Value } from '../../../src/ad/index.js';
import { between, forAll, runsFor, valueOf } from '../../helpers/arbitraries.js';
import { expectGradientsMatch, expectSameError } from '../../helpers/gradients.js';

const real = between(-3, 3);

describe.each([
  [[], [2, 2]],
  [[3], [2, 3]],
  [[2, 1], [2, 3]],
  [[1, 3], [2, 3]],
] as const)('from %j to %j', (small, large) => {
  const runs = runsFor(small, large);
  it('broadcastTo matches finite differences to second order', () =>
    forAll(valueOf(small, real), (x) => expectGradientsMatch((y: Value) => broadcastTo(y, large), x), runs));
  it('sumToShape (its adjoint) matches finite differences to second order', () =>
    forAll(valueOf(large, real), (x) => expectGradientsMatch((y: Value) => sumToShape(y, small), x), runs));
});

describe('broadcasting values', () => {
  it('broadcastTo repeats and sumToShape sums over the broadcast axes', () => {
    expect((broadcastTo(tensor([1, 2]), [2, 2]) as Tensor).toArray()).toEqual([[1, 2], [1, 2]]);
    expect((broadcastTo(tensor([[1], [2]]), [2, 2]) as Tensor).toArray()).toEqual([[1, 1], [2, 2]]);
    expect((broadcastTo(5, [2]) as Tensor).toArray()).toEqual([5, 5]);
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    expect((sumToShape(x, [3]) as Tensor).toArray()).toEqual([5, 7, 9]);
    expect((sumToShape(x, [1, 3]) as Tensor).toArray()).toEqual([[5, 7, 9]]);
    expect((sumToShape(x, [2, 1]) as Tensor).toArray()).toEqual([[6], [15]]);
    expect(sumToShape(x, [])).toBe(21);
    expect(sumToShape(x, [2, 3])).toBe(x);
  });

  it('are each other’s adjoints: ⟨broadcastTo(u), v⟩ = ⟨u, sumToShape(v)⟩', () => {
    const u = tensor([[1], [-2]]);
    const v = tensor([[0.5, 1, 2], [3, -1, 4]]);
    expect(sum(mul(broadcastTo(u, [2, 3]), v))).toBe(sum(mul(u, sumToShape(v, [2, 1]))));
    expect(jvp((y: Value) => broadcastTo(y, [2, 3]), u, tensor([[1], [1]])).tangent).toEqual(tensor([[1, 1, 1], [1, 1, 1]]));
  });

  it('throws the same error traced and plain on shapes that do not broadcast', () => {
    expectSameError((y: Value) => broadcastTo(y, [2]), tensor([1, 2, 3]));
    expectSameError((y: Value) => broadcastTo(y, [3]), tensor([[1, 2, 3], [4, 5, 6]]));
    expectSameError((y: Value) => sumToShape(y, [2]), tensor([[1, 2, 3], [4, 5, 6]]));
    expectSameError((y: Value) => sumToShape(y, [2]), 3);
    expect(() => broadcastTo(tensor([[1, 2, 3], [4, 5, 6]]), [3])).toThrow('broadcastTo: shape [2, 3] cannot be broadcast to [3]');
    expect(() => sumToShape(tensor([1, 2, 3]), [2])).toThrow('sumToShape: shapes [2] and [3] cannot be broadcast together');
  });
});
