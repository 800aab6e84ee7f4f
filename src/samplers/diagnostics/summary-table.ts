import { checkChains, poolChains, splitChains, type Chains } from './chains.js';
import { essOfChains } from './ess.js';
import { meanOf, varianceOf } from './moments.js';
import { medianOfSorted, quantileOfSorted, quantiles, sortedCopy } from './quantile.js';
import { normalScores, type NormalScores, rankNormalize } from './rank-normalize.js';
import { rhatOfChains } from './rhat.js';

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

/**
 * What the summaries of many quantities with the same number of draws share: the normal
 * scores of rank normalisation (rank-normalize.ts). Optional; results are the same without.
 */
export interface SummaryWorkspace {
  readonly scores?: NormalScores;
}

export function summaryWorkspace(totalDraws: number): SummaryWorkspace {
  return { scores: normalScores(totalDraws) };
}

/**
 * posterior's should_return_NA in one pass without callbacks: some draw is not finite, or
 * the draws are constant (max - min below machine epsilon, as `isUndiagnosable`).
 */
function undiagnosable(chains: Chains): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const chain of chains) {
    for (let draw = 0; draw < chain.length; draw++) {
      const value = chain[draw]!;
      if (value - value !== 0) return true;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return Math.abs(max - min) < Number.EPSILON;
}

/** The summary of draws that no diagnostic applies to (non-finite or constant), as the separate functions give it. */
function undiagnosableSummary(name: string, chains: Chains, pooled: Float64Array): QuantitySummary {
  const [q5 = NaN, q50 = NaN, q95 = NaN] = quantiles(chains, [0.05, 0.5, 0.95]);
  return { name, mean: meanOf(pooled), mcseMean: NaN, sd: Math.sqrt(varianceOf(pooled)), q5, q50, q95, essBulk: NaN, essTail: NaN, rhat: NaN };
}

/** ESS of the indicator I(x <= threshold), posterior's quantile ESS once the threshold is known. */
function indicatorEss(chains: Chains, threshold: number): number {
  const indicators = chains.map((chain) => {
    const indicator = new Float64Array(chain.length);
    for (let draw = 0; draw < chain.length; draw++) indicator[draw] = chain[draw]! <= threshold ? 1 : 0;
    return indicator;
  });
  return essOfChains(splitChains(indicators));
}

/** |x - center| of every draw, chain structure kept. */
function foldDraws(chains: Chains, center: number): Float64Array[] {
  return chains.map((chain) => {
    const folded = new Float64Array(chain.length);
    for (let draw = 0; draw < chain.length; draw++) folded[draw] = Math.abs(chain[draw]! - center);
    return folded;
  });
}

/**
 * Summary of one quantity's draws (one Float64Array per chain). The same numbers, bit for
 * bit, as the separate functions (meanOf, mcseMean, quantiles, essBulk, essTail, rhat), but
 * the work they repeat is done once: one sort of the pooled draws gives the quantiles, the
 * median that folds the draws for tail R-hat and the thresholds of tail-ESS; one rank
 * normalisation of the split chains serves bulk-ESS and bulk R-hat. Seven sorts become
 * three: one native sort of the pooled draws and the linear-time radix sort of each of the
 * two rank normalisations (rank-normalize.ts).
 */
export function summarizeQuantity(name: string, chains: Chains, workspace: SummaryWorkspace = {}): QuantitySummary {
  checkChains(`summarizeQuantity(${name})`, chains);
  const pooled = poolChains(chains);
  if (undiagnosable(chains)) return undiagnosableSummary(name, chains, pooled);
  const sorted = sortedCopy(pooled);
  const sd = Math.sqrt(varianceOf(pooled));
  const split = splitChains(chains);
  const normalized = rankNormalize(split, workspace.scores);
  const center = medianOfSorted(sorted);
  const folded = rankNormalize(splitChains(foldDraws(chains, center)), workspace.scores);
  const q5 = quantileOfSorted(sorted, 0.05);
  const q95 = quantileOfSorted(sorted, 0.95);
  const lowerEss = indicatorEss(chains, q5);
  const upperEss = indicatorEss(chains, q95);
  const rhatBulk = rhatOfChains(normalized);
  const rhatTail = rhatOfChains(folded);
  return {
    name,
    mean: meanOf(pooled),
    mcseMean: sd / Math.sqrt(essOfChains(split)),
    sd,
    q5,
    q50: quantileOfSorted(sorted, 0.5),
    q95,
    essBulk: essOfChains(normalized),
    essTail: Number.isNaN(lowerEss) || Number.isNaN(upperEss) ? NaN : Math.min(lowerEss, upperEss),
    rhat: Number.isNaN(rhatBulk) || Number.isNaN(rhatTail) ? NaN : Math.max(rhatBulk, rhatTail),
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
