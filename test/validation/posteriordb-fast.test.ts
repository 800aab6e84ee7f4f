import { describe, it } from 'vitest';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { posteriordbFast } from './validation.checks.js';

// A short version of `npm run validate`: NUTS on two cheap posteriordb posteriors, in this
// thread, with short chains. The comparisons are functions of the seed in
// validation.checks.ts (z's at a Bonferroni bound over all quantities, R-hat, divergences),
// run here at one seed and by `npm run sweep` over many (test/fixtures/seed-sweep.md).

describe('posteriordb, fast subset', () => {
  for (const check of posteriordbFast) {
    it(`${check.name.replace('posteriordb/', '')}: NUTS agrees with the reference draws`, () => expectCheckPasses(check));
  }
});
