import { add, log, mul, tensor } from '../../../src/ad/index.js';
import { defineModel, int, matrix, real, simplex, vector } from '../../../src/models/api/index.js';
import { dirichlet, exponential, halfCauchy, multiNormal, normal } from '../../../src/models/distributions/index.js';
import { posteriorPredictive, priorPredictive } from '../../../src/models/predictive/index.js';
import type { Fit } from '../../../src/samplers/run/fit.js';
import { defineSeededCheck, type Estimate, zTests } from '../../helpers/seeded-check.js';

// The statistical checks of the predictive tests, as functions of the seed
// (test/helpers/seeded-check.ts, test/fixtures/seed-sweep.md). Moments of iid draws against
// closed forms: a mean with standard error σ/√n, a variance with √((μ₄ − σ⁴)/n) from the
// known fourth central moment, compared as the cube root of its ratio to σ²
// (Wilson & Hilferty), all at a Bonferroni bound for the check's false-alarm rate.

export const hierarchical = defineModel({
  name: 'hierarchical',
  data: { J: int({ lower: 1 }), y: vector('J'), sigma: real({ lower: 0 }) },
  parameters: { mu: real(), tau: real({ lower: 0 }), theta: vector('J') },
  transformedParameters: (p) => ({ logTau: log(p.tau) }),
  model: (p, data, target) => {
    target.sample(p.mu, normal(1, 2));
    target.sample(p.tau, exponential(2));
    target.sample(p.theta, normal(p.mu, p.tau));
    target.sample(data.y, normal(p.theta, data.sigma));
  },
}).compile({ J: 3, y: [0, 1, 2], sigma: 0.5 });

export const schools = { J: 8, y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] };

export const eightSchools = defineModel({
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

export const regressionData = { N: 5, x: [-2, -1, 0, 1.5, 3], y: [-3.1, -1.2, 0.4, 2.2, 5.3] };
export const regression = defineModel({
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

/** Mean and variance of element `element` of each `size`-long draw, at the given draw indices (all by default). */
function elementOf(values: Float64Array, size: number, element: number, draws?: readonly number[]): Float64Array {
  const indices = draws ?? Array.from({ length: values.length / size }, (_, d) => d);
  return Float64Array.from(indices, (d) => values[d * size + element]!);
}

/** Mean and variance estimates of iid draws with known mean, variance and fourth central moment. */
function moments(label: string, xs: Float64Array, mean: number, variance: number, fourth = 3 * variance * variance): Estimate[] {
  const n = xs.length;
  const m = xs.reduce((a, b) => a + b, 0) / n;
  const s2 = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
  return [
    { label: `${label} mean`, estimate: m, expected: mean, standardError: Math.sqrt(variance / n) },
    { label: `${label} variance ${s2.toPrecision(5)} vs ${variance} (cube root of the ratio)`, estimate: Math.cbrt(s2 / variance), expected: 1, standardError: Math.sqrt((fourth - variance * variance) / n) / (3 * variance) },
  ];
}

export const priorHierarchical = defineSeededCheck({
  name: 'prior-predictive/hierarchical-moments',
  seed: 21,
  design: 'mu, tau and the 3 thetas and ys of 4000 prior draws (16 moments): |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const n = 4000;
    const prior = priorPredictive(hierarchical, { seed, draws: n });
    const theta = prior.parameters.field('theta').values;
    const y = prior.data.field('y').values;
    // Exponential(rate 2): mean 1/2, variance 1/4, fourth central moment 9/16.
    // theta − 1 = (mu − 1) + tau·z: μ₄ = 3·16 + 6·4·E[tau²] + 3·E[tau⁴] = 48 + 12 + 4.5
    // (E[tau²] = 1/2, E[tau⁴] = 24/2⁴); y adds normal(0, 0.5) noise: μ₄ = 64.5 + 6·4.5·0.25 + 3·0.0625.
    return zTests([
      ...moments('mu', prior.parameters.field('mu').values, 1, 4),
      ...moments('tau', prior.parameters.field('tau').values, 0.5, 0.25, 9 / 16),
      ...[0, 1, 2].flatMap((j) => [
        ...moments(`theta[${j + 1}]`, elementOf(theta, 3, j), 1, 4.5, 64.5),
        ...moments(`y[${j + 1}]`, elementOf(y, 3, j), 1, 4.75, 64.5 + 6.75 + 0.1875),
      ]),
    ]);
  },
});

export const mixture = defineModel({
  name: 'mixture',
  data: { y: matrix(4, 3) },
  parameters: { weights: simplex(3) },
  model: (p, d, target) => {
    target.sample(p.weights, dirichlet(tensor([2, 2, 2])));
    target.sample(d.y, multiNormal(p.weights, tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]])));
  },
}).compile({ y: [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]] });

