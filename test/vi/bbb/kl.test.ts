import { describe, expect, it } from 'vitest';
import { checkGrad, tensor, type Value } from '../../../src/ad/index.js';
import { makeRng } from '../../../src/random/rng.js';
import { klLogNormalFromHalfNormal, klNormalFromCentredNormal } from '../../../src/vi/bbb/index.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const logNormalDensity = (x: number, mean: number, sd: number): number => -0.5 * ((x - mean) / sd) ** 2 - Math.log(sd) - LOG_SQRT_2PI;

/** Mean and Monte Carlo standard error of `draw()` over n draws. */
function monteCarlo(n: number, draw: () => number): { mean: number; standardError: number } {
  let total = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    total += v;
    squares += v * v;
  }
  const mean = total / n;
  return { mean, standardError: Math.sqrt((squares / n - mean * mean) / n) };
}

describe('klNormalFromCentredNormal', () => {
  it.each([
    [0.3, 0.5, 1],
    [-1.5, 0.1, 1],
    [2, 1.7, 2.5],
    [0, 0.02, 0.3],
  ])('matches a Monte Carlo estimate E_q[log q − log p] for q = normal(%f, %f), p = normal(0, %f)', (mean, scale, priorScale) => {
    const rng = makeRng(21);
    const estimate = monteCarlo(20_000, () => {
      const w = mean + scale * rng.normal();
      return logNormalDensity(w, mean, scale) - logNormalDensity(w, 0, priorScale);
    });
    const closed = klNormalFromCentredNormal(mean, scale, priorScale) as number;
    expect(Math.abs(closed - estimate.mean)).toBeLessThan(4 * estimate.standardError);
  });

  it('is zero at the prior and sums over the elements of tensors', () => {
    expect(klNormalFromCentredNormal(0, 1, 1)).toBeCloseTo(0, 15);
    expect(klNormalFromCentredNormal(tensor([0, 0]), tensor([2, 2]), 2)).toBeCloseTo(0, 15);
    const mean = tensor([0.3, -1.5, 2]);
    const scale = tensor([0.5, 0.1, 1.7]);
    const separate = [0, 1, 2].reduce((s, i) => s + (klNormalFromCentredNormal(mean.data[i]!, scale.data[i]!, 1) as number), 0);
    expect(klNormalFromCentredNormal(mean, scale, 1)).toBeCloseTo(separate, 13);
  });

  it('has gradients that match finite differences', () => {
    const f = (p: { mean: Value; scale: Value }): Value => klNormalFromCentredNormal(p.mean, p.scale, 1.3);
    expect(checkGrad(f, { mean: tensor([0.3, -1.5]), scale: tensor([0.5, 0.2]) }, { order: 2 })).toBeLessThan(1e-6);
  });
});

describe('klLogNormalFromHalfNormal', () => {
  // In σ: q(σ) is log-normal, p(σ) = 2 normal(σ | 0, c) on σ > 0; the estimate is taken in
  // σ, so it also checks that the closed form (derived in log σ) did not lose a Jacobian.
  it.each([
    [Math.log(0.2), 0.1, 1],
    [0, 0.5, 1],
    [1, 0.3, 2],
    [-3, 1, 0.5],
  ])('matches a Monte Carlo estimate in σ for log σ ~ normal(%f, %f), σ ~ half-normal(%f)', (mean, scale, priorScale) => {
    const rng = makeRng(22);
    const estimate = monteCarlo(20_000, () => {
      const u = mean + scale * rng.normal();
      const sigma = Math.exp(u);
      const logQ = logNormalDensity(u, mean, scale) - u; // log-normal density of σ
      const logP = Math.LN2 + logNormalDensity(sigma, 0, priorScale);
      return logQ - logP;
    });
    const closed = klLogNormalFromHalfNormal(mean, scale, priorScale) as number;
    expect(Math.abs(closed - estimate.mean)).toBeLessThan(4 * estimate.standardError);
  });

  it('has gradients that match finite differences', () => {
    const f = (p: { mean: Value; scale: Value }): Value => klLogNormalFromHalfNormal(p.mean, p.scale, 1);
    expect(checkGrad(f, { mean: -1.2, scale: 0.3 }, { order: 2 })).toBeLessThan(1e-6);
  });
});
