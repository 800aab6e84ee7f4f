import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareQuantity, expectationFor, judgePosterior, referenceSdRelativeError, type RunFacts, type SampledQuantity } from '../../src/validation/posteriordb.js';
import { posteriordbMarkdown } from '../../src/validation/posteriordb-report.js';
import { parseReference, type ReferenceQuantity } from '../../src/validation/reference.js';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { sampledSide } from './validation.checks.js';

const reference: ReferenceQuantity = { name: 'mu', mean: 4, sd: 2, q5: 0.7, q95: 7.3, essBulk: 10000, essTail: 9000, rhat: 1, mcseMean: 0.02 };

const sampled = (overrides: Partial<SampledQuantity>): SampledQuantity => ({
  name: 'mu', mean: 4, sd: 2, mcseMean: 0.06, mcseSd: 0.04, essBulk: 1100, essTail: 1000, rhat: 1.002, kurtosis: 3, ...overrides,
});

const facts = (overrides: Partial<RunFacts>): RunFacts => ({
  posterior: 'kidiq-kidscore_interaction', divergences: 0, transitions: 4000, divergenceWarned: false, gradientEvaluations: 1, seconds: 1, settings: {}, ...overrides,
});

describe('compareQuantity', () => {
  it('measures the mean difference in combined Monte Carlo standard errors', () => {
    const comparison = compareQuantity(sampled({ mean: 4.2 }), reference);
    // 0.2 / sqrt(0.06² + 0.02²) = 3.16
    expect(comparison.meanZ).toBeCloseTo(0.2 / Math.hypot(0.06, 0.02), 12);
    expect(comparison.meanErrorInSds).toBeCloseTo(0.1, 12);
    expect(comparison.problems).toEqual([]);
    expect(compareQuantity(sampled({ mean: 4.2 }), reference, { threshold: 3 }).problems[0]).toContain('z = 3.2, beyond ±3');
  });

  it('derives the reference sd error from its ESS and our kurtosis: 1/(2 ESS) for a normal', () => {
    expect(referenceSdRelativeError(reference, 3)).toBeCloseTo(Math.sqrt(1 / 20000), 15);
    expect(referenceSdRelativeError(reference, 9)).toBeCloseTo(Math.sqrt(8 / 40000), 15);
    // A kurtosis that cannot be (NaN, or ≤ 1) falls back to the normal's 3.
    expect(referenceSdRelativeError(reference, NaN)).toBeCloseTo(Math.sqrt(1 / 20000), 15);
  });

  it('gives the sd ratio a band from both Monte Carlo errors', () => {
    const comparison = compareQuantity(sampled({ sd: 2.1 }), reference);
    const se = Math.hypot(0.04 / 2.1, Math.sqrt(1 / 20000));
    expect(comparison.sdRatio).toBeCloseTo(1.05, 12);
    expect(comparison.sdRatioSe).toBeCloseTo(se, 12);
    expect(comparison.sdBand[0]).toBeCloseTo(1 - 4 * se, 12);
    expect(comparison.sdZ).toBeCloseTo(0.05 / se, 12);
    expect(compareQuantity(sampled({ sd: 2.6, mcseSd: 0.04 }), reference).problems[0]).toMatch(/^sd ratio 1.30 outside its band/);
  });

  it('flags R-hat above the threshold, and NaN statistics, instead of passing them', () => {
    expect(compareQuantity(sampled({ rhat: 1.02 }), reference).problems).toEqual(['R-hat 1.020 above 1.01']);
    expect(compareQuantity(sampled({ rhat: NaN }), reference).problems).toEqual(['R-hat NaN above 1.01']);
    expect(compareQuantity(sampled({ mean: NaN }), reference).problems[0]).toContain('z = NaN');
  });

  it('computes the sampled side from draws', () => expectCheckPasses(sampledSide));
});

describe('judgePosterior', () => {
  const good = [compareQuantity(sampled({}), reference)];
  const bad = [compareQuantity(sampled({ mean: 5 }), reference)];

  it('passes an accuracy posterior that agrees, and fails one that does not, naming the quantity', () => {
    expect(judgePosterior(good, facts({})).passed).toBe(true);
    const verdict = judgePosterior(bad, facts({}));
    expect(verdict.passed).toBe(false);
    expect(verdict.failures[0]).toMatch(/^mu: mean 5.00 vs reference 4.00/);
  });

  it('fails divergences where none are expected, beyond 0.1% of transitions', () => {
    expect(judgePosterior(good, facts({ divergences: 4 })).passed).toBe(true);
    expect(judgePosterior(good, facts({ divergences: 4 })).notes[0]).toContain('4 of 4000 transitions divergent');
    expect(judgePosterior(good, facts({ divergences: 5 })).failures[0]).toContain('where none are expected');
    expect(judgePosterior(good, facts({ divergences: 5 }), { divergenceTolerance: 0.01 }).passed).toBe(true);
  });

  it('requires the centred eight schools to report divergences, and does not judge its accuracy', () => {
    const centred = 'eight_schools-eight_schools_centered';
    expect(expectationFor(centred)).toEqual({ accuracy: false, divergences: 'expected' });
    expect(judgePosterior(bad, facts({ posterior: centred, divergences: 40, divergenceWarned: true })).passed).toBe(true);
    expect(judgePosterior(good, facts({ posterior: centred, divergences: 0 })).failures[0]).toContain('no divergences reported');
    expect(judgePosterior(good, facts({ posterior: centred, divergences: 40, divergenceWarned: false })).failures[0]).toContain('did not warn');
  });

  it('writes a table row per posterior and per quantity', () => {
    const text = posteriordbMarkdown({ title: 'check', description: [] }, [judgePosterior(bad, facts({}))]);
    expect(text).toContain('Result: 0 of 1 posteriors passed.');
    expect(text).toContain('| kidiq-kidscore_interaction | **FAIL** |');
    expect(text).toContain('| mu ⚠ | 4.00 | 5.00 |');
  });
});

describe('parseReference', () => {
  it('reads an example reference.json', () => {
    const json = JSON.parse(readFileSync('examples/posteriordb/eight_schools-eight_schools_noncentered/reference.json', 'utf8'));
    const parsed = parseReference(json, 'reference.json');
    expect(parsed.posterior).toBe('eight_schools-eight_schools_noncentered');
    expect(parsed.quantities.map((q) => q.name)).toContain('tau');
    expect(parsed.adaptDelta).toBe(0.95);
    expect(parsed.quantities[0]!.mcseMean).toBeCloseTo(parsed.quantities[0]!.sd / Math.sqrt(parsed.quantities[0]!.essBulk), 4);
  });

  it('names the path and the rule of what is wrong', () => {
    const json = { posterior: 'p', n_draws: 10, parameters: { mu: { mean: 1, sd: -1, q5: 0, q95: 2, ess_bulk: 1, ess_tail: 1, rhat: 1, mcse_mean: 0 } } };
    expect(() => parseReference(json, 'ref.json')).toThrow(/^ref.json: not a posteriordb reference summary: parameters.mu.sd: /);
  });
});
