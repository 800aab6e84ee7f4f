import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { model as pooled } from '../../examples/workflow/eight_schools_pooled.js';
import { loo } from '../../src/loo/loo.js';
import { traceRows } from '../../src/report/plot-data.js';
import { pairSpec } from '../../src/report/plot-specs.js';
import { buildReport } from '../../src/report/report.js';
import { autocorrelationRows, energyRows, findReplications, intervalRows, predictiveRows } from '../../src/report/workflow-data.js';
import { ebfmi } from '../../src/samplers/diagnostics/ebfmi.js';
import { columnDraws, type Fit } from '../../src/samplers/run/fit.js';
import { sample } from '../../src/samplers/run/sample.js';
import { summary } from '../../src/samplers/run/summary.js';

// The report's sections past the basic checks, on a fit of the pooled eight-schools model
// (examples/workflow), whose generated quantities hold log_lik and y_rep.

const data = JSON.parse(readFileSync('examples/bench/data/eight_schools.json', 'utf8')) as { y: number[]; sigma: number[] };
const fit = sample(pooled.compile(data), { chains: 2, warmup: 150, draws: 200, seed: 8 });

/** The fit with a divergence marked at draw 5 of chain 2. */
function withDivergence(base: Fit): Fit {
  const column = base.columnNames.indexOf('divergent__');
  return { ...base, draws: base.draws.map((chain, c) => chain.map((values, j) => (j === column ? values.map((_, k) => (c === 1 && k === 5 ? 1 : 0)) : values))) };
}

describe('report: energy, autocorrelation, intervals, predictive check', () => {
  it('energy rows centre each chain\'s energy and give its transitions and E-BFMI', () => {
    const energy = energyRows(fit)!;
    const chain1 = columnDraws(fit, 'energy__')[0]!;
    const centred = energy.rows.filter((row) => row.chain === 1 && row.kind.startsWith('energy')).map((row) => row.value);
    expect(centred.reduce((sum, value) => sum + value, 0)).toBeCloseTo(0, 8);
    expect(energy.rows.filter((row) => row.chain === 1 && row.kind.startsWith('transition'))[0]!.value).toBeCloseTo(chain1[1]! - chain1[0]!, 12);
    expect(energy.ebfmi[0]).toBe(ebfmi(chain1));
  });

  it('autocorrelation is 1 at lag 0 and the lag-1 sample autocorrelation after', () => {
    const rows = autocorrelationRows(fit, ['mu'], 10);
    expect(rows.filter((row) => row.chain === 1)).toHaveLength(11);
    expect(rows.find((row) => row.lag === 0)!.autocorrelation).toBeCloseTo(1, 12);
    const mu = columnDraws(fit, 'mu')[0]!;
    const mean = mu.reduce((sum, value) => sum + value, 0) / mu.length;
    let lag1 = 0;
    let lag0 = 0;
    for (let i = 0; i < mu.length; i++) {
      lag0 += (mu[i]! - mean) ** 2;
      if (i > 0) lag1 += (mu[i]! - mean) * (mu[i - 1]! - mean);
    }
    expect(rows.find((row) => row.chain === 1 && row.lag === 1)!.autocorrelation).toBeCloseTo(lag1 / lag0, 10);
  });

  it('intervals are ordered quantiles of all chains\' draws', () => {
    const [row] = intervalRows(fit, ['mu']);
    expect(row!.q5).toBeLessThan(row!.q25);
    expect(row!.q25).toBeLessThan(row!.median);
    expect(row!.median).toBeLessThan(row!.q75);
    expect(row!.q75).toBeLessThan(row!.q95);
    const pooledDraws = columnDraws(fit, 'mu').flatMap((chain) => [...chain]);
    expect(pooledDraws.filter((value) => value <= row!.median).length / pooledDraws.length).toBeCloseTo(0.5, 2);
  });

  it('finds y_rep and the observed y in the data, and only a vector of the same length', () => {
    expect(findReplications(fit, data)).toEqual({ replicated: 'y_rep', observed: 'y', values: data.y });
    expect(findReplications(fit, { y: [1, 2] })).toBeUndefined();
    expect(findReplications(fit, undefined)).toBeUndefined();
    const rows = predictiveRows(fit, 'y_rep', data.y, 100);
    expect(rows.map((row) => [row.index, row.observed])).toEqual(data.y.map((value, i) => [i + 1, value]));
  });

  it('keeps divergent draws in thinned traces, marked', () => {
    const rows = traceRows(withDivergence(fit), ['mu'], 20);
    expect(rows.filter((row) => row.divergent)).toEqual([expect.objectContaining({ chain: 2, iteration: 6, divergent: true })]);
  });

  it('puts positive quantities on a log axis in the pair plot', () => {
    const spec = JSON.stringify(pairSpec([], ['mu', 'tau'], [false, true]));
    expect(spec).toContain('"title":"tau (log)","scale":{"type":"log"}');
    expect(spec).not.toContain('"title":"mu (log)"');
  });

  it('adds the predictive check and the LOO table with Pareto k when the fit has y_rep and log_lik', async () => {
    const specs: TopLevelSpec[] = [];
    const html = await buildReport({ title: 'pooled', settings: [], fit: withDivergence(fit), summary: summary(fit), data }, async (spec) => {
      specs.push(spec);
      return `<svg data-plot="${specs.length}"></svg>`;
    });
    for (const id of ['energy', 'autocorrelation', 'forest', 'predictive', 'loo']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain(loo(fit).text.split('\n')[0]);
    expect(html).toMatch(/E-BFMI chain 1: \d\.\d\d, chain 2: \d\.\d\d/);
    const trace = specs[0] as { spec: { layer: { mark: { type: string } }[] } };
    expect(trace.spec.layer.map((layer) => layer.mark.type)).toEqual(['line', 'tick']);
    // Without the data, no predictive check.
    const without = await buildReport({ title: 'pooled', settings: [], fit, summary: summary(fit) }, async () => '<svg></svg>');
    expect(without).not.toContain('<section id="predictive">');
  });
});
