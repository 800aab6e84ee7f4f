import gammaln from '@stdlib/math-base-special-gammaln';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalLogpdf from '@stdlib/stats-base-dists-normal-logpdf';
import poissonLogpmf from '@stdlib/stats-base-dists-poisson-logpmf';
import { describe, expect, it } from 'vitest';
import { add, checkGrad, concat, matvec, reshape, sub, sum, tensor, valueAndGrad, type Tensor, type Value } from '../../../src/ad/index.js';
import { primal } from '../../../src/ad/trace.js';
import { makeRng } from '../../../src/random/rng.js';
import * as d from '../../../src/models/distributions/index.js';
import { bernoulliLogitGlm, poissonLogGlm } from '../../../src/models/distributions/glm-families.js';
import { orderedLogistic, orderedProbit } from '../../../src/models/distributions/ordered.js';
import { categorical } from '../../../src/models/distributions/categorical.js';
import { dirichletMultinomial } from '../../../src/models/distributions/dirichlet-multinomial.js';
import { logMix, logMix2 } from '../../../src/models/distributions/log-mix.js';
import { truncated } from '../../../src/models/distributions/truncated.js';
import { momentFailures } from './moments.js';

// The distributions that are not elementwise families: GLMs against the same likelihood
// written elementwise, the ordinal and categorical ones against their probabilities computed
// directly, dirichlet_multinomial against log-gamma sums, log_mix against the mixture's
// log density, truncation against closed forms; gradients by checkGrad throughout.

const value = (v: Value): number => primal(v) as number;
const closeTo = (got: number, want: number, tolerance = 1e-10): boolean => got === want || Math.abs(got - want) <= tolerance * Math.max(1, Math.abs(want));

describe('GLMs', () => {
  const x = tensor([[0.5, -1.2, 0.3], [1.1, 0.4, -0.7], [-0.3, 0.9, 1.5], [0.2, 0.2, 0.2], [-1, 0.5, 0.1]]);
  const counts = tensor([0, 3, 1, 7, 2]);
  const binary = tensor([0, 1, 1, 0, 1]);
  const alpha = tensor([0.3, -0.2, 0.1, 0.5, 0]);
  const beta = tensor([0.4, -0.6, 0.2]);

  it('equal the elementwise likelihood at the linear predictor, with scalar or per-row intercepts', () => {
    for (const a of [0.7, alpha] as Value[]) {
      const eta = add(a, matvec(x, beta));
      expect(closeTo(value(poissonLogGlm(x, a, beta).logProb(counts)), value(d.poissonLog(eta).logProb(counts)), 1e-13)).toBe(true);
      expect(closeTo(value(bernoulliLogitGlm(x, a, beta).logProb(binary)), value(d.bernoulliLogit(eta).logProb(binary)), 1e-13)).toBe(true);
    }
    const eta = Array.from((add(0.7, matvec(x, beta)) as Tensor).data);
    const reference = eta.reduce((s, e, i) => s + poissonLogpmf((counts as Tensor).data[i]!, Math.exp(e)), 0);
    expect(closeTo(value(poissonLogGlm(x, 0.7, beta).logProb(counts)), reference, 1e-12)).toBe(true);
  });

  it('pass checkGrad in alpha and beta, to second order through the composed form', () => {
    for (const glm of [poissonLogGlm, bernoulliLogitGlm]) {
      const y = glm === poissonLogGlm ? counts : binary;
      expect(checkGrad((p: Value[]) => glm(x, p[0]!, p[1]!).logProb(y), [0.7, beta], { order: 2 })).toBeLessThan(1e-6);
      expect(checkGrad((p: Value[]) => glm(x, p[0]!, p[1]!).logProb(y), [alpha, beta])).toBeLessThan(1e-6);
    }
  });

  it('take a vector x with a scalar beta, and name shape mistakes', () => {
    const column = tensor([0.5, 1.1, -0.3, 0.2, -1]);
    const eta = add(0.1, tensor(Array.from((column as Tensor).data, (v) => 0.4 * v)));
    expect(closeTo(value(bernoulliLogitGlm(column, 0.1, 0.4).logProb(binary)), value(d.bernoulliLogit(eta).logProb(binary)), 1e-13)).toBe(true);
    expect(() => poissonLogGlm(x, 0, tensor([1, 2]))).toThrow('poisson_log_glm: x has shape [5, 3], so beta must have shape [3], but has shape [2]');
    expect(() => poissonLogGlm(x, 0, beta).logProb(tensor([1, 2]))).toThrow('poisson_log_glm: y has shape [2], but x has 5 rows');
    expect(value(poissonLogGlm(x, 0, beta).logProb(tensor([0, 1, -1, 2, 3])))).toBe(-Infinity);
    expect(value(bernoulliLogitGlm(x, 0, beta).logProb(tensor([0, 1, 2, 0, 1])))).toBe(-Infinity);
  });

  it('samples with the mean exp(η) (poisson) within 4 MCSE', () => {
    const glm = poissonLogGlm(tensor([[0.5], [-0.5]]), 1, tensor([1]));
    const draws = glm.sample(makeRng(4, 0), 20_000) as Tensor;
    const column = (k: number) => Array.from({ length: 20_000 }, (_, i) => draws.data[2 * i + k]!);
    expect(momentFailures(column(0), Math.exp(1.5), Math.exp(1.5))).toEqual([]);
    expect(momentFailures(column(1), Math.exp(0.5), Math.exp(0.5))).toEqual([]);
  });
});

