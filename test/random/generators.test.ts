import { describe, expect, it } from 'vitest';
import {
  drawBernoulli,
  drawBeta,
  drawBinomial,
  drawCategorical,
  drawCauchy,
  drawDirichlet,
  drawExponential,
  drawGamma,
  drawLogGamma,
  drawMultinomial,
  drawNegativeBinomial2,
  drawPoisson,
  drawStudentT,
  makeRng,
  openUniform,
} from '../../src/random/index.js';

// The contracts of the generators beyond their laws (checked in cases.ts): degenerate
// parameters give their one value, small shapes give no NaN or 0/0, and invalid arguments
// — which would otherwise loop forever in a rejection sampler — give one clear error.

const rng = makeRng(9, 0);
const repeat = (n: number, draw: () => number): number[] => Array.from({ length: n }, draw);

describe('degenerate and extreme parameters', () => {
  it('binomial and Poisson at the ends of their parameters', () => {
    expect(drawBinomial(rng, 0, 0.5)).toBe(0);
    expect(drawBinomial(rng, 17, 0)).toBe(0);
    expect(drawBinomial(rng, 17, 1)).toBe(17);
    expect(drawPoisson(rng, 0)).toBe(0);
    expect(drawNegativeBinomial2(rng, 0, 3)).toBe(0);
    const huge = repeat(100, () => drawBinomial(rng, 2 ** 53 - 1, 0.5));
    expect(huge.every((k) => Number.isInteger(k) && Math.abs(k - 2 ** 52) < 1e9)).toBe(true);
  });

  it('small shapes: gamma may underflow to 0 but never NaN; its log, beta and Dirichlet stay finite', () => {
    const gammas = repeat(10_000, () => drawGamma(rng, 1e-3));
    expect(gammas.every((g) => g >= 0 && Number.isFinite(g))).toBe(true);
    expect(repeat(10_000, () => drawLogGamma(rng, 1e-3)).every(Number.isFinite)).toBe(true);
    expect(repeat(10_000, () => drawBeta(rng, 1e-3, 1e-3)).every((x) => x >= 0 && x <= 1)).toBe(true);
    const out = new Float64Array(3);
    for (let i = 0; i < 1000; i++) {
      drawDirichlet(rng, [1e-3, 1e-3, 1e-3], out);
      expect(Math.abs(out[0]! + out[1]! + out[2]! - 1)).toBeLessThan(1e-15);
    }
  });

  it('uniform-based draws avoid the ends that have no finite value', () => {
    const u = repeat(100_000, () => openUniform(rng));
    expect(u.every((x) => x > 0 && x < 1)).toBe(true);
    expect(repeat(100_000, () => drawExponential(rng)).every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
    expect(repeat(100_000, () => drawCauchy(rng)).every(Number.isFinite)).toBe(true);
    expect(repeat(1000, () => drawStudentT(rng, 1e9)).every(Number.isFinite)).toBe(true);
    expect(repeat(1000, () => drawBernoulli(rng, 0))).not.toContain(1);
    expect(repeat(1000, () => drawBernoulli(rng, 1))).not.toContain(0);
  });

  it('categorical never picks a category of probability 0, even when rounding leaves U above the sum', () => {
    const draws = repeat(10_000, () => drawCategorical(rng, [0.3, 0.7 - 1e-17, 0]));
    expect(draws).not.toContain(2);
    expect(repeat(1000, () => drawCategorical(rng, [0, 1, 0]))).toEqual(new Array(1000).fill(1));
  });

  it('multinomial counts sum to n, with none where the probability is 0', () => {
    const out = new Float64Array(4);
    for (let i = 0; i < 1000; i++) {
      drawMultinomial(rng, 25, [0.2, 0, 0.5, 0.3], out);
      expect(out[0]! + out[1]! + out[2]! + out[3]!).toBe(25);
      expect(out[1]).toBe(0);
    }
  });
});

describe('invalid arguments', () => {
  it.each([
    ['drawGamma shape 0', () => drawGamma(rng, 0), 'drawGamma: shape is 0, but must be a positive finite number'],
    ['drawGamma shape NaN', () => drawGamma(rng, Number.NaN), 'drawGamma: shape is NaN, but must be a positive finite number'],
    ['drawLogGamma shape Infinity', () => drawLogGamma(rng, Infinity), 'drawLogGamma: shape is Infinity, but must be a positive finite number'],
    ['drawBeta a −1', () => drawBeta(rng, -1, 1), 'drawLogGamma: shape is -1, but must be a positive finite number'],
    ['drawStudentT nu 0', () => drawStudentT(rng, 0), 'drawStudentT: nu is 0, but must be a positive finite number'],
    ['drawPoisson NaN', () => drawPoisson(rng, Number.NaN), 'drawPoisson: mean is NaN, but must be in [0, 2^52)'],
    ['drawPoisson too large', () => drawPoisson(rng, 2 ** 53), 'drawPoisson: mean is 9007199254740992, but must be in [0, 2^52)'],
    ['drawBinomial n 1.5', () => drawBinomial(rng, 1.5, 0.5), 'drawBinomial: n is 1.5, but must be an integer in [0, 2^53)'],
    ['drawBinomial p 1.2', () => drawBinomial(rng, 3, 1.2), 'drawBinomial: p is 1.2, but must be in [0, 1]'],
    ['drawNegativeBinomial2 mu NaN', () => drawNegativeBinomial2(rng, Number.NaN, 1), 'drawNegativeBinomial2: mu is NaN, but must be a non-negative finite number'],
    ['drawCategorical all 0', () => drawCategorical(rng, [0, 0]), 'drawCategorical: no category has positive probability'],
    ['drawDirichlet lengths', () => drawDirichlet(rng, [1, 2], new Float64Array(3)), 'drawDirichlet: out has length 3, but alpha has 2'],
  ] as const)('%s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