export const priorMixture = defineSeededCheck({
  name: 'prior-predictive/dirichlet-multi-normal-moments',
  seed: 6,
  design: 'mean of a Dirichlet(2, 2, 2) weight and moments of y − weights (1000 draws): |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const draws = 1000;
    const result = priorPredictive(mixture, { seed, draws });
    const weights = result.parameters.field('weights').values;
    const y = result.data.field('y').values;
    // y[i, k] − weights[k] is standard normal; Dirichlet(2, 2, 2): mean 1/3, variance (1/3)(2/3)/7.
    const residuals = Float64Array.from({ length: draws }, (_, d) => y[12 * d + 5]! - weights[3 * d + 2]!);
    return zTests([moments('weights[1]', elementOf(weights, 3, 0), 1 / 3, 2 / 63)[0]!, ...moments('y[2,3] − weights[3]', residuals, 0, 1)]);
  },
});

export const posteriorEightSchools = defineSeededCheck({
  name: 'posterior-predictive/eight-schools-moments',
  seed: 11,
  design: 'y_rep[j] ~ normal(theta[j], sigma[j]) at a fixed draw, 3000 replicates, 16 moments: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const parameters = { mu: 4, tau: 3, thetaRaw: [1, -0.5, 0, 0.2, -1, 0.4, 1.3, 0.1] };
    const n = 3000;
    const y = posteriorPredictive(eightSchools, Array.from({ length: n }, () => parameters), { seed }).field('y').values;
    return zTests(Array.from({ length: 8 }, (_, j) => moments(`y_rep[${j + 1}]`, elementOf(y, 8, j), 4 + 3 * parameters.thetaRaw[j]!, schools.sigma[j]! ** 2)).flat());
  },
});

/** A Fit holding only what predictive simulation reads: column names and draws. */
export function fitOf(columnNames: string[], chains: number[][][]): Fit {
  return { columnNames, outputNames: columnNames, draws: chains.map((chain) => chain.map((column) => Float64Array.from(column))) } as unknown as Fit;
}

export const posteriorRegression = defineSeededCheck({
  name: 'posterior-predictive/regression-per-chain',
  seed: 5,
  design: 'y_rep of 2 chains at their own (alpha, beta, sigma), 2000 draws each, 20 moments: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const n = 2000;
    const column = (value: number): number[] => Array<number>(n).fill(value);
    const chain = (alpha: number, beta: number, sigma: number): number[][] => [column(-1), column(alpha), column(beta), column(sigma)];
    const fit = fitOf(['lp__', 'alpha', 'beta', 'sigma'], [chain(1, 2, 0.5), chain(-1, 0.5, 2)]);
    const y = posteriorPredictive(regression, fit, { seed }).field('y').values;
    const first = Array.from({ length: n }, (_, d) => d);
    const second = first.map((d) => d + n);
    return zTests(
      regressionData.x.flatMap((x, i) => [
        ...moments(`chain 1 y_rep[${i + 1}]`, elementOf(y, 5, i, first), 1 + 2 * x, 0.25),
        ...moments(`chain 2 y_rep[${i + 1}]`, elementOf(y, 5, i, second), -1 + 0.5 * x, 4),
      ]),
    );
  },
});

export const posteriorIndependentChains = defineSeededCheck({
  name: 'posterior-predictive/independent-chain-streams',
  seed: 9,
  design: 'correlation of the replicates of two chains at the same parameters = 0 (2000 draws): |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const n = 2000;
    const record = { alpha: 0, beta: 0, sigma: 1 };
    const chain = Array.from({ length: n }, () => record);
    const y = posteriorPredictive(regression, [chain, chain], { seed }).field('y').values;
    let cross = 0;
    for (let d = 0; d < n; d++) cross += y[d * 5]! * y[(n + d) * 5]!;
    // The mean product of independent standard normals: mean 0, standard error 1/√n.
    return zTests([{ label: 'mean product of the two chains’ y_rep[1]', estimate: cross / n, expected: 0, standardError: 1 / Math.sqrt(n) }]);
  },
});

export const predictiveChecks = [priorHierarchical, priorMixture, posteriorEightSchools, posteriorRegression, posteriorIndependentChains];
