import { describe, expect, it } from 'vitest';
import { compareModels } from '../../src/loo/compare.js';
import { loo } from '../../src/loo/loo.js';
import type { Fit } from '../../src/samplers/run/fit.js';
import { closeTo, logLikelihoodMatrix, type ModelCase, observationCount, readLooFixture } from './fixture.js';

/**
 * PSIS-LOO and loo_compare against R's loo (test/fixtures/loo/generate.R): elpd_loo, p_loo,
 * looic, their SEs, the MCSE, and per observation elpd_loo, p_loo, Pareto k, PSIS ESS and
 * r_eff, all to 1e-6.
 */
const fixture = readLooFixture();

function looOfCase(model: ModelCase) {
  return loo(logLikelihoodMatrix(fixture, model), { name: model.name });
}

function mismatches(label: string, actual: ArrayLike<number>, expected: readonly number[]): string[] {
  return expected.flatMap((value, i) => (closeTo(actual[i]!, value) ? [] : [`${label}[${i + 1}] ${actual[i]} vs R ${value}`]));
}

describe('loo against R loo', () => {
  it.each(fixture.models.map((m) => [m.name, m] as const))('%s: estimates, SEs and every pointwise value', (_name, model) => {
    const result = looOfCase(model);
    const { estimates: e, pointwise: p } = model;
    const pairs: [string, number, number | 'NA'][] = [
      ['elpd_loo', result.elpdLoo.estimate, e.elpd_loo],
      ['se_elpd_loo', result.elpdLoo.se, e.se_elpd_loo],
      ['p_loo', result.pLoo.estimate, e.p_loo],
      ['se_p_loo', result.pLoo.se, e.se_p_loo],
      ['looic', result.looic.estimate, e.looic],
      ['se_looic', result.looic.se, e.se_looic],
      ['mcse_elpd_loo', result.mcseElpdLoo, e.mcse_elpd_loo],
    ];
    const bad = [
      ...pairs.filter(([, actual, expected]) => !closeTo(actual, expected)).map(([name, actual, expected]) => `${name} ${actual} vs R ${expected}`),
      ...mismatches('r_eff', result.pointwise.relativeEfficiency, model.r_eff),
      ...mismatches('pareto_k', result.pointwise.paretoK, p.pareto_k),
      ...mismatches('elpd_loo', result.pointwise.elpdLoo, p.elpd_loo),
      ...mismatches('p_loo', result.pointwise.pLoo, p.p_loo),
      ...mismatches('looic', result.pointwise.looic, p.looic),
      ...mismatches('mcse_elpd_loo', result.pointwise.mcseElpdLoo, p.mcse_elpd_loo),
      ...mismatches('n_eff', result.pointwise.effectiveSampleSize, p.n_eff),
    ];
    expect(bad, bad.join('\n')).toEqual([]);
    expect(result.observations).toBe(observationCount(fixture, model));
    expect(result.draws).toBe(1200);
  });

  it.each(fixture.compare.map((c) => [c.models.join(' vs '), c] as const))('%s: loo_compare order, elpd_diff and se_diff', (_name, c) => {
    const results = c.models.map((name) => looOfCase(fixture.models.find((m) => m.name === name)!));
    const comparison = compareModels(results);
    expect(comparison.rows.map((row) => row.name)).toEqual(c.order);
    const bad = [...mismatches('elpd_diff', comparison.rows.map((row) => row.elpdDiff), c.elpd_diff), ...mismatches('se_diff', comparison.rows.map((row) => row.seDiff), c.se_diff)];
    expect(bad, bad.join('\n')).toEqual([]);
  });
});

describe('loo: thresholds, warnings and text', () => {
  const byName = (name: string) => looOfCase(fixture.models.find((m) => m.name === name)!);

  it('says nothing is wrong when every k is good', () => {
    const result = byName('student_t_outliers');
    expect(result.warnings).toEqual([]);
    expect(result.paretoKThreshold).toBeCloseTo(1 - 1 / Math.log10(1200), 14);
    expect(result.text).toContain('All Pareto k estimates are good (k <= 0.68).');
    expect(result.text).toMatch(/elpd_loo\s+-43\.8\s+\d/);
  });

  it('warns, naming the observations, when k is above the threshold or above 1', () => {
    const result = byName('poisson_per_observation');
    const high = [...result.pointwise.paretoK].filter((k) => k > result.paretoKThreshold).length;
    expect(high).toBeGreaterThan(0);
    expect(result.warnings[0]).toContain(`${high} of 8 observations have Pareto k above 0.68`);
    expect(result.warnings[0]).toContain('above 1');
    expect(result.warnings[0]).toContain('refit the model without each of them');
    expect(result.text).toContain('Pareto k diagnostic values:');
    expect(result.text).toMatch(/\(1, Inf\)\s+\(very bad\)\s+1\s+12\.5%/);
    const table = result.paretoKTable;
    expect(table.reduce((total, row) => total + row.count, 0)).toBe(8);
  });

  it('warns when p_loo exceeds the number of parameters', () => {
    const model = fixture.models.find((m) => m.name === 'intercept_only')!;
    const result = loo(logLikelihoodMatrix(fixture, model), { parameters: 1 });
    expect(result.warnings.some((warning) => warning.includes('p_loo (2.2) exceeds the number of parameters (1)'))).toBe(true);
  });

  it('warns in a comparison when the difference is small or a model is unreliable', () => {
    const comparison = compareModels({ a: byName('regression'), b: byName('intercept_only') });
    expect(comparison.rows.map((row) => row.name)).toEqual(['a', 'b']);
    expect(comparison.text.split('\n')[0]).toMatch(/^\s+elpd_diff\s+se_diff\s+elpd_loo/);
    const outliers = compareModels([byName('normal_outliers'), byName('student_t_outliers')]);
    expect(outliers.rows[0]!.elpdDiff).toBe(0);
    expect(outliers.rows[0]!.seDiff).toBe(0);
  });
});

