import gammaln from '@stdlib/math-base-special-gammaln';
import binomialLogpmf from '@stdlib/stats-base-dists-binomial-logpmf';
import poissonLogpmf from '@stdlib/stats-base-dists-poisson-logpmf';
import { describe, expect, it } from 'vitest';
import { bd0, logBinomialPmf, logPoissonPmf, stirlerr } from '../../src/random/log-pmf.js';

// Loader's (2000) log probabilities, which decide the exact test of the binomial and
// Poisson rejection samplers: against @stdlib where its log-gamma differences are still
// accurate, and by their sums (= 1) where only they are.

describe('Loader log pmfs', () => {
  it('stirlerr is log n! minus Stirling, across the switch from table to series', () => {
    for (let n = 1; n <= 40; n++) {
      const direct = gammaln(n + 1) - ((n + 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI));
      expect(Math.abs(stirlerr(n) - direct)).toBeLessThan(1e-13);
    }
  });

  it('bd0 is x log(x/m) + m − x, with its series near m', () => {
    for (const [x, m] of [[10, 10], [10, 10.5], [1000, 990], [3, 7], [1e6, 1e6 + 1]] as const) {
      expect(bd0(x, m)).toBeCloseTo(x * Math.log(x / m) + m - x, 9);
    }
    // m·h(x/m) with h(t) = t log t − t + 1 = (t − 1)²/2 − (t − 1)³/6 + …, where the direct
    // form loses every digit.
    const m = 1e12 + 1;
    expect(Math.abs(bd0(1e12, m) / (1 / (2 * m) + 1 / (6 * m * m)) - 1)).toBeLessThan(1e-12);
  });

  it('agree with @stdlib for moderate counts', () => {
    for (const [n, p] of [[1, 0.4], [20, 0.3], [1000, 0.01], [1e5, 0.5], [1e6, 3e-6]] as const) {
      for (const k of [0, 1, Math.floor(n * p), Math.ceil(n * p + 3 * Math.sqrt(n * p)), n].filter((k) => k <= n)) {
        expect(logBinomialPmf(k, n, p, 1 - p)).toBeCloseTo(binomialLogpmf(k, n, p), 9);
      }
    }
    for (const mean of [1e-3, 0.5, 9.9, 10.1, 1000]) {
      for (const k of [0, 1, 7, Math.floor(mean), Math.floor(mean + 4 * Math.sqrt(mean))]) expect(logPoissonPmf(k, mean)).toBeCloseTo(poissonLogpmf(k, mean), 9);
    }
  });

  it('sum to 1 over the bulk at sizes where log-gamma differences fail', () => {
    const sum = (logPmf: (k: number) => number, mean: number, sd: number): number => {
      let total = 0;
      for (let k = Math.floor(mean - 12 * sd); k <= mean + 12 * sd; k++) total += Math.exp(logPmf(k));
      return total;
    };
    expect(sum((k) => logBinomialPmf(k, 1e10, 0.3, 0.7), 3e9, Math.sqrt(2.1e9))).toBeCloseTo(1, 10);
    expect(sum((k) => logPoissonPmf(k, 1e9), 1e9, Math.sqrt(1e9))).toBeCloseTo(1, 10);
  });
});
