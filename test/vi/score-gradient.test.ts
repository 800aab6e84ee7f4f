import { describe, expect, it } from 'vitest';
import { bbvi } from '../../src/vi/advi.js';
import { familyFor } from '../../src/vi/families.js';
import type { Approximation } from '../../src/vi/family.js';
import { gradientVariance } from '../../src/vi/gradient-variance.js';
import { scoreFunctionGradient } from '../../src/vi/score-gradient.js';
import { makeRng } from '../../src/random/rng.js';
import { diagonalGaussian } from './support.js';

const scales = Array.from({ length: 10 }, (_, i) => 0.5 + 0.25 * i);
const means = scales.map((_, i) => i - 4.5);
const target = diagonalGaussian(means, scales, 0);
/** ADVI's starting point: mean 0, unit sds. */
const start: Approximation = { kind: 'meanfield', mean: new Float64Array(10), sd: new Float64Array(10).fill(1) };

/**
 * The exact ELBO gradient of a mean-field Gaussian q against the Gaussian target:
 * ∂/∂mu_i = −(mu_i − m_i) / s_i², ∂/∂omega_i = 1 − sd_i² / s_i².
 */
function exactGradient(at: Approximation): number[] {
  return [...scales.map((s, i) => -(at.mean[i]! - means[i]!) / (s * s)), ...scales.map((s, i) => 1 - (at.sd[i]! / s) ** 2)];
}

describe('ELBO gradient estimators on a 10-d Gaussian', () => {
  const replicates = 400;
  const reparam = gradientVariance(target, { estimator: 'reparam', draws: 10, at: start, replicates, seed: 1 });
  const score = gradientVariance(target, { estimator: 'score', draws: 10, at: start, replicates, seed: 2 });

  it('are both unbiased: their averages agree with the exact gradient within 4 standard errors', () => {
    const exact = exactGradient(start);
    for (const estimate of [reparam, score]) {
      estimate.parameterNames.forEach((name, i) => {
        const standardError = Math.sqrt(estimate.variance[i]! / replicates);
        expect(Math.abs(estimate.mean[i]! - exact[i]!), `${name}: ${estimate.mean[i]} vs ${exact[i]}`).toBeLessThan(4 * standardError + 1e-12);
      });
    }
  });

  it('differ in variance: the score function (with its control variate) is over 20 times noisier', () => {
    expect(score.totalVariance / reparam.totalVariance).toBeGreaterThan(20);
    expect(reparam.parameterNames.slice(0, 2)).toEqual(['mu[1]', 'mu[2]']);
    expect(reparam.parameterNames[10]).toBe('omega[1]');
  });
});

describe('scoreFunctionGradient', () => {
  it('has zero variance at the optimum of a Gaussian target (log p − log q is constant there)', () => {
    const optimum: Approximation = { kind: 'meanfield', mean: Float64Array.from(means), sd: Float64Array.from(scales) };
    const estimate = gradientVariance(target, { estimator: 'score', draws: 5, at: optimum, replicates: 10 });
    expect(Math.max(...estimate.variance)).toBeLessThan(1e-20);
  });

  it('refuses what it cannot do, naming the problem', () => {
    const fullRank = familyFor('fullrank', 10);
    expect(() => scoreFunctionGradient(target, fullRank, fullRank.initial(new Float64Array(10)), makeRng(0), 10)).toThrow(/'meanfield' only/);
    const meanField = familyFor('meanfield', 10);
    expect(() => scoreFunctionGradient(target, meanField, meanField.initial(new Float64Array(10)), makeRng(0), 1)).toThrow(/draws is 1, but must be an integer >= 2/);
    expect(() => bbvi(target, { algorithm: 'fullrank' })).toThrow(/bbvi: algorithm is 'fullrank'/);
  });
});

describe('bbvi', () => {
  it('fits a mean-field Gaussian from log-density values alone', () => {
    // A model whose gradient is wrong: BBVI must not use it.
    const model = diagonalGaussian([1, -1], [1, 2], -20);
    const valuesOnly = { ...model, logDensityAndGradient: (theta: Float64Array) => ({ logDensity: model.logDensity(theta), gradient: new Float64Array(2).fill(NaN) }) };
    const result = bbvi(valuesOnly, { seed: 1, maxIterations: 2000, averageIterations: 1000, tolRelObj: 1e-12, draws: 10 });
    expect(result.gradientEvaluations).toBe(0);
    expect(Math.abs(result.approximation.mean[0]! - 1)).toBeLessThan(0.05);
    expect(Math.abs(result.approximation.mean[1]! + 1)).toBeLessThan(0.1);
    expect(Math.abs(result.approximation.sd[0]! - 1)).toBeLessThan(0.05);
    expect(Math.abs(result.approximation.sd[1]! / 2 - 1)).toBeLessThan(0.05);
  });
});