describe('ordered_logistic and ordered_probit', () => {
  const cutpoints = [-1.2, 0.3, 2];
  const logistic = (t: number): number => 1 / (1 + Math.exp(-t));
  const probability = (cdf: (t: number) => number, eta: number, y: number): number => {
    const upper = y === 1 ? 1 : cdf(eta - cutpoints[y - 2]!);
    const lower = y === 4 ? 0 : cdf(eta - cutpoints[y - 1]!);
    return upper - lower;
  };

  it('give log P(y) = log(F(η − c_{y−1}) − F(η − c_y)) for every category, summed over observations', () => {
    const eta = tensor([0.4, -2, 1.5, 0.1]);
    const y = tensor([1, 2, 3, 4]);
    for (const [make, cdf] of [[orderedLogistic, logistic], [orderedProbit, (t: number) => normalCdf(t, 0, 1)]] as const) {
      const want = [0.4, -2, 1.5, 0.1].reduce((s, e, i) => s + Math.log(probability(cdf, e, i + 1)), 0);
      expect(closeTo(value(make(eta, tensor(cutpoints)).logProb(y)), want, 1e-12)).toBe(true);
      // A scalar η for every observation.
      const same = [1, 2, 3, 4].reduce((s, k) => s + Math.log(probability(cdf, 0.4, k)), 0);
      expect(closeTo(value(make(0.4, tensor(cutpoints)).logProb(y)), same, 1e-12)).toBe(true);
    }
  });

  it('keep digits in the tails (probit far above the cut-points)', () => {
    const got = value(orderedProbit(30, tensor(cutpoints)).logProb(3));
    // P(y = 3) = Φ(c3 − η) − Φ(c2 − η) ≈ φ(28)/28 (the lower tail mass between), in the log.
    const want = Math.log(normalCdf(-28, 0, 1) - normalCdf(-29.7, 0, 1));
    expect(closeTo(got, want, 1e-9)).toBe(true);
  });

  it('pass checkGrad in η and the cut-points, and reject unordered cut-points', () => {
    const y = tensor([1, 2, 3, 4, 2]);
    for (const make of [orderedLogistic, orderedProbit]) {
      expect(checkGrad((p: Value[]) => make(p[0]!, p[1]!).logProb(y), [tensor([0.4, -2, 1.5, 0.1, 0.7]), tensor(cutpoints)], { order: 2 })).toBeLessThan(1e-6);
      expect(value(make(0.1, tensor(cutpoints)).logProb(5))).toBe(-Infinity);
    }
    expect(() => orderedLogistic(0, tensor([0, 0]))).toThrow('ordered_logistic: c[1] is 0, but must be greater than c[0] (0): cut-points must be strictly increasing');
    const traced = valueAndGrad((c: Value) => orderedLogistic(0, c).logProb(2))(tensor([1, 0.5]));
    expect(traced.value).toBe(-Infinity);
  });

  it('sample categories with their probabilities', () => {
    const draws = (orderedLogistic(0.4, tensor(cutpoints)).sample(makeRng(8, 0), 20_000) as Tensor).data;
    for (let k = 1; k <= 4; k++) {
      const p = probability(logistic, 0.4, k);
      const hits = Array.from(draws, (v) => (v === k ? 1 : 0));
      expect(momentFailures(hits, p, p * (1 - p)), `category ${k}`).toEqual([]);
    }
  });
});

