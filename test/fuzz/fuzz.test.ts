import { describe, expect, it } from 'vitest';
import { FAMILIES } from './mutations.js';
import { runCases } from './pool.js';
import { formatReport, summarise } from './report.js';

// A seeded slice of `npm run fuzz` (scripts/fuzz.ts) in the test suite: three cases of each
// mutation family (over 200) on the lighter corpus entries, in two child processes, each case
// under a time limit (15 s here, where the suite's other files load the same two cores;
// `npm run fuzz` holds cases to the 5 s). Nothing may fail, no invalid input may be
// accepted, and at least 98% of the invalid inputs must be refused with a JSON path. The
// full run (2,000 cases on every entry) is `npm run fuzz`.

const SEED = 20240;
/** The slower entries (100 ms to 1 s per case), left to `npm run fuzz`, which runs them all. */
const EXCLUDE = [
  'posteriordb/bball_drive_event_0-hmm_drive_0',
  'bench/logistic_regression',
  'posteriordb/hmm_example-hmm_example',
  'posteriordb/low_dim_gauss_mix-low_dim_gauss_mix',
  'bench/bnn_regression',
  'bench/varying_intercepts',
  'posteriordb/garch-garch11',
  'posteriordb/arma-arma11',
  'posteriordb/gp_pois_regr-gp_pois_regr',
];

describe('fuzz: mutated example specs and data', () => {
  it('refuse every invalid input cleanly, with its JSON path, and never throw, hang or crash', { timeout: 120_000 }, async () => {
    const cases = 3 * FAMILIES.length;
    const results = await runCases(
      Array.from({ length: cases }, (_, k) => k),
      { seed: SEED, jobs: 2, timeoutMs: 15_000, exclude: EXCLUDE },
    );
    const summary = summarise(results);
    const report = formatReport(summary, (index) => `npm run fuzz -- --seed ${SEED} --case ${index} --exclude ${EXCLUDE.join(',')}`);
    expect(summary.cases).toBeGreaterThanOrEqual(200);
    expect(summary.failures, report).toEqual([]);
    expect(summary.invalid, report).toBeGreaterThan(120);
    expect(summary.invalidWithPath / summary.invalid, report).toBeGreaterThanOrEqual(0.98);
    // Every family ran, and the valid families were accepted (their refusal would show a false alarm).
    expect(new Set(results.map((r) => ('family' in r ? r.family : ''))).size, report).toBe(FAMILIES.length);
    expect(summary.validRefused, report).toEqual([]);
  });
});
