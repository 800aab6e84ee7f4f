import type { Cell, Column, SectionResult } from './section.js';

/** Times to 3 significant digits (1234 → "1234", 12.345 → "12.3", 0.07612 → "0.0761"). */
function formatMicros(v: number): string {
  if (v >= 100) return v.toFixed(0);
  return v.toPrecision(3);
}

function formatCell(cell: Cell, column: Column): string {
  if (cell === null) return '–';
  if (typeof cell !== 'number') return String(cell);
  switch (column.format) {
    case 'micros':
      return formatMicros(cell);
    case 'ratio':
      return `${cell.toFixed(2)}×`;
    case 'error':
      return cell === 0 ? '0' : cell.toExponential(1);
    case 'integer':
      return cell.toFixed(0);
    case 'fixed':
      return cell.toFixed(2);
    case undefined:
      return String(cell);
  }
}

/** A section as a plain-text table with its notes and failed checks underneath. */
export function formatSection(title: string, result: SectionResult): string {
  const header = result.columns.map((c) => c.header);
  const body = result.rows.map((row) => result.columns.map((c) => formatCell(row[c.key] ?? null, c)));
  const widths = header.map((h, k) => Math.max(h.length, ...body.map((r) => r[k]!.length)));
  // Text columns align left, figures right.
  const isText = result.columns.map((c) => c.format === undefined);
  const line = (cells: readonly string[]): string =>
    cells.map((cell, k) => (isText[k] ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lines = [title, '='.repeat(title.length), line(header), rule, ...body.map(line), ''];
  for (const note of result.notes) lines.push(`  ${note}`);
  for (const failure of result.failures) lines.push(`  FAILED: ${failure}`);
  return lines.join('\n');
}