describe('categorical', () => {
  it('gives log θ_y (1-based), checks the simplex, differentiates and samples', () => {
    const theta = tensor([0.2, 0.5, 0.3]);
    expect(closeTo(value(categorical(theta).logProb(tensor([1, 2, 2, 3]))), Math.log(0.2) + 2 * Math.log(0.5) + Math.log(0.3), 1e-14)).toBe(true);
    expect(value(categorical(theta).logProb(4))).toBe(-Infinity);
    expect(() => categorical(tensor([0.2, 0.5]))).toThrow('categorical: theta sums to 0.7, but a simplex must sum to 1');
    // Along the simplex: the last probability is 1 minus the others.
    const onSimplex = (z: Value): Value => concat([z, reshape(sub(1, sum(z)), [1])]);
    expect(checkGrad((z: Value) => categorical(onSimplex(z)).logProb(tensor([1, 2, 2, 3])), tensor([0.2, 0.5]), { order: 2 })).toBeLessThan(1e-6);
    const draws = (categorical(theta).sample(makeRng(2, 0), 20_000) as Tensor).data;
    const mean = 0.2 + 2 * 0.5 + 3 * 0.3;
    expect(momentFailures(draws, mean, 0.2 + 4 * 0.5 + 9 * 0.3 - mean * mean)).toEqual([]);
  });
});

describe('dirichlet_multinomial', () => {
  const reference = (n: readonly number[], alpha: readonly number[]): number => {
    const N = n.reduce((s, v) => s + v, 0);
    const a0 = alpha.reduce((s, v) => s + v, 0);
    return gammaln(N + 1) + gammaln(a0) - gammaln(N + a0) + n.reduce((s, v, k) => s + gammaln(v + alpha[k]!) - gammaln(alpha[k]!) - gammaln(v + 1), 0);
  };

  it('matches the log-gamma form, is 0 for no counts, and differentiates in alpha', () => {
    for (const [n, alpha] of [[[3, 0, 5, 1], [0.5, 2, 1.5, 3]], [[10, 20], [100, 0.1]], [[1, 0, 0], [1, 1, 1]]] as const) {
      expect(closeTo(value(dirichletMultinomial(tensor([...alpha])).logProb(tensor([...n]))), reference(n, alpha), 1e-12), `n = [${n}]`).toBe(true);
    }
    expect(value(dirichletMultinomial(tensor([1, 2])).logProb(tensor([0, 0])))).toBe(0);
    expect(value(dirichletMultinomial(tensor([1, 2])).logProb(tensor([1, -1])))).toBe(-Infinity);
    expect(checkGrad((a: Value) => dirichletMultinomial(a).logProb(tensor([3, 0, 5, 1])), tensor([0.5, 2, 1.5, 3]), { order: 2 })).toBeLessThan(1e-6);
  });

  it('samples count vectors with the right means and variances', () => {
    const alpha = [1.5, 3, 0.5];
    const dm = dirichletMultinomial(tensor(alpha), 12);
    const draws = dm.sample(makeRng(6, 0), 20_000) as Tensor;
    const mean = (dm.mean as Tensor).data;
    const variance = (dm.variance as Tensor).data;
    for (let k = 0; k < 3; k++) {
      const column = Array.from({ length: 20_000 }, (_, i) => draws.data[3 * i + k]!);
      expect(momentFailures(column, mean[k]!, variance[k]!), `category ${k}`).toEqual([]);
    }
  });
});

describe('log_mix', () => {
  const theta = [0.2, 0.5, 0.3];
  const mixture = (lambda: readonly number[]): number => Math.log(lambda.reduce((s, l, k) => s + theta[k]! * Math.exp(l), 0));

  it('in its vector, container-of-vectors and two-component forms', () => {
    const lambda = [-1.2, -0.4, -2.5];
    expect(closeTo(value(logMix(tensor(theta), tensor(lambda))), mixture(lambda), 1e-14)).toBe(true);
    const rows = [lambda, [-3, -0.1, -0.7]];
    expect(closeTo(value(logMix(tensor(theta), tensor(rows))), mixture(rows[0]!) + mixture(rows[1]!), 1e-14)).toBe(true);
    expect(closeTo(value(logMix2(0.3, -1, -2)), Math.log(0.3 * Math.exp(-1) + 0.7 * Math.exp(-2)), 1e-14)).toBe(true);
    // Far below underflow of e^λ.
    expect(closeTo(value(logMix(tensor([0.5, 0.5]), tensor([-1000, -1000]))), -1000, 1e-14)).toBe(true);
    expect(checkGrad((p: Value[]) => logMix(p[0]!, p[1]!), [tensor(theta), tensor(rows)], { order: 2 })).toBeLessThan(1e-6);
  });

  it('names shapes that do not fit (the log_mix(w, y, y) mistake of issue 17)', () => {
    expect(() => logMix(tensor(theta), tensor([1, 2]))).toThrow('log_mix: lambda has shape [2], but theta has 3 components, so lambda must be a vector [3] or a container of them [N, 3]');
    expect(() => logMix2(tensor([0.2, 0.3, 0.5]), tensor(Array.from({ length: 600 }, () => 0)), 0)).toThrow('log_mix: theta has shape [3] and lambda1 has shape [600], which cannot be broadcast together');
    expect(() => logMix(tensor([1.2, -0.2]), tensor([1, 2]))).toThrow('log_mix: theta[0] is 1.2, but must be in [0, 1]');
  });
});

