import { describe, expect, it } from 'vitest';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { benchModelChecks, eightSchoolsCenteredDivergences, referenceOf } from './bench-models.checks.js';

// NUTS on the benchmark models against references made without NUTS: the checks are
// functions of the seed in bench-models.checks.ts, run here at one seed and by
// `npm run sweep -- --test bench-models` over many (test/fixtures/seed-sweep.md).

/** Per test: CPU seconds are 3–25, but a machine busy with other work stretches them. */
const timeout = 300_000;

describe('NUTS on the benchmark models against references made without NUTS', () => {
  for (const check of benchModelChecks) {
    const id = check.name.replace('bench-models/', '');
    it(`${id}: means and sds within their combined-MCSE bound, R-hat within its bound for the ESS`, async () => {
      expect(referenceOf(id).model).toBe(id);
      await expectCheckPasses(check);
    }, timeout);
  }

  it('eight_schools_centered: reports divergences and tells the user what to do', () => expectCheckPasses(eightSchoolsCenteredDivergences), timeout);
});
