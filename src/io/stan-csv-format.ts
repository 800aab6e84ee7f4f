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
 * A number as CmdStan's readers expect it: the shortest text that reads back to the same
 * double (so that a summary re-read from the CSV equals the one computed in memory), and
 * `nan`, `inf`, `-inf` for the non-finite values, as C++ streams write them.
 */
export function formatCsvNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

/** One draw as a CSV row, newline included. */
export function formatCsvRow(values: ArrayLike<number>): string {
  const cells = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) cells[i] = formatCsvNumber(values[i]!);
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