describe('truncated', () => {
  it('normal T[L, U], T[L, ], T[, U]: log p − log mass, −∞ outside, one term per observation', () => {
    const y = tensor([0.2, 1.1, -0.4]);
    const mass = normalCdf(1.5, 0.3, 0.8) - normalCdf(-0.5, 0.3, 0.8);
    const want = [0.2, 1.1, -0.4].reduce((s, v) => s + normalLogpdf(v, 0.3, 0.8) - Math.log(mass), 0);
    expect(closeTo(value(truncated(d.normal(0.3, 0.8), -0.5, 1.5).logProb(y)), want, 1e-12)).toBe(true);
    const lowerOnly = [0.2, 1.1, -0.4].reduce((s, v) => s + normalLogpdf(v, 0.3, 0.8) - Math.log(1 - normalCdf(-0.5, 0.3, 0.8)), 0);
    expect(closeTo(value(truncated(d.normal(0.3, 0.8), -0.5).logProb(y)), lowerOnly, 1e-12)).toBe(true);
    const upperOnly = normalLogpdf(0.2, 0.3, 0.8) - Math.log(normalCdf(1.5, 0.3, 0.8));
    expect(closeTo(value(truncated(d.normal(0.3, 0.8), undefined, 1.5).logProb(0.2)), upperOnly, 1e-12)).toBe(true);
    expect(value(truncated(d.normal(0.3, 0.8), -0.5, 1.5).logProb(tensor([0.2, 1.6])))).toBe(-Infinity);
  });

  it('keeps its digits for an interval far in the upper tail (through the CCDFs)', () => {
    const got = value(truncated(d.normal(0, 1), 10, 11).logProb(10.5));
    const mass = Math.log(normalCdf(-10, 0, 1) - normalCdf(-11, 0, 1));
    expect(closeTo(got, normalLogpdf(10.5, 0, 1) - mass, 1e-10)).toBe(true);
  });

  it('discrete: a zero-truncated poisson keeps mass at L (normaliser at L − 1), and vector parameters get one term each', () => {
    const got = value(truncated(d.poisson(2.5), 1).logProb(tensor([1, 4])));
    const want = [1, 4].reduce((s, k) => s + poissonLogpmf(k, 2.5) - Math.log(1 - Math.exp(-2.5)), 0);
    expect(closeTo(got, want, 1e-12)).toBe(true);
    expect(value(truncated(d.poisson(2.5), 1).logProb(0))).toBe(-Infinity);
    const rates = tensor([2.5, 0.7]);
    const perRate = poissonLogpmf(2, 2.5) - Math.log(1 - Math.exp(-2.5)) + poissonLogpmf(3, 0.7) - Math.log(1 - Math.exp(-0.7));
    expect(closeTo(value(truncated(d.poisson(rates), 1).logProb(tensor([2, 3]))), perRate, 1e-12)).toBe(true);
    // T[0, 6]: L − 1 = −1 is below the support, so only the upper CDF normalises.
    const within = poissonLogpmf(3, 2.5) - Math.log([0, 1, 2, 3, 4, 5, 6].reduce((s, k) => s + Math.exp(poissonLogpmf(k, 2.5)), 0));
    expect(closeTo(value(truncated(d.poisson(2.5), 0, 6).logProb(3)), within, 1e-12)).toBe(true);
  });

  it('differentiates in the parameters, samples within the bounds, and refuses distributions without a CDF', () => {
    expect(checkGrad((p: Value[]) => truncated(d.normal(p[0]!, p[1]!), -0.5, 1.5).logProb(tensor([0.2, 1.1])), [0.3, 0.8])).toBeLessThan(1e-6);
    expect(checkGrad((p: Value[]) => truncated(d.gamma(p[0]!, p[1]!), 0.5).logProb(tensor([0.7, 2])), [2.5, 1.5])).toBeLessThan(1e-6);
    const draws = (truncated(d.normal(0, 1), -0.5, 1.5).sample(makeRng(1, 0), 2000) as Tensor).data;
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...draws)).toBeLessThanOrEqual(1.5);
    expect(() => truncated(d.halfNormal(1), 0.5)).toThrow('truncated: half_normal has no CDF in leapfrog');
  });
});
