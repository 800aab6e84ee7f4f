import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { add, exp, log, mul } from '../../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../../src/models/api/index.js';
import { halfCauchy, normal } from '../../../src/models/distributions/index.js';
import { posteriorPredictive, priorPredictive } from '../../../src/models/predictive/index.js';
import { compileSpec } from '../../../src/language/json/compile.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { hierarchical, mixture, priorHierarchical, priorMixture } from './predictive.checks.js';

// Forward sampling of a hierarchical model against its prior moments (functions of the seed
// in predictive.checks.ts, swept by `npm run sweep`), the errors for what cannot be
// forward-sampled, and a JSON spec against its TypeScript twin (same statements in the same
// order: identical draws).

describe('priorPredictive', () => {
  // The moments are checked in predictive.checks.ts; here, names and reproducibility.
  const prior = priorPredictive(hierarchical, { seed: 21, draws: 20 });

  it('names parameters, transformed parameters and data Stan style', () => {
    expect(prior.parameters.outputNames).toEqual(['mu', 'tau', 'theta[1]', 'theta[2]', 'theta[3]', 'logTau']);
    expect(prior.data.outputNames).toEqual(['y[1]', 'y[2]', 'y[3]']);
    const first = prior.parameters.draw(0);
    expect(first.logTau).toBeCloseTo(Math.log(first.tau as number), 12);
  });

  it('parameter, theta and y draws have the prior moments: mu ~ normal(1, 2), tau ~ exponential(2), theta variance 4.5, y 4.75', () =>
    expectCheckPasses(priorHierarchical));

  it('is reproducible from its seed', () => {
    const again = priorPredictive(hierarchical, { seed: 21, draws: 5 });
    expect(again.parameters.field('theta').values).toEqual(prior.parameters.field('theta').values.slice(0, 15));
    expect(again.data.field('y').values).toEqual(prior.data.field('y').values.slice(0, 15));
  });

  it('multivariate statements: a simplex from a Dirichlet, rows of a matrix from a multivariate normal', async () => {
    const draws = 100;
    const result = priorPredictive(mixture, { seed: 6, draws });
    const weights = result.parameters.field('weights').values;
    for (let d = 0; d < draws; d++) expect(weights[3 * d]! + weights[3 * d + 1]! + weights[3 * d + 2]!).toBeCloseTo(1, 12);
    expect(result.data.field('y').shape).toEqual([4, 3]);
    expect(result.data.outputNames.slice(0, 4)).toEqual(['y[1,1]', 'y[1,2]', 'y[1,3]', 'y[2,1]']);
    await expectCheckPasses(priorMixture);
  });

  const data = { y: 0.3 };
  const scalarData = { y: real() };

  it('a parameter without a sampling statement (flat prior) is a clear error', () => {
    const flat = defineModel({
      name: 'flat',
      data: scalarData,
      parameters: { mu: real(), sigma: real({ lower: 0 }) },
      model: (p, d, target) => {
        target.sample(p.mu, normal(0, 1));
        target.sample(d.y, normal(p.mu, p.sigma));
      },
    }).compile(data);
    expect(() => priorPredictive(flat, { seed: 1, draws: 2 })).toThrow(/parameter 'sigma' has no sampling statement \(an improper flat prior.*proper prior.*NUTS/);
  });

  it('a target.add term on a parameter, a parameter used before its statement and a draw outside the support are errors', () => {
    const withAdd = defineModel({
      name: 'withAdd',
      data: scalarData,
      parameters: { sigma: real({ lower: 0 }) },
      model: (p, d, target) => {
        target.sample(p.sigma, halfCauchy(1));
        target.add(mul(-1, log(p.sigma)), 'Jacobian of sigma');
        target.sample(d.y, normal(0, p.sigma));
      },
    }).compile(data);
    expect(() => priorPredictive(withAdd, { seed: 1, draws: 2 })).toThrow(/target\.add term \(Jacobian of sigma\) involves parameter 'sigma'/);
    const early = defineModel({
      name: 'early',
      data: scalarData,
      parameters: { theta: real(), mu: real() },
      model: (p, d, target) => {
        target.sample(p.theta, normal(p.mu, 1));
        target.sample(p.mu, normal(0, 1));
        target.sample(d.y, normal(p.theta, 1));
      },
    }).compile(data);
    expect(() => priorPredictive(early, { seed: 1, draws: 2 })).toThrow(/prior of 'theta' uses parameter 'mu' before its own sampling statement/);
    const outside = defineModel({
      name: 'outside',
      data: scalarData,
      parameters: { sigma: real({ lower: 0 }) },
      model: (p, d, target) => {
        target.sample(p.sigma, normal(0, 1));
        target.sample(d.y, normal(0, exp(p.sigma)));
      },
    }).compile(data);
    expect(() => priorPredictive(outside, { seed: 3, draws: 20 })).toThrow(/prior draw of sigma is -?[0-9.e-]+, but must be ≥ 0/);
  });

  it('a JSON spec gives the same draws as its TypeScript twin', () => {
    const spec = JSON.parse(readFileSync(new URL('../../../examples/posteriordb/eight_schools-eight_schools_noncentered/model.json', import.meta.url), 'utf8'));
    const schools = { J: 8, y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] };
    const twin = defineModel({
      data: { J: int({ lower: 0 }), y: vector('J'), sigma: vector('J', { lower: 0 }) },
      parameters: { theta_trans: vector('J'), mu: real(), tau: real({ lower: 0 }) },
      transformedParameters: (p) => ({ theta: add(p.mu, mul(p.tau, p.theta_trans)) }),
      model: (p, d, target) => {
        target.sample(p.theta_trans, normal(0, 1));
        target.sample(p.mu, normal(0, 5));
        target.sample(p.tau, halfCauchy(5));
        target.sample(d.y, normal(p.theta, d.sigma));
      },
    }).compile(schools);
    const fromSpec = compileSpec(spec, schools);
    const [a, b] = [priorPredictive(fromSpec, { seed: 8, draws: 20 }), priorPredictive(twin, { seed: 8, draws: 20 })];
    expect(a.parameters.outputNames).toEqual(b.parameters.outputNames);
    a.parameters.fields.forEach((f, k) => expect(f.values).toEqual(b.parameters.fields[k]!.values));
    expect(a.data.field('y').values).toEqual(b.data.field('y').values);
    const records = [0.1, 0.7].map((v) => twin.constrain(new Float64Array(twin.dim).fill(v)));
    expect(posteriorPredictive(fromSpec, records, { seed: 2 }).field('y').values).toEqual(posteriorPredictive(twin, records, { seed: 2 }).field('y').values);
  });
});
