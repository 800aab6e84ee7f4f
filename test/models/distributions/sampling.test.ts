import { describe, expect, it } from 'vitest';
import { Tensor, tensor } from '../../../src/ad/index.js';
import { makeRng } from '../../../src/random/rng.js';
import * as d from '../../../src/models/distributions/index.js';
import type { Distribution } from '../../../src/models/distributions/index.js';
import { fractionBelowFailure, momentFailures } from './moments.js';

// Each sampler's draws against the distribution's own mean and variance, within 4 Monte
// Carlo standard errors for a fixed seed (20,000 iid draws). Parameters are chosen so that
// the fourth moment exists (the variance's MCSE needs it).

const DRAWS = 20_000;

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

describe.each(withMoments)('%s sampler', (_name, distribution) => {
  it('matches the mean and variance within 4 MCSE', () => {
    const draws = distribution.sample(makeRng(20240601, 1), DRAWS) as Tensor;
    expect(draws.shape).toEqual([DRAWS]);
    expect(momentFailures(draws.data, distribution.mean as number, distribution.variance as number)).toEqual([]);
  });
});

describe('samplers without moments', () => {
  it('cauchy and half_cauchy put the right mass below their quartile and median', () => {
    const rng = makeRng(7, 0);
    const c = d.cauchy(1, 2);
    expect(c.mean).toBeUndefined();
    expect(c.variance).toBeUndefined();
    expect(fractionBelowFailure((c.sample(rng, DRAWS) as Tensor).data, 3, 0.75)).toBeUndefined();
    expect(fractionBelowFailure((d.halfCauchy(2).sample(rng, DRAWS) as Tensor).data, 2, 0.5)).toBeUndefined();
  });
});

describe('sample shapes', () => {
  it('draws one value of the parameters shape, or count of them on a leading axis', () => {
    const rng = makeRng(3, 0);
    expect(typeof d.normal(0, 1).sample(rng)).toBe('number');
    const vector = d.normal(tensor([0, 100]), 1);
    expect(vector.shape).toEqual([2]);
    const draws = vector.sample(rng, 4000) as Tensor;
    expect(draws.shape).toEqual([4000, 2]);
    const column = (k: number): number[] => Array.from({ length: 4000 }, (_, i) => draws.data[i * 2 + k]!);
    expect(momentFailures(column(1), 100, 1)).toEqual([]);
    expect(() => d.normal(0, 1).sample(rng, -1)).toThrow('normal: sample count is -1, but must be a non-negative integer');
  });

  it('is reproducible from the seed', () => {
    const a = d.gamma(2, 1).sample(makeRng(11, 2), 5) as Tensor;
    const b = d.gamma(2, 1).sample(makeRng(11, 2), 5) as Tensor;
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });
});
