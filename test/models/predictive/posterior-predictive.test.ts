import { describe, expect, it } from 'vitest';
import { add, at, mul } from '../../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../../src/models/api/index.js';
import { halfCauchy, normal } from '../../../src/models/distributions/index.js';
import { posteriorPredictive } from '../../../src/models/predictive/index.js';
import type { Fit } from '../../../src/samplers/run/fit.js';

// Posterior predictive draws at fixed parameters have the likelihood's closed-form moments:
// y_rep[j] ~ normal(theta[j], sigma[j]). Means are checked within 4 Monte Carlo standard
// errors (σ/√N), variances within 4 standard deviations of the sample variance (σ²√(2/(N−1))).

const schools = { J: 8, y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] };

const eightSchools = defineModel({
  name: 'eight_schools',
  data: { J: int({ lower: 1 }), y: vector('J'), sigma: vector('J', { lower: 0 }) },
  parameters: { mu: real(), tau: real({ lower: 0 }), thetaRaw: vector('J') },
  transformedParameters: (p) => ({ theta: add(p.mu, mul(p.tau, p.thetaRaw)) }),
  model: (p, data, target) => {
    target.sample(p.mu, normal(0, 5));
    target.sample(p.tau, halfCauchy(5));
    target.sample(p.thetaRaw, normal(0, 1));
    target.sample(data.y, normal(p.theta, data.sigma));
  },
}).compile(schools);

const regressionData = { N: 5, x: [-2, -1, 0, 1.5, 3], y: [-3.1, -1.2, 0.4, 2.2, 5.3] };
const regression = defineModel({
  name: 'regression',
  data: { N: int({ lower: 1 }), x: vector('N'), y: vector('N') },
  parameters: { alpha: real(), beta: real(), sigma: real({ lower: 0 }) },
  model: (p, data, target) => {
    target.sample(p.alpha, normal(0, 10));
    target.sample(p.beta, normal(0, 10));
    target.sample(p.sigma, halfCauchy(2));
    target.sample(data.y, normal(add(p.alpha, mul(p.beta, data.x)), p.sigma));
  },
}).compile(regressionData);

function moments(values: Float64Array, size: number, element: number, draws: number[]): { mean: number; variance: number } {
  const xs = draws.map((d) => values[d * size + element]!);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

function expectMoments(got: { mean: number; variance: number }, mean: number, sd: number, n: number): void {
  expect(Math.abs(got.mean - mean)).toBeLessThan((4 * sd) / Math.sqrt(n));
  expect(Math.abs(got.variance - sd * sd)).toBeLessThan(4 * sd * sd * Math.sqrt(2 / (n - 1)));
}

/** A Fit holding only what predictive simulation reads: column names and draws. */
function fitOf(columnNames: string[], chains: number[][][]): Fit {
  return { columnNames, outputNames: columnNames, draws: chains.map((chain) => chain.map((column) => Float64Array.from(column))) } as unknown as Fit;
}

describe('posteriorPredictive', () => {
  it('eight schools: y_rep[j] has mean theta[j] and variance sigma[j]² at a fixed draw', () => {
    const parameters = { mu: 4, tau: 3, thetaRaw: [1, -0.5, 0, 0.2, -1, 0.4, 1.3, 0.1] };
    const n = 3000;
    const result = posteriorPredictive(eightSchools, Array.from({ length: n }, () => parameters), { seed: 11 });
    const y = result.field('y');
    expect(y.shape).toEqual([8]);
    expect(y.outputNames).toEqual(['y[1]', 'y[2]', 'y[3]', 'y[4]', 'y[5]', 'y[6]', 'y[7]', 'y[8]']);
    expect(result.outputNames).toEqual(y.outputNames);
    expect(y.values.length).toBe(n * 8);
    const all = Array.from({ length: n }, (_, d) => d);
    for (let j = 0; j < 8; j++) expectMoments(moments(y.values, 8, j, all), 4 + 3 * parameters.thetaRaw[j]!, schools.sigma[j]!, n);
  });

  it('linear regression from a Fit: each chain replicates at its own parameters', () => {
    const n = 2000;
    const column = (value: number): number[] => Array<number>(n).fill(value);
    const chain = (alpha: number, beta: number, sigma: number): number[][] => [column(-1), column(alpha), column(beta), column(sigma)];
    const fit = fitOf(['lp__', 'alpha', 'beta', 'sigma'], [chain(1, 2, 0.5), chain(-1, 0.5, 2)]);
    const result = posteriorPredictive(regression, fit, { seed: 5 });
    expect(result.drawCount).toBe(2 * n);
    expect(Array.from(result.chains.slice(n - 1, n + 1))).toEqual([0, 1]);
    const y = result.field('y');
    const first = Array.from({ length: n }, (_, d) => d);
    const second = first.map((d) => d + n);
    regressionData.x.forEach((x, i) => {
      expectMoments(moments(y.values, 5, i, first), 1 + 2 * x, 0.5, n);
      expectMoments(moments(y.values, 5, i, second), -1 + 0.5 * x, 2, n);
    });
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

  it('chains use independent streams: the same parameters in two chains give uncorrelated replicates', () => {
    const n = 2000;
    const record = { alpha: 0, beta: 0, sigma: 1 };
    const chain = Array.from({ length: n }, () => record);
    const y = posteriorPredictive(regression, [chain, chain], { seed: 9 }).field('y').values;
    let cross = 0;
    for (let d = 0; d < n; d++) cross += y[d * 5]! * y[(n + d) * 5]!;
    // Correlation of independent standard normals: mean 0, standard error 1/√n.
    expect(Math.abs(cross / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(y.slice(0, 5)).not.toEqual(y.slice(n * 5, n * 5 + 5));
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
