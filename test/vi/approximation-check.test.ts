import { describe, expect, it } from 'vitest';
import { model as centered } from '../../examples/bench/eight_schools_centered.js';
import { model as noncentered } from '../../examples/bench/eight_schools_noncentered.js';
import { summary } from '../../src/samplers/run/summary.js';
import { advi } from '../../src/vi/advi.js';
import { diagonalGaussian, readExampleData } from './support.js';

/**
 * Variational fits report whether the approximation worked (Yao et al. 2018) instead of
 * MCMC's R-hat and ESS. Mean-field ADVI on eight schools (scripts/sweep-advi-eight-schools.ts,
 * seeds 0–19): centred, k-hat 0.63–1.19 (and infinite at seed 17), never reliable; non-centred,
 * k-hat 0.20–0.70, and with the importance-weighting shifts 14 of 20 seeds warn (seeds 1, 2, 4,
 * 13, 14 and 15 do not; the CLI's default seed 0 warns with k-hat 0.55); NUTS's tau has mean
 * 3.6, ADVI's about 3.0.
 */
const data = readExampleData('data/eight_schools.json');

describe('the Pareto-k check of variational fits', () => {
  it.each([0, 2])('warns for mean-field ADVI on eight schools (centred, seed %i) instead of "No problems detected"', (seed) => {
    const result = advi(centered.compile(data), { seed });
    const report = summary(result.fit);
    expect(report.approximationCheck!.verdict).not.toBe('reliable');
    expect(report.warnings.map((warning) => warning.kind)).toContain('pareto-k');
    expect(report.text).not.toContain('No problems detected');
    expect(report.text).toMatch(/Pareto k of the importance ratios: \d\.\d\d/);
    // No MCMC checks on independent draws.
    expect(report.warnings.filter((warning) => warning.kind === 'rhat' || warning.kind.startsWith('ess'))).toEqual([]);
    // advi's own warnings carry the check too (the CLI prints them).
    expect(result.warnings.some((warning) => warning.includes('Pareto k of the importance ratios'))).toBe(true);
    expect(result.approximationCheck).toEqual(report.approximationCheck);
  });

  it('warns for non-centred eight schools at the CLI\'s default seed', () => {
    const report = summary(advi(noncentered.compile(data), { seed: 0 }).fit);
    expect(report.warnings.map((warning) => warning.kind)).toContain('pareto-k');
    expect(report.approximationCheck!.verdict).toBe('use-with-care');
    expect(report.text).not.toContain('No problems detected');
  });

  it('reports a good approximation as such', () => {
    const result = advi(diagonalGaussian([1, -2], [1, 3]), { seed: 1 });
    const report = summary(result.fit);
    expect(report.approximationCheck!.verdict).toBe('reliable');
    expect(report.text).toContain('(reliable)');
    expect(report.text).toContain('No problems detected.');
    expect(result.warnings).toEqual([]);
  });
});
