import { describe, expect, it } from 'vitest';
import { at } from '../../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../../src/models/api/index.js';
import { normal } from '../../../src/models/distributions/index.js';
import { posteriorPredictive } from '../../../src/models/predictive/index.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { eightSchools, fitOf, posteriorEightSchools, posteriorIndependentChains, posteriorRegression, regression } from './predictive.checks.js';

// Posterior predictive draws at fixed parameters have the likelihood's closed-form moments:
// y_rep[j] ~ normal(theta[j], sigma[j]); those comparisons are functions of the seed in
// predictive.checks.ts (swept by `npm run sweep`).

describe('posteriorPredictive', () => {
  it('eight schools: y_rep[j] has mean theta[j] and variance sigma[j]² at a fixed draw', async () => {
    const parameters = { mu: 4, tau: 3, thetaRaw: [1, -0.5, 0, 0.2, -1, 0.4, 1.3, 0.1] };
    const n = 30;
    const result = posteriorPredictive(eightSchools, Array.from({ length: n }, () => parameters), { seed: 11 });
    const y = result.field('y');
    expect(y.shape).toEqual([8]);
    expect(y.outputNames).toEqual(['y[1]', 'y[2]', 'y[3]', 'y[4]', 'y[5]', 'y[6]', 'y[7]', 'y[8]']);
    expect(result.outputNames).toEqual(y.outputNames);
    expect(y.values.length).toBe(n * 8);
    await expectCheckPasses(posteriorEightSchools);
  });

  it('linear regression from a Fit: each chain replicates at its own parameters', async () => {
    const n = 20;
    const column = (value: number): number[] => Array<number>(n).fill(value);
    const chain = (alpha: number, beta: number, sigma: number): number[][] => [column(-1), column(alpha), column(beta), column(sigma)];
    const result = posteriorPredictive(regression, fitOf(['lp__', 'alpha', 'beta', 'sigma'], [chain(1, 2, 0.5), chain(-1, 0.5, 2)]), { seed: 5 });
    expect(result.drawCount).toBe(2 * n);
    expect(Array.from(result.chains.slice(n - 1, n + 1))).toEqual([0, 1]);
    await expectCheckPasses(posteriorRegression);
  });

  it('the same seed gives identical draws; another seed gives others', () => {
    const draws = [eightSchools.constrain(new Float64Array(eightSchools.dim).fill(0.3))];
    const a = posteriorPredictive(eightSchools, [draws, draws], { seed: 1 });
    const b = posteriorPredictive(eightSchools, [draws, draws], { seed: 1 });
    const c = posteriorPredictive(eightSchools, [draws, draws], { seed: 2 });
    expect(a.field('y').values).toEqual(b.field('y').values);
    expect(a.field('y').values).not.toEqual(c.field('y').values);
    expect(a.draw(1).y).toEqual(b.draw(1).y);
  });

  it('chains use independent streams: the same parameters in two chains give uncorrelated replicates', async () => {
    const record = { alpha: 0, beta: 0, sigma: 1 };
    const chain = Array.from({ length: 10 }, () => record);
    const y = posteriorPredictive(regression, [chain, chain], { seed: 9 }).field('y').values;
    expect(y.slice(0, 5)).not.toEqual(y.slice(50, 55));
    await expectCheckPasses(posteriorIndependentChains);
  });

  it('a draw depends only on (seed, chain, draw): subsetting with options.draws keeps each draw\'s values', () => {
    const records = Array.from({ length: 10 }, (_, k) => ({ alpha: k, beta: 1, sigma: 1 }));
    const full = posteriorPredictive(regression, records, { seed: 4 });
    const subset = posteriorPredictive(regression, records, { seed: 4, draws: 5 });
    expect(Array.from(subset.drawIndices)).toEqual([0, 2, 4, 6, 8]);
    subset.drawIndices.forEach((k, index) => expect(subset.draw(index).y).toEqual(full.draw(k).y));
  });

  it('statements on elements are not replicated and are reported; with none on whole fields it throws', () => {
    const looped = defineModel({
      name: 'looped',
      data: { N: int({ lower: 1 }), y: vector('N'), z: real() },
      parameters: { mu: real() },
      model: (p, data, target) => {
        target.sample(p.mu, normal(0, 1));
        for (let i = 0; i < data.N; i++) target.sample(at(data.y, i), normal(p.mu, 1), `y[${i + 1}]`);
        target.sample(data.z, normal(p.mu, 1));
      },
    }).compile({ N: 2, y: [0.1, 0.2], z: 0.5 });
    const result = posteriorPredictive(looped, [{ mu: 0 }], { seed: 1 });
    expect(result.fields.map((f) => f.name)).toEqual(['z']);
    expect(result.unmatchedStatements).toEqual(['y[1]', 'y[2]']);
    const onlyElements = defineModel({
      name: 'onlyElements',
      data: { y: vector(2) },
      parameters: { mu: real() },
      model: (p, data, target) => target.sample(at(data.y, 0), normal(p.mu, 1)),
    }).compile({ y: [0, 1] });
    expect(() => posteriorPredictive(onlyElements, [{ mu: 0 }], { seed: 1 })).toThrow(/no sampling statement has a whole data field.*target\.sample\(data\.y/);
  });

  it('errors name the problem: a missing parameter, a bad seed, a spread copy of the model', () => {
    expect(() => posteriorPredictive(regression, [{ alpha: 0, beta: 0 }], { seed: 1 })).toThrow(/chain 1, draw 1: parameter 'sigma' is missing/);
    expect(() => posteriorPredictive(regression, [], { seed: Number.NaN })).toThrow(/options.seed is NaN/);
    expect(() => posteriorPredictive({ ...regression }, [], { seed: 1 })).toThrow(/spreading/);
  });
});
