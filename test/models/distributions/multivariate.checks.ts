import { tensor, type Tensor } from '../../../src/ad/index.js';
import { primal } from '../../../src/ad/trace.js';
import * as d from '../../../src/models/distributions/index.js';
import { makeRng } from '../../../src/random/rng.js';
import { defineSeededCheck, zTests } from '../../helpers/seeded-check.js';
import { iidMomentEstimates } from './moments.js';

// The statistical checks of multivariate.test.ts, as functions of the seed
// (test/helpers/seeded-check.ts, test/fixtures/seed-sweep.md).

const DRAWS = 20_000;
export const column = (t: Tensor, width: number, k: number): number[] => Array.from({ length: t.size / width }, (_, i) => t.data[i * width + k]!);

export const dirichletMoments = defineSeededCheck({
  name: 'distributions/dirichlet-moments',
  seed: 5,
  design: '3 means and variances of 20 000 draws: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const distribution = d.dirichlet(tensor([2, 0.5, 3]));
    const draws = distribution.sample(makeRng(seed, 0), DRAWS) as Tensor;
    const [mean, variance] = [distribution.mean as Tensor, distribution.variance as Tensor];
    return zTests([0, 1, 2].flatMap((k) => iidMomentEstimates(column(draws, 3, k), mean.data[k]!, variance.data[k]!, `theta[${k}] `)));
  },
});

export const multinomialMoments = defineSeededCheck({
  name: 'distributions/multinomial-moments',
  seed: 9,
  design: '3 count means and variances of 20 000 draws: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const distribution = d.multinomial(tensor([0.2, 0.5, 0.3]), 12);
    const draws = distribution.sample(makeRng(seed, 0), DRAWS) as Tensor;
    const [mean, variance] = [distribution.mean as Tensor, distribution.variance as Tensor];
    return zTests([0, 1, 2].flatMap((k) => iidMomentEstimates(column(draws, 3, k), mean.data[k]!, variance.data[k]!, `count[${k}] `)));
  },
});

export const categoricalFrequencies = defineSeededCheck({
  name: 'distributions/categorical-logit-frequencies',
  seed: 4,
  design: '3 category frequencies of 20 000 draws: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const beta = [0.3, -1, 2];
    const draws = d.categoricalLogit(tensor(beta)).sample(makeRng(seed, 0), DRAWS) as Tensor;
    const p = beta.map(Math.exp);
    const total = p.reduce((s, x) => s + x, 0);
    return zTests(
      [1, 2, 3].map((k) => {
        const q = p[k - 1]! / total;
        const count = draws.data.reduce((n, c) => n + (c === k ? 1 : 0), 0);
        return { label: `P(category ${k})`, estimate: count / DRAWS, expected: q, standardError: Math.sqrt((q * (1 - q)) / DRAWS) };
      }),
    );
  },
});

export const multiNormalMoments = defineSeededCheck({
  name: 'distributions/multi-normal-cholesky-moments',
  seed: 8,
  design: 'means and variances of both coordinates and of their sum (the covariance): |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const L = tensor([[Math.SQRT2, 0], [0.6 / Math.SQRT2, Math.sqrt(1 - 0.18)]]);
    const draws = d.multiNormalCholesky(tensor([0.5, -1]), L).sample(makeRng(seed, 0), DRAWS) as Tensor;
    // The covariance through the variance of the sum: 2 + 1 + 2·0.6.
    const sums = Array.from({ length: DRAWS }, (_, i) => draws.data[2 * i]! + draws.data[2 * i + 1]!);
    return zTests([...iidMomentEstimates(column(draws, 2, 0), 0.5, 2, 'y[0] '), ...iidMomentEstimates(column(draws, 2, 1), -1, 1, 'y[1] '), ...iidMomentEstimates(sums, -0.5, 4.2, 'y[0] + y[1] ')]);
  },
});

/** L of a 3×3 correlation matrix from its free entries (a, b, c) = (L21, L31, L32). */
export const correlationFactor = (a: number, b: number, c: number): Tensor =>
  tensor([[1, 0, 0], [a, Math.sqrt(1 - a * a), 0], [b, c, Math.sqrt(1 - b * b - c * c)]]);

export const lkjNormalisingConstant = defineSeededCheck({
  name: 'distributions/lkj-normalising-constant',
  seed: 21,
  design: 'Monte Carlo integral of the density over 20 000 points, for eta 1 and 2.5: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    // Monte Carlo over the box [−1, 1]³ of (L21, L31, L32); density zero outside the set.
    return zTests(
      [1, 2.5].map((eta, stream) => {
        const distribution = d.lkjCholesky(3, eta);
        const rng = makeRng(seed, stream);
        const values = new Float64Array(DRAWS);
        for (let i = 0; i < DRAWS; i++) {
          const [a, b, c] = [2 * rng.uniform() - 1, 2 * rng.uniform() - 1, 2 * rng.uniform() - 1];
          values[i] = b * b + c * c < 1 ? 8 * Math.exp(primal(distribution.logProb(correlationFactor(a, b, c))) as number) : 0;
        }
        const m = values.reduce((s, v) => s + v, 0) / DRAWS;
        const sd = Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (DRAWS - 1));
        return { label: `eta ${eta}: integral`, estimate: m, expected: 1, standardError: sd / Math.sqrt(DRAWS) };
      }),
    );
  },
});

export const lkjCorrelationMoments = defineSeededCheck({
  name: 'distributions/lkj-correlation-moments',
  seed: 13,
  design: 'means and variances of R10 and R31 (K = 4, eta = 2; 20 000 draws): |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const K = 4;
    const eta = 2;
    const draws = d.lkjCholesky(K, eta).sample(makeRng(seed, 0), DRAWS) as Tensor;
    // R_{10} = L_{10}; R_{31} = L_{30} L_{10} + L_{31} L_{11}; both marginally 2·beta(a, a) − 1 with a = η − 1 + K/2.
    const r10 = Array.from({ length: DRAWS }, (_, i) => draws.data[i * 16 + 4]!);
    const r31 = Array.from({ length: DRAWS }, (_, i) => {
      const o = i * 16;
      return draws.data[o + 12]! * draws.data[o + 4]! + draws.data[o + 13]! * draws.data[o + 5]!;
    });
    const variance = 1 / (2 * eta + K - 1);
    return zTests([...iidMomentEstimates(r10, 0, variance, 'R10 '), ...iidMomentEstimates(r31, 0, variance, 'R31 ')]);
  },
});

export const multivariateChecks = [dirichletMoments, multinomialMoments, categoricalFrequencies, multiNormalMoments, lkjNormalisingConstant, lkjCorrelationMoments];
