import { checkChains, poolChains, type Chains } from './chains.js';
import { essBulk, essTail } from './ess.js';
import { mcseMean } from './mcse.js';
import { meanOf, varianceOf } from './moments.js';
import { quantiles } from './quantile.js';
import { rhat } from './rhat.js';

/**
 * The per-quantity summary that CmdStan's stansummary and posterior's summarise_draws print:
 * location, spread, central 90% interval and the convergence diagnostics recommended by
 * Vehtari et al. (2021): rank-normalised R-hat, bulk-ESS and tail-ESS.
 */
export interface QuantitySummary {
  readonly name: string;
  readonly mean: number;
  /** Monte Carlo standard error of the mean. */
  readonly mcseMean: number;
  readonly sd: number;
  readonly q5: number;
  readonly q50: number;
  readonly q95: number;
  readonly essBulk: number;
  readonly essTail: number;
  readonly rhat: number;
}

/** Summary of one quantity's draws (one Float64Array per chain). */
export function summarizeQuantity(name: string, chains: Chains): QuantitySummary {
  checkChains(`summarizeQuantity(${name})`, chains);
  const pooled = poolChains(chains);
  const [q5 = NaN, q50 = NaN, q95 = NaN] = quantiles(chains, [0.05, 0.5, 0.95]);
  return {
    name,
    mean: meanOf(pooled),
    mcseMean: mcseMean(chains),
    sd: Math.sqrt(varianceOf(pooled)),
    q5,
    q50,
    q95,
    essBulk: essBulk(chains),
    essTail: essTail(chains),
    rhat: rhat(chains),
  };
}

export interface SummaryTableOptions {
  /** Significant digits of means, standard deviations and quantiles (default 3). */
  readonly significantDigits?: number;
}

/**
 * A number with `digits` significant digits, in plain notation for ordinary magnitudes
 * (1e-4 ≤ |x| < 1e6; integers of more digits are shown whole rather than as 1.23e+4) and in
 * exponent notation beyond.
 */
export function formatSignificant(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(Math.max(digits - 1, 0));
  if (magnitude >= 10 ** (digits - 1)) return Math.round(value).toString();
  return value.toPrecision(digits);
}

/** ESS as a whole number of draws. */
function formatEss(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toString() : formatSignificant(value, 1);
}

/** R-hat with two decimals, enough to read the 1.01 threshold of Vehtari et al. (2021). */
function formatRhat(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : formatSignificant(value, 1);
}

const headers = ['', 'Mean', 'MCSE', 'StdDev', '5%', '50%', '95%', 'ESS_bulk', 'ESS_tail', 'R_hat'] as const;

/**
 * A stansummary-like text table, one row per quantity: the name left-aligned, numbers
 * right-aligned, columns two spaces apart, lines joined by '\n' (no trailing newline).
 */
export function formatSummaryTable(rows: readonly QuantitySummary[], options: SummaryTableOptions = {}): string {
  const digits = options.significantDigits ?? 3;
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) {
    throw new Error(`formatSummaryTable: significantDigits is ${digits}, but must be an integer in [1, 17]`);
  }
  const cells = rows.map((row) => [
    row.name,
    formatSignificant(row.mean, digits),
    formatSignificant(row.mcseMean, Math.max(digits - 1, 1)),
    formatSignificant(row.sd, digits),
    formatSignificant(row.q5, digits),
    formatSignificant(row.q50, digits),
    formatSignificant(row.q95, digits),
    formatEss(row.essBulk),
    formatEss(row.essTail),
    formatRhat(row.rhat),
  ]);
  const table = [[...headers], ...cells];
  const widths = headers.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  return table
    .map((line) =>
      line
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
