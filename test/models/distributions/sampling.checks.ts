import type { Tensor } from '../../../src/ad/index.js';
import * as d from '../../../src/models/distributions/index.js';
import type { Distribution } from '../../../src/models/distributions/index.js';
import { makeRng } from '../../../src/random/rng.js';
import { combineOutcomes, defineSeededCheck, type SeededCheck, zTests } from '../../helpers/seeded-check.js';
import { fractionEstimate, iidMomentEstimates } from './moments.js';

// Each sampler's draws against the distribution's own mean and variance (sampling.test.ts),
// as functions of the seed (test/helpers/seeded-check.ts, test/fixtures/seed-sweep.md).
// Parameters are chosen so that the fourth moment exists (the variance's standard error
// needs it).

export const DRAWS = 20_000;

const withMoments: readonly (readonly [string, Distribution])[] = [
  ['normal', d.normal(1.5, 2)],
  ['student_t', d.studentT(10, -1, 0.5)],
  ['half_normal', d.halfNormal(2)],
  ['half_student_t', d.halfStudentT(10, 1.5)],
  ['exponential', d.exponential(2.5)],
  ['gamma', d.gamma(2.5, 4)],
  ['gamma (small shape)', d.gamma(0.3, 1)],
  ['inv_gamma', d.inverseGamma(9, 4)],
  ['lognormal', d.lognormal(0.5, 0.3)],
  ['beta', d.beta(2, 5)],
  ['uniform', d.uniform(-2, 5)],
  ['weibull', d.weibull(1.7, 3)],
  ['logistic', d.logistic(1, 0.7)],
  ['double_exponential', d.laplace(-1, 2)],
  ['bernoulli', d.bernoulli(0.3)],
  ['bernoulli_logit', d.bernoulliLogit(-0.8)],
  ['binomial', d.binomial(20, 0.3)],
  ['binomial_logit', d.binomialLogit(20, 1.1)],
  ['beta_binomial', d.betaBinomial(15, 2, 3)],
  ['poisson', d.poisson(4.5)],
  ['poisson_log', d.poissonLog(1.2)],
  ['neg_binomial_2', d.negativeBinomial2(6, 2.5)],
];

export const samplerMomentChecks: readonly SeededCheck[] = withMoments.map(([name, distribution]) =>
  defineSeededCheck({
    name: `distributions/sampler-moments/${name}`,
    seed: 20240601,
    design: 'mean and variance of 20 000 draws: |z| ≤ Bonferroni(1e-4)',
    run: (seed) => {
      const draws = distribution.sample(makeRng(seed, 1), DRAWS) as Tensor;
      if (draws.shape.length !== 1 || draws.shape[0] !== DRAWS) return { failures: [`draws have shape [${draws.shape}], expected [${DRAWS}]`], figures: {} };
      return zTests(iidMomentEstimates(draws.data, distribution.mean as number, distribution.variance as number));
    },
  }),
);

export const samplerQuantileCheck = defineSeededCheck({
  name: 'distributions/sampler-quantiles/cauchy',
  seed: 7,
  design: 'P(Y ≤ quartile) of cauchy and half_cauchy from 20 000 draws: |z| ≤ Bonferroni(1e-4)',
  run: (seed) => {
    const rng = makeRng(seed, 0);
    const cauchy = (d.cauchy(1, 2).sample(rng, DRAWS) as Tensor).data;
    const halfCauchy = (d.halfCauchy(2).sample(rng, DRAWS) as Tensor).data;
    return combineOutcomes({
      quantiles: zTests([fractionEstimate('cauchy(1, 2): P(Y ≤ 3)', cauchy, 3, 0.75), fractionEstimate('half_cauchy(2): P(Y ≤ 2)', halfCauchy, 2, 0.5)]),
    });
  },
});

export const samplingChecks = [...samplerMomentChecks, samplerQuantileCheck];
