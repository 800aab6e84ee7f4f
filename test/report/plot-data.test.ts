import { describe, expect, it } from 'vitest';
import { densityRows, gaussianKde, silvermanBandwidth } from '../../src/report/density.js';
import { pairRows, plottedQuantities, rankHistogramRows, traceRows } from '../../src/report/plot-data.js';
import type { Fit } from '../../src/samplers/run/fit.js';
import { makeRng } from '../../src/random/rng.js';
import { smallFit } from '../io/fixtures.js';

/**
 * A fit whose second chain has a divergence at draw 3, whose x[2] is constant, and whose x[1]
 * has no ties (NUTS repeats a draw where it stays put; a tiny distinct offset per draw makes
 * the 80 ranks exactly 1..80, whatever the seed's draws).
 */
function markedFit(): Fit {
  const fit = smallFit({ chains: 2 });
  const divergent = fit.columnNames.indexOf('divergent__');
  const constant = fit.columnNames.indexOf('x[2]');
  const varying = fit.columnNames.indexOf('x[1]');
  const draws = fit.draws.map((chain, index) =>
    chain.map((column, columnIndex) => {
      if (columnIndex === constant) return new Float64Array(column.length).fill(1);
      if (columnIndex === varying) return column.map((value, draw) => value + 1e-12 * (index * column.length + draw));
      if (columnIndex === divergent) return column.map((_, draw) => (index === 1 && draw === 3 ? 1 : 0));
      return column;
    }),
  );
  return { ...fit, draws };
}

describe('report plot data', () => {
  const fit = markedFit();

  it('plots only quantities that vary', () => {
    expect(plottedQuantities(fit, fit.outputNames, 10)).toEqual(['x[1]']);
    expect(plottedQuantities(smallFit(), undefined, 1)).toEqual(['x[1]']);
  });

  it('thins trace rows evenly to the limit', () => {
    const rows = traceRows(fit, ['x[1]'], 15);
    expect(rows.filter((row) => row.chain === 1).map((row) => row.iteration)).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 40]);
  });

  it('rank histograms count every draw of every chain, in bins of equal width', () => {
    const rows = rankHistogramRows(fit, ['x[1]'], 8);
    expect(rows).toHaveLength(16);
    for (const chain of [1, 2]) expect(rows.filter((row) => row.chain === chain).reduce((sum, row) => sum + row.count, 0)).toBe(40);
    // All 80 ranks fall in 8 bins of 10 ranks each.
    const perBin = Array.from({ length: 8 }, (_, bin) => rows.filter((row) => row.binStart === bin / 8).reduce((sum, row) => sum + row.count, 0));
    expect(perBin).toEqual(new Array(8).fill(10));
  });

  it('keeps every divergent draw in the pair plot, last so it is drawn on top', () => {
    const rows = pairRows(fit, ['x[1]', 'lp__'], 10);
    expect(rows.filter((row) => row.divergent)).toHaveLength(1);
    expect(rows.at(-1)).toMatchObject({ chain: 2, divergent: true, p0: fit.draws[1]![fit.columnNames.indexOf('x[1]')]![3] });
    expect(rows.length).toBeLessThanOrEqual(11);
  });

  it('kernel densities integrate to one over their grid', () => {
    const rng = makeRng(4, 0);
    const values = Float64Array.from({ length: 500 }, () => rng.normal());
    const bandwidth = silvermanBandwidth(values);
    // Silverman's rule for a standard normal: about 0.9 * 500^(-1/5) = 0.26.
    expect(bandwidth).toBeGreaterThan(0.2);
    expect(bandwidth).toBeLessThan(0.32);
    const grid = Float64Array.from({ length: 401 }, (_, i) => -8 + (16 * i) / 400);
    const density = gaussianKde(values, grid, bandwidth);
    const integral = density.reduce((sum, value) => sum + value, 0) * (16 / 400);
    expect(integral).toBeCloseTo(1, 6);
    const rows = densityRows(fit, ['x[1]'], 50);
    expect(rows).toHaveLength(100);
  });
});
