import type { TopLevelSpec } from 'vega-lite';
import type { SbcResult } from './sbc.js';
import { sbcMethods } from './sbc-fit.js';
import { binomialQuantile } from './statistics.js';

/**
 * SBC rank histograms (Talts et al. 2018, section 4.1, Figure 2) as a vega-lite spec: one row
 * per parameter, one column per method, bars of rank counts over the rank fraction r / (L+1),
 * the expected count R/B as a dashed rule, and in grey the band where each bar stays with
 * probability 99% under uniformity (pointwise binomial(R, 1/B) quantiles, not a simultaneous
 * band: with 20 bins a few bars outside it are expected now and then). Bars are red where the
 * parameter's chi-square test rejects uniformity.
 */

export interface RankBarRow {
  readonly parameter: string;
  readonly method: string;
  /** Position of the method's column. */
  readonly methodOrder: number;
  /** 'rejected' when the parameter fails the uniformity test, else 'ok' (the bars' colour). */
  readonly test: 'ok' | 'rejected';
  readonly binStart: number;
  readonly binEnd: number;
  readonly count: number;
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
}

export function rankBarRows(results: readonly SbcResult[]): RankBarRow[] {
  return results.flatMap((result) => {
    const probability = 1 / result.bins;
    const lower = binomialQuantile(0.005, result.replicates, probability);
    const upper = binomialQuantile(0.995, result.replicates, probability);
    const expected = result.replicates * probability;
    return result.parameters.flatMap((parameter) =>
      parameter.counts.map((count, bin) => ({
        parameter: parameter.name,
        method: result.method,
        methodOrder: sbcMethods.indexOf(result.method),
        test: parameter.rejected ? ('rejected' as const) : ('ok' as const),
        binStart: bin / result.bins,
        binEnd: (bin + 1) / result.bins,
        count,
        expected,
        lower,
        upper,
      })),
    );
  });
}

export function rankHistogramSpec(title: string, rows: readonly RankBarRow[]): TopLevelSpec {
  const x = { field: 'binStart', type: 'quantitative' as const, title: 'rank / (L + 1)', scale: { domain: [0, 1] }, axis: { values: [0, 0.5, 1] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { aria: false },
    title,
    data: { values: rows as unknown as Record<string, unknown>[] },
    facet: {
      row: { field: 'parameter', type: 'nominal', title: null, sort: null, header: { labelAngle: 0, labelAlign: 'left' } },
      column: { field: 'method', type: 'nominal', title: null, sort: { field: 'methodOrder', op: 'min' } },
    },
    spec: {
      width: 180,
      height: 60,
      layer: [
        { mark: { type: 'rect', color: '#ddd' }, encoding: { x, x2: { field: 'binEnd' }, y: { field: 'lower', type: 'quantitative', title: 'count' }, y2: { field: 'upper' } } },
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
          encoding: {
            x,
            x2: { field: 'binEnd' },
            y: { field: 'count', type: 'quantitative' },
            y2: { datum: 0 },
            color: { field: 'test', type: 'nominal', title: 'uniformity test', scale: { domain: ['ok', 'rejected'], range: ['#4c78a8', '#d62728'] } },
          },
        },
        { mark: { type: 'rule', strokeDash: [4, 3], color: '#444' }, encoding: { y: { field: 'expected', type: 'quantitative' } } },
      ],
    },
  };
}
