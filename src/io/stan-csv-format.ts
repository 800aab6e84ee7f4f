import { escapeControlCharacters } from './safe-text.js';

/**
 * The pieces of CmdStan's CSV output format (CmdStan User's Guide, "Stan CSV File Format"):
 *   - a `#` comment header holding the run's configuration as an indented tree,
 *     `# key = value` with two spaces per level;
 *   - one header row of column names;
 *   - comment blocks between and after the draws (adaptation, timing);
 *   - draws, one comma-separated row each.
 * This file renders numbers and the configuration tree; sample-csv.ts and variational-csv.ts
 * assemble the files.
 */

/**
 * A number as CmdStan's readers expect it: by default the shortest text that reads back to
 * the same double (so that a summary re-read from the CSV equals the one computed in memory),
 * or, with `significantDigits` (CmdStan's sig_figs, 1 to 18), the shortest text of the value
 * rounded to that many significant digits (1.23457 for 6); `nan`, `inf`, `-inf` for the
 * non-finite values, as C++ streams write them.
 */
export function formatCsvNumber(value: number, significantDigits?: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (significantDigits === undefined || significantDigits >= 17 || Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(significantDigits)));
}

/** The largest number of significant digits a CSV may be asked for (CmdStan's sig_figs: 18). */
export const MAX_SIGNIFICANT_DIGITS = 18;

/** One draw as a CSV row, newline included (see formatCsvNumber for `significantDigits`). */
export function formatCsvRow(values: ArrayLike<number>, significantDigits?: number): string {
  const cells = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) cells[i] = formatCsvNumber(values[i]!, significantDigits);
  return `${cells.join(',')}\n`;
}

/** A node of the configuration tree: `key = value`, or a section name with children. */
export interface ConfigNode {
  readonly key: string;
  readonly value?: string | number;
  readonly children?: readonly ConfigNode[];
}

function renderNode(node: ConfigNode, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  // Values may be user text (the model's name, the data file's path): one line each, always.
  const key = escapeControlCharacters(node.key);
  lines.push(node.value === undefined ? `# ${indent}${key}` : `# ${indent}${key} = ${escapeControlCharacters(String(node.value))}`);
  for (const child of node.children ?? []) renderNode(child, depth + 1, lines);
}

/** The configuration header, each line starting with `# `, newline-terminated. */
export function renderConfig(nodes: readonly ConfigNode[]): string {
  const lines: string[] = [];
  for (const node of nodes) renderNode(node, 0, lines);
  return `${lines.join('\n')}\n`;
}

/** Comment lines (`# ` + text) for each line of `text`, newline-terminated. */
export function commentLines(lines: readonly string[]): string {
  return lines.map((line) => (line === '' ? '#' : `# ${escapeControlCharacters(line)}`)).join('\n') + '\n';
}

/**
 * CmdStan's timing footer, seconds right-aligned under "Elapsed Time:" as CmdStan prints
 * them (readers take the number before "seconds" on each line).
 */
export function timingFooter(warmupSeconds: number, samplingSeconds: number): string {
  const total = warmupSeconds + samplingSeconds;
  const pad = ' '.repeat('  Elapsed Time: '.length);
  return (
    '# \n' +
    `#  Elapsed Time: ${warmupSeconds.toFixed(3)} seconds (Warm-up)\n` +
    `#${pad}${samplingSeconds.toFixed(3)} seconds (Sampling)\n` +
    `#${pad}${total.toFixed(3)} seconds (Total)\n` +
    '# \n'
  );
}

/** The configuration entries every leapfrog CSV starts with. */
/**
 * CmdStan's data block: the file as given and, when known, the SHA-256 of the data read
 * (leapfrog's addition, `data.sha256`): folders merged by readFit must agree on it, so that
 * chains run on machines whose data files differ under the same name are refused.
 */
export function dataNode(run: { readonly dataFile?: string; readonly dataDigest?: string }): ConfigNode {
  return { key: 'data', children: [{ key: 'file', value: run.dataFile ?? '' }, ...(run.dataDigest === undefined ? [] : [{ key: 'sha256', value: run.dataDigest }])] };
}

export function preamble(model: string, startTime: Date): ConfigNode[] {
  // The stan_version lines name the CmdStan CSV format version that the file follows (2.33);
  // readers such as CmdStanPy and cmdstanr choose their parsing rules from them. The
  // `leapfrog_version` line says which program actually wrote the file.
  return [
    { key: 'stan_version_major', value: 2 },
    { key: 'stan_version_minor', value: 33 },
    { key: 'stan_version_patch', value: 0 },
    { key: 'leapfrog_version', value: '0.1.0' },
    { key: 'model', value: model },
    { key: 'start_datetime', value: `${startTime.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} UTC` },
  ];
}
