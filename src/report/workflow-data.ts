import { autocovariances } from '../samplers/diagnostics/autocovariance.js';
import { ebfmiByChain } from '../samplers/diagnostics/ebfmi.js';
import { quantileOfSorted } from '../samplers/diagnostics/quantile.js';
import { columnDraws, type Fit } from '../samplers/run/fit.js';

/**
 * Rows of the report's plots past the basic checks: the energy plot (Betancourt 2016), the
 * autocorrelation, the forest plot of intervals and the posterior predictive check, as
 * long-format tables with plain field names (see plot-data.ts).
 */

export interface EnergyRow {
  readonly chain: number;
  /** 'energy' (the marginal energy, centred) or 'transition' (its change between draws). */
  readonly kind: string;
  readonly value: number;
}

/** Each chain's centred energy and energy transitions, and E-BFMI by chain; undefined without energy__. */
export function energyRows(fit: Fit): { rows: EnergyRow[]; ebfmi: Float64Array } | undefined {
  if (!fit.columnNames.includes('energy__')) return undefined;
  const chains = columnDraws(fit, 'energy__');
  if (chains.some((chain) => chain.length < 2)) return undefined;
  const rows: EnergyRow[] = [];
  chains.forEach((energy, chain) => {
    const mean = energy.reduce((sum, value) => sum + value, 0) / energy.length;
    energy.forEach((value, draw) => {
      rows.push({ chain: chain + 1, kind: 'energy (centred)', value: value - mean });
      if (draw > 0) rows.push({ chain: chain + 1, kind: 'transition ΔE', value: value - energy[draw - 1]! });
    });
  });
  return { rows, ebfmi: ebfmiByChain(chains) };
}

export interface AutocorrelationRow {
  readonly quantity: string;
  readonly chain: number;
  readonly lag: number;
  readonly autocorrelation: number;
}

/** Each chain's autocorrelation of each quantity at lags 0..maxLag (from the FFT autocovariances). */
export function autocorrelationRows(fit: Fit, names: readonly string[], maxLag: number): AutocorrelationRow[] {
  const rows: AutocorrelationRow[] = [];
  for (const quantity of names) {
    const chains = columnDraws(fit, quantity);
    autocovariances(chains).forEach((covariance, chain) => {
      const variance = covariance[0]!;
      if (!(variance > 0)) return;
      for (let lag = 0; lag <= Math.min(maxLag, covariance.length - 1); lag++) rows.push({ quantity, chain: chain + 1, lag, autocorrelation: covariance[lag]! / variance });
    });
  }
  return rows;
}

export interface IntervalRow {
  readonly quantity: string;
  /** Plot order (the table's). */
  readonly order: number;
  readonly q5: number;
  readonly q25: number;
  readonly median: number;
  readonly q75: number;
  readonly q95: number;
}

function pooledSorted(fit: Fit, name: string): Float64Array {
  const values = columnDraws(fit, name).flatMap((chain) => [...chain]).filter(Number.isFinite);
  return Float64Array.from(values).sort();
}

/** Median, 50% and 90% intervals of each quantity over all chains (the forest plot). */
export function intervalRows(fit: Fit, names: readonly string[]): IntervalRow[] {
  return names.flatMap((quantity, order) => {
    const sorted = pooledSorted(fit, quantity);
    if (sorted.length === 0) return [];
    const at = (p: number) => quantileOfSorted(sorted, p);
    return [{ quantity, order, q5: at(0.05), q25: at(0.25), median: at(0.5), q75: at(0.75), q95: at(0.95) }];
  });
}

export interface PredictiveRow extends IntervalRow {
  /** The observed value. */
  readonly observed: number;
  readonly index: number;
}

/**
 * The replicated-data quantity (`y_rep`, `yrep`, `y_pred`, `y_new`, ... of a data vector `y`)
 * with its observed values: the first generated vector `<name>_rep`, `<name>rep`,
 * `<name>_pred` or `<name>_new` whose `<name>` is a numeric data array of the same length.
 */
export function findReplications(fit: Fit, data: unknown): { replicated: string; observed: string; values: number[] } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const lengths = new Map<string, number>();
  for (const name of fit.outputNames) {
    const match = /^(.+)\[(\d+)\]$/.exec(name);
    if (match !== null) lengths.set(match[1]!, Math.max(lengths.get(match[1]!) ?? 0, Number(match[2])));
  }
  for (const [replicated, length] of lengths) {
    const base = /^(.+?)_?(rep|pred|new)$/.exec(replicated)?.[1];
    if (base === undefined) continue;
    const observed = (data as Record<string, unknown>)[base];
    if (Array.isArray(observed) && observed.length === length && observed.every((value) => typeof value === 'number')) {
      return { replicated, observed: base, values: observed as number[] };
    }
  }
  return undefined;
}

/** Intervals of each replicated observation with its observed value (bayesplot's ppc_intervals). */
export function predictiveRows(fit: Fit, replicated: string, observed: readonly number[], limit: number): PredictiveRow[] {
  const names = observed.slice(0, limit).map((_, i) => `${replicated}[${i + 1}]`);
  return intervalRows(fit, names).map((row) => ({ ...row, index: row.order + 1, observed: observed[row.order]! }));
}
