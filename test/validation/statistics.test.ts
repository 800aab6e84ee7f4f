import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import binomialQuantileReference from '@stdlib/stats-base-dists-binomial-quantile';
import chi2gof from '@stdlib/stats-chi2gof';
import { describe, expect, it } from 'vitest';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { kurtosisOfNormal } from './validation.checks.js';
import { binomialCdf, binomialQuantile, bonferroniLevel, chiSquareSurvival, chiSquareUniformity, kurtosis } from '../../src/validation/statistics.js';

describe('chi-square tail and test (against @stdlib/stats)', () => {
  it('chiSquareSurvival is 1 − the chi-square CDF', () => {
    for (const df of [1, 2, 4, 19, 99]) {
      for (const x of [0, 0.3, 1, df, 2 * df + 7, 5 * df + 20]) {
        const expected = 1 - chisquareCdf(x, df);
        expect(Math.abs(chiSquareSurvival(x, df) - expected), `df ${df}, x ${x}`).toBeLessThan(1e-12 + 1e-9 * expected);
      }
    }
    // Far tail, where 1 − CDF has no digits left. For even df = 2k the tail has the closed
    // form P(χ²_2k ≥ x) = e^{−x/2} Σ_{j<k} (x/2)^j / j! (a Poisson CDF).
    const half = 60;
    let term = 1;
    let series = 1;
    for (let j = 1; j < 10; j++) series += (term *= half / j);
    const exact = Math.exp(-half) * series;
    expect(exact).toBeLessThan(1e-14);
    expect(Math.abs(chiSquareSurvival(120, 20) / exact - 1)).toBeLessThan(1e-10);
  });

  it('chiSquareUniformity matches chi2gof with equal probabilities', () => {
    const cases = [
      [10, 12, 8, 9, 11],
      [3, 0, 0, 25, 2, 1, 9, 0],
      [50, 50],
      Array.from({ length: 20 }, (_, i) => 5 + (i % 3)),
    ];
    for (const counts of cases) {
      const ours = chiSquareUniformity(counts);
      const reference = chi2gof(counts, new Array<number>(counts.length).fill(1 / counts.length));
      expect(ours.statistic).toBeCloseTo(reference.statistic, 10);
      expect(ours.degreesOfFreedom).toBe(reference.df);
      expect(Math.abs(ours.pValue - reference.pValue)).toBeLessThan(1e-10);
    }
  });

  it('rejects bad counts with the index and the rule', () => {
    expect(() => chiSquareUniformity([1])).toThrow('at least 2');
    expect(() => chiSquareUniformity([1, -2])).toThrow('counts[1] is -2');
    expect(() => chiSquareUniformity([0, 0])).toThrow('all counts are 0');
  });
});

describe('binomial quantiles (for the histogram band)', () => {
  it('match @stdlib/stats', () => {
    for (const [n, p] of [[200, 0.05], [40, 0.2], [1000, 0.01], [7, 0.5]] as const) {
      for (const probability of [0, 0.005, 0.025, 0.5, 0.975, 0.995, 1]) {
        expect(binomialQuantile(probability, n, p), `n ${n}, p ${p}, probability ${probability}`).toBe(binomialQuantileReference(probability, n, p));
      }
    }
  });

  it('the CDF is a probability, 0 below 0 and 1 from n on', () => {
    expect(binomialCdf(-1, 10, 0.3)).toBe(0);
    expect(binomialCdf(10, 10, 0.3)).toBe(1);
    expect(binomialCdf(0, 10, 0.3)).toBeCloseTo(0.7 ** 10, 14);
  });
});

describe('Bonferroni level and kurtosis', () => {
  it('divides alpha among the tests', () => {
    expect(bonferroniLevel(0.01, 28)).toBeCloseTo(0.01 / 28, 15);
    expect(() => bonferroniLevel(0.01, 0)).toThrow('tests is 0');
  });

  it('kurtosis: exact on a small set, about 3 for normal draws', () => {
    // ±1 values: fourth moment 1, second moment 1.
    expect(kurtosis([1, -1, 1, -1])).toBe(1);
    // {-2, 0, 0, 2}: E[x⁴] = 8, E[x²] = 2, κ = 2.
    expect(kurtosis([-2, 0, 0, 2])).toBe(2);
    // About 3 for normal draws: a function of the seed in validation.checks.ts.
    return expectCheckPasses(kurtosisOfNormal);
  });
});
