import type { TopLevelSpec } from 'vega-lite';
import type { DensityRow } from './density.js';
import type { RankRow, TraceRow } from './plot-data.js';

/**
 * The report's plots as vega-lite specifications (rendered to SVG by plot.ts). Each takes
 * long-format rows from plot-data.ts; quantities are facets with independent scales, chains
 * are colours (the same palette in every plot, so chain 3 is one colour throughout).
 */

const CELL_WIDTH = 360;
const CELL_HEIGHT = 90;
/** Trace plots span the page (1100 px wide, less the facet labels). */
const TRACE_WIDTH = 860;
/** Categorical palette (Tableau 10): distinguishable chains up to ten. */
const CHAIN_SCALE = { scheme: 'tableau10' } as const;
const DIVERGENT_COLOUR = '#d62728';

/**
 * Shared top-level settings: no ARIA descriptions per mark, which would otherwise add a
 * text label to every point of the SVG (most of the file for a scatter plot).
 */
const BASE = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: { aria: false } } as const;

const chainColour = { field: 'chain', type: 'nominal', title: 'chain', scale: CHAIN_SCALE } as const;

/** Trace plots: value against iteration, one row per quantity, one line per chain. */
export function traceSpec(rows: readonly TraceRow[]): TopLevelSpec {
  return {
    ...BASE,
    data: { values: rows as unknown as Record<string, unknown>[] },
    facet: { row: { field: 'quantity', type: 'nominal', title: null, sort: null, header: { labelAngle: 0, labelAlign: 'left' } } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: TRACE_WIDTH,
      height: CELL_HEIGHT,
      layer: [
        {
          mark: { type: 'line', strokeWidth: 0.6, opacity: 0.8 },
          encoding: {
            x: { field: 'iteration', type: 'quantitative', title: 'iteration' },
            y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
            color: chainColour,
          },
        },
        // Divergent transitions: black ticks at the bottom of the panel, at their iteration
        // (as ArviZ's plot_trace; red would be taken for a chain's colour).
        {
          transform: [{ filter: 'datum.divergent' }],
          mark: { type: 'tick', color: '#000', thickness: 1.2, orient: 'vertical' },
          encoding: { x: { field: 'iteration', type: 'quantitative' }, y: { value: CELL_HEIGHT - 4 } },
        },
      ],
    },
  } as TopLevelSpec;
}

/** Rank histograms: for each quantity (rows) and chain (columns), bars of rank counts with the uniform level as a rule. */
export function rankSpec(rows: readonly RankRow[], expectedCount: number): TopLevelSpec {
  return {
    ...BASE,
    data: { values: rows as unknown as Record<string, unknown>[] },
    facet: {
      row: { field: 'quantity', type: 'nominal', title: null, sort: null, header: { labelAngle: 0, labelAlign: 'left' } },
      column: { field: 'chain', type: 'ordinal', title: 'chain' },
    },
    spec: {
      width: 120,
      height: 60,
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
          encoding: {
            x: { field: 'binStart', type: 'quantitative', title: 'rank (fraction of all draws)', scale: { domain: [0, 1] }, axis: { values: [0, 0.5, 1] } },
            x2: { field: 'binEnd' },
            y: { field: 'count', type: 'quantitative', title: null },
            y2: { datum: 0 },
            color: { ...chainColour, legend: null },
          },
        },
        { mark: { type: 'rule', strokeDash: [4, 3], color: '#444' }, encoding: { y: { datum: expectedCount } } },
      ],
    },
  };
}

/** Marginal posterior densities (density.ts): one panel per quantity, one curve per chain. */
export function densitySpec(rows: readonly DensityRow[]): TopLevelSpec {
  return {
    ...BASE,
    data: { values: rows as unknown as Record<string, unknown>[] },
    facet: { field: 'quantity', type: 'nominal', title: null, sort: null },
    columns: 3,
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 200,
      height: 110,
      mark: { type: 'line', strokeWidth: 1.2 },
      encoding: {
        x: { field: 'value', type: 'quantitative', title: null, scale: { zero: false, nice: false } },
        y: { field: 'density', type: 'quantitative', title: null },
        color: chainColour,
      },
    },
  };
}

/**
 * Pair plot of the quantities `names` (fields p0, p1, ... of the rows): scatter plots below
 * the diagonal, histograms on it, divergent transitions in red (Gabry et al. 2019,
 * "Visualization in Bayesian workflow", section 4.1: divergences that cluster in one region,
 * such as small hierarchical scales, point at the geometry the sampler cannot follow).
 */
export function pairSpec(rows: readonly Record<string, number | boolean>[], names: readonly string[], positive: readonly boolean[] = []): TopLevelSpec {
  // Positive quantities (scales, rates) on a log scale, where their funnels and skew open up.
  const scaleOf = (index: number) => (positive[index] === true ? { type: 'log' } : { zero: false });
  // A log axis gridded at every minor tick is a thicket: ticks only.
  const axisOf = (index: number) => (positive[index] === true ? { grid: false, tickCount: 4 } : {});
  const titleOf = (index: number) => (positive[index] === true ? `${names[index]} (log)` : names[index]);
  const size = names.length > 3 ? 150 : 190;
  const field = (index: number) => `p${index}`;
  const cell = (row: number, column: number) =>
    row === column
      ? {
          width: size,
          height: size,
          mark: { type: 'bar', color: '#4c78a8' } as const,
          encoding: {
            x: { field: field(column), type: 'quantitative', bin: { maxbins: 30 }, title: names[column] },
            y: { aggregate: 'count', type: 'quantitative', title: null },
          },
        }
      : {
          width: size,
          height: size,
          mark: { type: 'circle', size: 9 } as const,
          encoding: {
            x: { field: field(column), type: 'quantitative', title: titleOf(column), scale: scaleOf(column), axis: axisOf(column) },
            y: { field: field(row), type: 'quantitative', title: titleOf(row), scale: scaleOf(row), axis: axisOf(row) },
            color: {
              field: 'divergent',
              type: 'nominal',
              title: 'divergent',
              scale: { domain: [false, true], range: ['#4c78a8', DIVERGENT_COLOUR] },
            },
            opacity: { condition: { test: 'datum.divergent', value: 0.9 }, value: 0.35 },
          },
        };
  return {
    ...BASE,
    data: { values: rows as unknown as Record<string, unknown>[] },
    vconcat: names.map((_, row) => ({ hconcat: names.slice(0, row + 1).map((__, column) => cell(row, column)) })),
  } as TopLevelSpec;
}
