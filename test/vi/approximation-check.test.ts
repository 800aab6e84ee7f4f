import { describe, expect, it } from 'vitest';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { adviCentredWarns, adviGoodApproximation, adviNoncentredWarns } from './approximation.checks.js';

/**
 * Variational fits report whether the approximation worked (Yao et al. 2018) instead of
 * MCMC's R-hat and ESS. Mean-field ADVI on eight schools: centred, k-hat was 0.58–1.14 over
 * seeds 0–19 (never reliable); non-centred, k-hat 0.17–0.75, and with the importance-weighting
 * shifts (tau's and theta's means move 0.1–0.5 sd) 17 of 20 seeds warn (seeds 1, 6 and 14 do
 * not); NUTS's tau has mean 3.6, ADVI's about 3.0.
 */
// Each is a check of the seed in approximation.checks.ts, swept by `npm run sweep`.
describe('the Pareto-k check of variational fits', () => {
  it('warns for mean-field ADVI on eight schools (centred) instead of "No problems detected"', () => expectCheckPasses(adviCentredWarns));

  it('warns for non-centred eight schools', () => expectCheckPasses(adviNoncentredWarns));

  it('reports a good approximation as such', () => expectCheckPasses(adviGoodApproximation));
});
