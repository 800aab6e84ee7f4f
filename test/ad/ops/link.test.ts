import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  grad, logit, logSigmoid, sigmoid, softplus, type Value,
} from '../../../src/ad/index.js';
import { between, ELEMENTWISE_SHAPES, forAll, runsFor, valueOf } from '../../helpers/arbitraries.js';
import { expectGradientsMatch } from '../../helpers/gradients.js';

const table: readonly [string, (x: Value) => Value, fc.Arbitrary<number>][] = [
  ['sigmoid', sigmoid, between(-8, 8)],
  ['logit', logit, between(0.05, 0.95)],
  ['softplus', softplus, between(-8, 8)],
  ['logSigmoid', logSigmoid, between(-8, 8)],
];

describe.each(table)('%s', (_name, op, domain) => {
  it.each(ELEMENTWISE_SHAPES.map((s) => [s]))('matches finite differences to second order on shape %j', (shape) =>
    forAll(valueOf(shape, domain), (x) => expectGradientsMatch(op, x), runsFor(shape)));
});

const relativeClose = (actual: number, expected: number, tolerance = 1e-13): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
};

describe('link functions in the tails', () => {
  it('sigmoid neither overflows nor loses its small values', () => {
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-800)).toBe(0); // e^-800 is below the smallest double: 0, not NaN
    relativeClose(sigmoid(-700) as number, Math.exp(-700));
    relativeClose(sigmoid(-30) as number, Math.exp(-30) / (1 + Math.exp(-30)));
    expect(grad(sigmoid)(800)).toBe(0);
    expect(grad(sigmoid)(-800)).toBe(0);
  });

  it('softplus is x for large x and e^x for very negative x', () => {
    expect(softplus(800)).toBe(800);
    relativeClose(softplus(-40) as number, Math.exp(-40));
    expect(softplus(-800)).toBe(0);
    relativeClose(softplus(0) as number, Math.LN2);
    expect(grad(softplus)(800)).toBe(1);
    expect(grad(softplus)(-800)).toBe(0);
  });

  it('logSigmoid is −softplus(−x): −x for very negative x, −e^−x for large x', () => {
    expect(logSigmoid(-800)).toBe(-800);
    relativeClose(logSigmoid(40) as number, -Math.exp(-40));
    expect(grad(logSigmoid)(-800)).toBe(1);
    expect(grad(logSigmoid)(800)).toBe(0);
  });

  it('logit inverts sigmoid', () => {
    for (const x of [-20, -3, -0.5, 0, 0.5, 3, 20]) {
      expect(Math.abs((logit(sigmoid(x)) as number) - x)).toBeLessThan(1e-9 * Math.max(1, Math.exp(Math.abs(x))));
    }
    relativeClose(logit(0.75) as number, Math.log(3));
    expect(logit(0.5)).toBe(0);
  });
});