describe('loo from a fit', () => {
  /** A fit whose log_lik[i] columns are the fixture's matrix, chain by chain. */
  function fitOf(model: ModelCase, approximation?: string): Fit {
    const { logLikelihood } = logLikelihoodMatrix(fixture, model);
    const n = observationCount(fixture, model);
    const perChain = model.draws[0]![0]!.length;
    const outputNames = [...model.parameters, ...Array.from({ length: n }, (_, i) => `log_lik[${i + 1}]`)];
    const draws = model.draws.map((chain, c) => [
      new Float64Array(perChain),
      ...chain.map((column) => Float64Array.from(column)),
      ...Array.from({ length: n }, (_, i) => Float64Array.from({ length: perChain }, (_, s) => logLikelihood[c * perChain + s]![i]!)),
    ]);
    return {
      config: { chains: draws.length } as Fit['config'],
      dim: model.parameters.length,
      columnNames: ['lp__', ...outputNames],
      outputNames,
      unconstrainedNames: model.parameters,
      draws,
      chains: [],
      ...(approximation === undefined ? {} : { approximation }),
    };
  }

  it('reads log_lik and estimates r_eff from the chains, equal to the matrix form', () => {
    const model = fixture.models.find((m) => m.name === 'regression')!;
    const fromFit = loo(fitOf(model));
    expect(fromFit.pointwise.names[0]).toBe('log_lik[1]');
    expect(closeTo(fromFit.elpdLoo.estimate, model.estimates.elpd_loo)).toBe(true);
    expect([...fromFit.pointwise.paretoK].every((k, i) => closeTo(k, model.pointwise.pareto_k[i]!))).toBe(true);
  });

  it('takes draws of an approximation as independent (r_eff = 1)', () => {
    const model = fixture.models.find((m) => m.name === 'regression')!;
    expect([...loo(fitOf(model, 'ADVI (mean-field)')).pointwise.relativeEfficiency]).toEqual(new Array(16).fill(1));
  });

  it('compares fits directly', () => {
    const models = ['regression', 'intercept_only'].map((name) => fixture.models.find((m) => m.name === name)!);
    const comparison = compareModels({ line: fitOf(models[0]!), flat: fitOf(models[1]!) });
    expect(comparison.rows.map((row) => row.name)).toEqual(['line', 'flat']);
    expect(closeTo(comparison.rows[1]!.elpdDiff, fixture.compare[0]!.elpd_diff[1]!)).toBe(true);
  });

  it('says what is missing or wrong, naming the place', () => {
    const model = fixture.models.find((m) => m.name === 'regression')!;
    expect(() => loo(fitOf(model), { variable: 'loglik' })).toThrow("loo: the fit has no quantity 'loglik'; LOO needs the pointwise log-likelihood");
    expect(() => loo({ logLikelihood: [Float64Array.of(1, 2), Float64Array.of(1)] })).toThrow('loo: logLikelihood[1] has 1 columns, but row 0 has 2');
    expect(() => loo({ logLikelihood: [Float64Array.of(1), Float64Array.of(NaN)] })).toThrow('loo: log_lik[1] is NaN at draw 2 of chain 1');
    expect(() => loo({ logLikelihood: [Float64Array.of(1), Float64Array.of(2)], chainIds: [1] })).toThrow('loo: chainIds has 1 entries, but logLikelihood has 2 rows');
    expect(() => loo({ logLikelihood: [Float64Array.of(1), Float64Array.of(2)] }, { relativeEfficiency: [1, 2] })).toThrow('loo: relativeEfficiency has 2 values, but there are 1 observations');
    const results = [loo({ logLikelihood: [Float64Array.of(1), Float64Array.of(2)] }), loo({ logLikelihood: [Float64Array.of(1, 1), Float64Array.of(2, 2)] })];
    expect(() => compareModels(results)).toThrow('compareModels: model1 has 1 observations but model2 has 2');
    expect(() => compareModels(results.slice(0, 1))).toThrow('compareModels: 1 model given, but a comparison needs at least two');
  });
});
