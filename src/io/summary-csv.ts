import type { QuantitySummary } from '../samplers/diagnostics/summary-table.js';
import { escapeControlCharacters } from './safe-text.js';
import { formatCsvNumber } from './stan-csv-format.js';
import { parseCsvNumber } from './read-stan-csv.js';

/**
 * summary.csv: the summary table as CmdStan's `stansummary --csv_filename` writes it (one
 * quoted name per row, Stan's bracket names `theta[1]`, full-precision numbers), so that a
 * script can compare it with another implementation's diagnostics.
 */

export const summaryCsvColumns = ['name', 'Mean', 'MCSE', 'StdDev', '5%', '50%', '95%', 'ESS_bulk', 'ESS_tail', 'R_hat'] as const;

const numericFields = ['mean', 'mcseMean', 'sd', 'q5', 'q50', 'q95', 'essBulk', 'essTail', 'rhat'] as const;

/** A quoted cell; control characters escaped, so that a name stays on its row. */
const quote = (text: string): string => `"${escapeControlCharacters(text).replaceAll('"', '""')}"`;

export function formatSummaryCsv(rows: readonly QuantitySummary[]): string {
  const header = summaryCsvColumns.map(quote).join(',');
  const lines = rows.map((row) => [quote(row.name), ...numericFields.map((field) => formatCsvNumber(row[field]))].join(','));
  return `${[header, ...lines].join('\n')}\n`;
}

/** Splits one CSV line, honouring double-quoted cells (with "" for a quote). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const character = line[i];
    if (quoted) {
      if (character === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      cells.push(cell);
      cell = '';
    } else cell += character;
  }
  cells.push(cell);
  return cells;
}

/** Reads a summary.csv written by `formatSummaryCsv`. */
export function parseSummaryCsv(text: string, source = 'summary.csv'): QuantitySummary[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const header = splitCsvLine(lines[0] ?? '');
  if (header.join(',') !== summaryCsvColumns.join(',')) {
    throw new Error(`parseSummaryCsv: ${source} header is '${header.join(',')}', but must be '${summaryCsvColumns.join(',')}'`);
  }
  return lines.slice(1).map((line, index) => {
    const cells = splitCsvLine(line);
    if (cells.length !== summaryCsvColumns.length) {
      throw new Error(`parseSummaryCsv: ${source} line ${index + 2} has ${cells.length} cells, but must have ${summaryCsvColumns.length}`);
    }
    const values = cells.slice(1).map(parseCsvNumber);
    const entries = numericFields.map((field, column) => [field, values[column]] as const);
    return { name: cells[0], ...Object.fromEntries(entries) } as QuantitySummary;
  });
}
