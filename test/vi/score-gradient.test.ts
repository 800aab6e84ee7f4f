import { describe, expect, it } from 'vitest';
import { bbvi } from '../../src/vi/advi.js';
import { familyFor } from '../../src/vi/families.js';
import type { Approximation } from '../../src/vi/family.js';
import { gradientVariance } from '../../src/vi/gradient-variance.js';
import { scoreFunctionGradient } from '../../src/vi/score-gradient.js';
import { makeRng } from '../../src/random/rng.js';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { diagonalGaussian } from './support.js';
import { bbviGaussian, gradientEstimators } from './vi.checks.js';

const scales = Array.from({ length: 10 }, (_, i) => 0.5 + 0.25 * i);
const means = scales.map((_, i) => i - 4.5);
const target = diagonalGaussian(means, scales, 0);
/** ADVI's starting point: mean 0, unit sds. */
const start: Approximation = { kind: 'meanfield', mean: new Float64Array(10), sd: new Float64Array(10).fill(1) };

describe('ELBO gradient estimators on a 10-d Gaussian', () => {
  // A function of the seed in vi.checks.ts, run here at one seed and by `npm run sweep` over many.
  it('are both unbiased (averages within their standard-error bound of the exact gradient), and the score function is over 20 times noisier', () =>
    expectCheckPasses(gradientEstimators));

  it('name their parameters', () => {
    const reparam = gradientVariance(target, { estimator: 'reparam', draws: 10, at: start, replicates: 2, seed: 1 });
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
  it('fits a mean-field Gaussian from log-density values alone', () => expectCheckPasses(bbviGaussian));
});
