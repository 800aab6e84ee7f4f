import type { TopLevelSpec } from 'vega-lite';
import type { AutocorrelationRow, EnergyRow, IntervalRow, PredictiveRow } from './workflow-data.js';

/**
 * vega-lite specifications of the energy plot, the autocorrelation, the forest plot, the
 * posterior predictive check and the Pareto k of PSIS-LOO (rows from workflow-data.ts).
 */

const BASE = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: { aria: false } } as const;
const values = (rows: readonly object[]) => ({ values: rows as unknown as Record<string, unknown>[] });
const chainColour = { field: 'chain', type: 'nominal', title: 'chain', scale: { scheme: 'tableau10' } } as const;

/**
 * The energy plot (Betancourt 2016, "Diagnosing suboptimal cotangent disintegrations in
 * Hamiltonian Monte Carlo"; bayesplot's mcmc_nuts_energy): the histogram of the centred
 * energy against that of its transitions between draws, one panel per chain. When the
 * transitions' histogram is much narrower (E-BFMI below 0.3) the sampler cannot move through
 * the energy levels quickly and explores heavy tails poorly.
 */
export function energySpec(rows: readonly EnergyRow[]): TopLevelSpec {
  return {
    ...BASE,
    data: values(rows),
    facet: { field: 'chain', type: 'ordinal', title: 'chain' },
    columns: 4,
    spec: {
      width: 200,
      height: 110,
      mark: { type: 'bar', opacity: 0.55, binSpacing: 0 },
      encoding: {
        x: { field: 'value', type: 'quantitative', bin: { maxbins: 40 }, title: 'energy − mean, or ΔE' },
        y: { aggregate: 'count', type: 'quantitative', title: null, stack: null },
        color: { field: 'kind', type: 'nominal', title: null, scale: { range: ['#4c78a8', '#f58518'] } },
      },
    },
  } as TopLevelSpec;
}

/** Autocorrelation by lag, one panel per quantity, one line per chain. */
export function autocorrelationSpec(rows: readonly AutocorrelationRow[]): TopLevelSpec {
  return {
    ...BASE,
    data: values(rows),
    facet: { field: 'quantity', type: 'nominal', title: null, sort: null },
    columns: 4,
    spec: {
      width: 170,
      height: 90,
      layer: [
        { mark: { type: 'rule', color: '#999' }, encoding: { y: { datum: 0 } } },
        {
          mark: { type: 'line', strokeWidth: 1 },
          encoding: {
            x: { field: 'lag', type: 'quantitative', title: 'lag' },
            y: { field: 'autocorrelation', type: 'quantitative', title: null, scale: { domain: [-0.25, 1] } },
            color: chainColour,
          },
        },
      ],
    },
  } as TopLevelSpec;
}

/** The forest plot: medians with 50% (thick) and 90% (thin) intervals, one row per quantity. */
export function forestSpec(rows: readonly IntervalRow[], logScale: boolean): TopLevelSpec {
  const x = { type: 'quantitative', title: logScale ? 'value (log scale)' : 'value', scale: logScale ? { type: 'log' } : { zero: false } } as const;
  const y = { field: 'quantity', type: 'nominal', title: null, sort: { field: 'order' } } as const;
  return {
    ...BASE,
    data: values(rows),
    width: 560,
    height: { step: 16 },
    layer: [
      { mark: { type: 'rule', color: '#4c78a8', strokeWidth: 1 }, encoding: { x: { field: 'q5', ...x }, x2: { field: 'q95' }, y } },
      { mark: { type: 'rule', color: '#4c78a8', strokeWidth: 4 }, encoding: { x: { field: 'q25', ...x }, x2: { field: 'q75' }, y } },
      { mark: { type: 'point', filled: true, color: '#1f3b5a', size: 30 }, encoding: { x: { field: 'median', ...x }, y } },
    ],
  } as TopLevelSpec;
}

/**
 * The posterior predictive check as intervals (Gabry et al. 2019, section 5; bayesplot's
 * ppc_intervals): for each observation, the 50% and 90% intervals of its replications and
 * the observed value. Observed values often outside the intervals, or all on one side, show
 * what the model does not capture.
 */
export function predictiveSpec(rows: readonly PredictiveRow[], replicated: string, observed: string): TopLevelSpec {
  const x = { field: 'index', type: 'ordinal', title: 'observation' } as const;
  const y = { type: 'quantitative', title: null, scale: { zero: false } } as const;
  return {
    ...BASE,
    data: values(rows),
    width: { step: Math.max(8, Math.min(30, Math.floor(700 / Math.max(1, rows.length)))) },
    height: 200,
    layer: [
      { mark: { type: 'rule', color: '#9ecae9', strokeWidth: 1.5 }, encoding: { x, y: { field: 'q5', ...y }, y2: { field: 'q95' } } },
      { mark: { type: 'rule', color: '#4c78a8', strokeWidth: 5 }, encoding: { x, y: { field: 'q25', ...y }, y2: { field: 'q75' } } },
      {
        mark: { type: 'point', shape: 'diamond', filled: true, color: '#d62728', size: 40 },
        encoding: { x, y: { field: 'observed', ...y }, tooltip: [{ field: 'observed' }] },
      },
    ],
    title: { text: `${observed} (red) against the 50% and 90% intervals of ${replicated}`, fontSize: 11, fontWeight: 'normal' },
  } as TopLevelSpec;
}

/** Pareto k of each observation's PSIS-LOO weights, with the 0.7 threshold (loo's plot). */
export function paretoKSpec(rows: readonly { observation: number; k: number }[], threshold: number): TopLevelSpec {
  return {
    ...BASE,
    data: values(rows),
    width: 560,
    height: 150,
    layer: [
      { mark: { type: 'rule', strokeDash: [4, 3], color: '#d62728' }, encoding: { y: { datum: threshold } } },
      {
        mark: { type: 'point', shape: 'cross', size: 40 },
        encoding: {
          x: { field: 'observation', type: 'quantitative', title: 'observation' },
          y: { field: 'k', type: 'quantitative', title: 'Pareto k' },
          color: { condition: { test: `datum.k > ${threshold}`, value: '#d62728' }, value: '#4c78a8' },
        },
      },
    ],
  } as TopLevelSpec;
}
