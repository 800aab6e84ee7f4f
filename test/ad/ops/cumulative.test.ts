import { describe, expect, it } from 'vitest';
import { checkGrad, cumulativeSum, mul, primal, sin, sum, Tensor, tensor, type Value } from '../../../src/index.js';
import { makeRng } from '../../../src/random/rng.js';

const randomTensor = (shape: number[], seed: number): Tensor => {
  const rng = makeRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return new Tensor(Float64Array.from({ length: size }, () => rng.normal()), shape);
};

describe('cumulativeSum', () => {
  it('sums forward and in reverse along the chosen axis', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    expect((primal(cumulativeSum(x)) as Tensor).toArray()).toEqual([[1, 3, 6], [4, 9, 15]]);
    expect((primal(cumulativeSum(x, { axis: 0 })) as Tensor).toArray()).toEqual([[1, 2, 3], [5, 7, 9]]);
    expect((primal(cumulativeSum(x, { axis: 1, reverse: true })) as Tensor).toArray()).toEqual([[6, 5, 3], [15, 11, 6]]);
    expect(cumulativeSum(2.5)).toBe(2.5);
  });

  it('names the axis rule', () => {
    expect(() => cumulativeSum(tensor([1, 2]), { axis: 1 })).toThrow('cumulativeSum: axis is 1, but a value of shape [2] has axes 0..0');
  });

  // A nonlinear weighting so that second derivatives are not trivially zero.
  const scalarOf = (options: { axis?: number; reverse?: boolean }, weights: Tensor) => (x: Value): Value =>
    sum(mul(sin(cumulativeSum(x, options)), weights));

  for (const [shape, options] of [
    [[5], {}],
    [[5], { reverse: true }],
    [[3, 4], { axis: 0 }],
    [[2, 3, 4], { axis: 1, reverse: true }],
    [[2, 3, 4], {}],
  ] as const) {
    it(`matches finite differences to second order: shape [${shape}], ${JSON.stringify(options)}`, () => {
      const x = randomTensor([...shape], 7);
      const weights = randomTensor([...shape], 8);
      expect(checkGrad(scalarOf(options, weights), x, { order: 2 })).toBeLessThan(1e-7);
    });
  }
});
