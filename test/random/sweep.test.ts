import { readFileSync } from 'node:fs';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { describe, expect, it } from 'vitest';
import { CHECK_COUNT, FAMILY_ALPHA } from './family.js';

// The last run of scripts/sweep-random.ts (the family of family.ts over many seeds): it must
// be a run of the current family, its false alarms as rare as the family's design says, and
// the p-values of its single checks calibrated (uniform: 1% of them below 1%, 5% below 5%).

interface Sweep {
  readonly settings: { readonly seeds: number; readonly familyAlpha: number; readonly checkCount: number };
  readonly familyFailures: number;
  readonly pValues: number;
  readonly rateBelow1Percent: number;
  readonly rateBelow5Percent: number;
}

const sweep = JSON.parse(readFileSync(new URL('../fixtures/random/sweep.json', import.meta.url), 'utf8')) as Sweep;

describe('the seed sweep of the statistical family', () => {
  it('is a run of the current family (else re-run scripts/sweep-random.ts)', () => {
    expect(sweep.settings.checkCount).toBe(CHECK_COUNT);
    expect(sweep.settings.familyAlpha).toBe(FAMILY_ALPHA);
    expect(sweep.settings.seeds).toBeGreaterThanOrEqual(100);
    expect(sweep.pValues).toBe(sweep.settings.seeds * CHECK_COUNT);
  });

  it('failed at no more seeds than a false-alarm rate of FAMILY_ALPHA explains', () => {
    // P(at least this many failing seeds | rate FAMILY_ALPHA) must not be tiny.
    const tail = sweep.familyFailures === 0 ? 1 : 1 - binomialCdf(sweep.familyFailures - 1, sweep.settings.seeds, FAMILY_ALPHA);
    expect(tail).toBeGreaterThan(1e-3);
  });

  it('has single checks whose p-values fall below 1% and 5% at those rates', () => {
    for (const [rate, level] of [[sweep.rateBelow1Percent, 0.01], [sweep.rateBelow5Percent, 0.05]] as const) {
      const se = Math.sqrt((level * (1 - level)) / sweep.pValues);
      expect(Math.abs(rate - level), `share of p-values below ${level}: ${rate}`).toBeLessThan(4 * se);
    }
  });
});
