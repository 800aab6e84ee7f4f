import { describe, expect, it } from 'vitest';
import {
  welfordCovarianceFinal,
  welfordCovarianceInit,
  welfordCovarianceUpdate,
  welfordVarianceFinal,
  welfordVarianceInit,
  welfordVarianceUpdate,
} from '../../../src/samplers/adaptation/welford.js';
import { makeRng } from '../../../src/random/rng.js';

/** Correlated draws: coordinate i is 3 + (i + 1) z_i + z_0. */
function draws(count: number, dim: number): Float64Array[] {
  const rng = makeRng(5);
  return Array.from({ length: count }, () => {
    const z = Float64Array.from({ length: dim }, () => rng.normal());
    return z.map((value, i) => 3 + (i + 1) * value + (i > 0 ? z[0] : 0)!);
  });
}

/** Two-pass sample covariance with divisor n - 1. */
function twoPassCovariance(values: readonly Float64Array[]): Float64Array {
  const dim = values[0]!.length;
  const mean = new Float64Array(dim);
  for (const value of values) value.forEach((x, i) => (mean[i]! += x / values.length));
  const covariance = new Float64Array(dim * dim);
  for (const value of values) {
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) covariance[i * dim + j]! += ((value[i]! - mean[i]!) * (value[j]! - mean[j]!)) / (values.length - 1);
    }
  }
  return covariance;
}

describe('Welford estimators', () => {
  const values = draws(57, 3);
  const n = values.length;
  const reference = twoPassCovariance(values);

  it("give the two-pass variance shrunk as Stan's: n/(n+5) var + 1e-3 * 5/(n+5)", () => {
    const state = values.reduce(welfordVarianceUpdate, welfordVarianceInit(3));
    const variance = welfordVarianceFinal(state);
    for (let i = 0; i < 3; i++) {
      const expected = (n / (n + 5)) * reference[i * 3 + i]! + 1e-3 * (5 / (n + 5));
      expect(variance[i]).toBeCloseTo(expected, 12);
    }
  });

  it('give the two-pass covariance with the shrinkage on the diagonal only', () => {
    const state = values.reduce(welfordCovarianceUpdate, welfordCovarianceInit(3));
    const covariance = welfordCovarianceFinal(state);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const expected = (n / (n + 5)) * reference[i * 3 + j]! + (i === j ? 1e-3 * (5 / (n + 5)) : 0);
        expect(covariance[i * 3 + j]).toBeCloseTo(expected, 12);
      }
    }
    expect(covariance[1]).toBe(covariance[3]);
  });

  it('leave their input states untouched and need two draws', () => {
    const start = welfordVarianceInit(2);
    welfordVarianceUpdate(start, Float64Array.of(1, 2));
    expect(start.count).toBe(0);
    expect(Array.from(start.mean)).toEqual([0, 0]);
    const one = welfordCovarianceUpdate(welfordCovarianceInit(2), Float64Array.of(1, 2));
    expect(() => welfordCovarianceFinal(one)).toThrow(/1 draws, but at least 2/);
  });
});
