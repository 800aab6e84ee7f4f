import type { LooResult, ParetoKCount } from './loo.js';

/** A PSIS-LOO result as text, laid out as the R package loo's print.psis_loo. */

type Printable = Pick<LooResult, 'name' | 'elpdLoo' | 'pLoo' | 'looic' | 'mcseElpdLoo' | 'draws' | 'observations' | 'paretoKThreshold' | 'paretoKTable' | 'warnings'>;

/** Rows of cells as columns: the first left-aligned, the others right-aligned, two spaces apart. */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd())
    .join('\n');
}

const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : String(value));

function rangeLabel(count: ParetoKCount): string {
  const [lower, upper] = count.range;
  const show = (value: number): string => (Number.isFinite(value) ? String(Number(value.toFixed(2))) : value > 0 ? 'Inf' : '-Inf');
  return `(${show(lower)}, ${show(upper)}]`.replace(', Inf]', ', Inf)');
}

function kTable(result: Printable): string {
  const threshold = result.paretoKThreshold.toFixed(2);
  if (result.paretoKTable.every((row) => row.category === 'good' || row.count === 0)) {
    return `All Pareto k estimates are good (k <= ${threshold}).`;
  }
  const rows = [
    ['', '', 'Count', 'Pct.', 'Min. ESS'],
    ...result.paretoKTable.map((row) => [
      rangeLabel(row),
      `(${row.category.replace('-', ' ')})`,
      String(row.count),
      `${(100 * row.fraction).toFixed(1)}%`,
      Number.isFinite(row.minEffectiveSampleSize) ? String(Math.round(row.minEffectiveSampleSize)) : '-',
    ]),
  ];
  return `Pareto k diagnostic values:\n${alignColumns(rows)}`;
}

export function formatLoo(result: Printable): string {
  const estimates = alignColumns([
    ['', 'Estimate', 'SE'],
    ['elpd_loo', fixed(result.elpdLoo.estimate), fixed(result.elpdLoo.se)],
    ['p_loo', fixed(result.pLoo.estimate), fixed(result.pLoo.se)],
    ['looic', fixed(result.looic.estimate), fixed(result.looic.se)],
  ]);
  const title = `${result.name === undefined ? '' : `${result.name}: `}computed from ${result.draws} by ${result.observations} log-likelihood matrix.`;
  const warnings = result.warnings.map((warning) => `Warning: ${warning}`);
  return [
    title,
    '',
    estimates,
    '------',
    Number.isFinite(result.mcseElpdLoo)
      ? `Monte Carlo SE of elpd_loo is ${fixed(result.mcseElpdLoo)}.`
      : 'Monte Carlo SE of elpd_loo is not available: some Pareto k exceed 0.7.',
    '',
    kTable(result),
    ...(warnings.length > 0 ? ['', ...warnings] : []),
  ].join('\n');
}
