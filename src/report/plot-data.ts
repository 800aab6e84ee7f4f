import { averageRanks } from '../samplers/diagnostics/rank-normalize.js';
import { columnDraws, type Fit } from '../samplers/run/fit.js';

/**
 * The tables the report's plots draw, taken from a fit: long-format rows (one per point or
 * bar) with plain field names, because vega-lite reads dots and brackets in field names as
 * nested access, and leapfrog's quantity names (`theta[1]`) are data here, never fields.
 */

export interface TraceRow {
  readonly quantity: string;
  readonly chain: number;
  readonly iteration: number;
  readonly value: number;
}

export interface RankRow {
  readonly quantity: string;
  readonly chain: number;
  /** Lower edge of the rank bin, as a fraction of the total draws. */
  readonly binStart: number;
  readonly binEnd: number;
  readonly count: number;
}

/**
 * The quantities the report plots: the first `limit` of `names` (default: the outputs) that
 * vary (constant ones have no shape to show). Scans only until `limit` are found.
 */
export function plottedQuantities(fit: Fit, names: readonly string[] = fit.outputNames, limit = Infinity): string[] {
  const index = new Map(fit.columnNames.map((name, column) => [name, column] as const));
  const varying: string[] = [];
  for (const name of names) {
    if (varying.length >= limit) break;
    const column = index.get(name);
    if (column === undefined) continue;
    const first = fit.draws[0]?.[column]?.[0];
    if (fit.draws.some((chain) => chain[column]!.some((value) => Number.isFinite(value) && value !== first))) varying.push(name);
  }
  return varying;
}

/** Every `stride`-th index below `count`, so that at most `maximum` remain. */
function strideFor(count: number, maximum: number): number {
  return Math.max(1, Math.ceil(count / maximum));
}

/** Trace rows, thinned to at most `maxPerChain` points per chain and quantity. */
export function traceRows(fit: Fit, names: readonly string[], maxPerChain: number): TraceRow[] {
  const rows: TraceRow[] = [];
  for (const quantity of names) {
    columnDraws(fit, quantity).forEach((draws, chain) => {
      const stride = strideFor(draws.length, maxPerChain);
      for (let draw = 0; draw < draws.length; draw += stride) {
        if (Number.isFinite(draws[draw])) rows.push({ quantity, chain: chain + 1, iteration: draw + 1, value: draws[draw]! });
      }
    });
  }
  return rows;
}

/**
 * Rank histograms (Vehtari et al. 2021, "Rank-normalization, folding, and localization: an
 * improved R-hat", the rank plots of their section 4): rank all draws of a quantity pooled
 * over chains, then histogram each chain's ranks in `bins` equal bins. With mixed chains every
 * histogram is flat at (draws per chain) / bins; a chain that over-represents high or low
 * ranks, or that stayed in one region, shows as a slope or a bump.
 */
export function rankHistogramRows(fit: Fit, names: readonly string[], bins: number): RankRow[] {
  const rows: RankRow[] = [];
  for (const quantity of names) {
    const chains = columnDraws(fit, quantity);
    const total = chains.reduce((sum, chain) => sum + chain.length, 0);
    const pooled = new Float64Array(total);
    let offset = 0;
    for (const chain of chains) {
      pooled.set(chain, offset);
      offset += chain.length;
    }
    const ranks = averageRanks(pooled);
    offset = 0;
    chains.forEach((chain, index) => {
      const counts = new Array<number>(bins).fill(0);
      for (let draw = 0; draw < chain.length; draw++) {
        const bin = Math.min(bins - 1, Math.floor(((ranks[offset + draw]! - 1) / total) * bins));
        if (bin >= 0) counts[bin]! += 1;
      }
      offset += chain.length;
      counts.forEach((count, bin) => rows.push({ quantity, chain: index + 1, binStart: bin / bins, binEnd: (bin + 1) / bins, count }));
    });
  }
  return rows;
}

/**
 * Rows for the pair plot: fields `p0`, `p1`, ... (the quantities `names`, in order), `chain`
 * and `divergent`. At most `maxDraws` non-divergent draws (evenly thinned) plus every divergent
 * one, since the divergences are what the plot is for.
 */
export function pairRows(fit: Fit, names: readonly string[], maxDraws: number): Record<string, number | boolean>[] {
  const columns = names.map((name) => columnDraws(fit, name));
  // Approximate draws (VI) have no divergent__ column: none is divergent.
  const divergent = fit.columnNames.includes('divergent__') ? columnDraws(fit, 'divergent__') : columns[0]!.map((chain) => new Float64Array(chain.length));
  const total = divergent.reduce((sum, chain) => sum + chain.length, 0);
  const stride = strideFor(total, maxDraws);
  const rows: Record<string, number | boolean>[] = [];
  let counter = 0;
  divergent.forEach((flags, chain) => {
    // divergent__ also flags rejections at a non-finite log density (as Stan's does): not divergences.
    const nonFinite = new Set(fit.chains[chain]?.nonFiniteDraws ?? []);
    for (let draw = 0; draw < flags.length; draw++, counter++) {
      const isDivergent = flags[draw] === 1 && !nonFinite.has(draw);
      if (!isDivergent && counter % stride !== 0) continue;
      const row: Record<string, number | boolean> = { chain: chain + 1, divergent: isDivergent };
      columns.forEach((column, index) => (row[`p${index}`] = column[chain]![draw]!));
      rows.push(row);
    }
  });
  // Divergent points last, so they are drawn on top.
  return rows.sort((a, b) => Number(a.divergent) - Number(b.divergent));
}
