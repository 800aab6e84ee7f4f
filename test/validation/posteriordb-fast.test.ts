import { describe, expect, it } from 'vitest';
import { loadPosterior, validatePosterior } from '../../src/validation/posteriordb-run.js';

// A short version of `npm run validate`: NUTS on two cheap posteriordb posteriors, in this
// thread, with short chains, judged as the full run judges (|z| ≤ 4 for means and sd ratios,
// R-hat ≤ 1.01, no divergences). Fixed seeds: with these settings the worst R-hat was 1.006
// (eight schools) and 1.003 (mesquite), the worst |z| 1.3 and 1.6.

const directory = 'examples/posteriordb';

describe('posteriordb, fast subset', () => {
  for (const [name, warmup, draws, seed] of [
    ['eight_schools-eight_schools_noncentered', 200, 300, 1],
    ['mesquite-logmesquite_logvas', 250, 500, 3],
  ] as const) {
    it(`${name}: NUTS agrees with the reference draws`, async () => {
      const verdict = await validatePosterior(await loadPosterior(directory, name), { threads: 1, chains: 4, warmup, draws, seed });
      const table = verdict.comparisons.map((c) => `${c.name}: z(mean) ${c.meanZ.toFixed(2)}, z(sd) ${c.sdZ.toFixed(2)}, R-hat ${c.sampled.rhat.toFixed(4)}`).join('\n');
      for (const comparison of verdict.comparisons) {
        expect(Math.abs(comparison.meanZ), table).toBeLessThan(4);
        expect(Math.abs(comparison.sdZ), table).toBeLessThan(4);
        expect(comparison.sampled.rhat, table).toBeLessThan(1.01);
      }
      expect(verdict.failures).toEqual([]);
      expect(verdict.passed).toBe(true);
    });
  }
});
