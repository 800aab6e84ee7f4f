
/**
 * Reads a Stan CSV file (CmdStan's sample or variational output, or leapfrog's): the
 * configuration header, the column names, the adaptation block, the draws and the timing
 * footer. A file cut short by a killed run reads up to its last complete row: a final line
 * without its newline is dropped, since CmdStan and leapfrog end every row with one.
 */

export interface StanCsvAdaptation {
  readonly stepSize: number;
  /** The inverse metric: one row for a diagonal metric, dim rows for a dense one. */
  readonly inverseMetric: readonly (readonly number[])[];
  readonly metricKind: 'diag' | 'dense' | 'unknown';
}

export interface StanCsvTiming {
  readonly warmupSeconds: number;
  readonly samplingSeconds: number;
  readonly totalSeconds: number;
}

export interface StanCsv {
  /** Where the text came from, for messages. */
  readonly source: string;
  /** The configuration tree flattened to dotted paths: `method.sample.num_samples` → `1000`. */
  readonly config: ReadonlyMap<string, string>;
  /** Column names as written (`theta.1`). */
  readonly columnNames: readonly string[];
  /** draws[column][row]. */
  readonly draws: readonly Float64Array[];
  readonly adaptation?: StanCsvAdaptation;
  readonly timing?: StanCsvTiming;
  /** Whether the last line lacked its newline and was dropped (an interrupted write). */
  readonly truncated: boolean;
}

/** The value of the first configuration entry whose last path segment is `key` (`delta`, `seed`). */
export function configValue(csv: Pick<StanCsv, 'config'>, key: string): string | undefined {
  for (const [path, value] of csv.config) {
    if (path === key || path.endsWith(`.${key}`)) return value;
  }
  return undefined;
}

/** A CSV cell as a number: decimal text, or nan / inf / -inf in any case (C++, R, Python spellings). */
export function parseCsvNumber(cell: string): number {
  const text = cell.trim();
  const lower = text.toLowerCase();
  if (lower === 'nan' || lower === 'na') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return text === '' ? NaN : Number(text);
}

/** The mutable state of one parse, confined to `parseStanCsv`. */
interface ParseState {
  readonly config: Map<string, string>;
  readonly sectionStack: string[];
  columnNames: string[] | undefined;
  readonly rows: number[][];
  stepSize: number | undefined;
  metricKind: StanCsvAdaptation['metricKind'];
  readonly metricRows: number[][];
  readingMetric: boolean;
  readonly timing: number[];
}

const NUMBER_LIST = /^[-+0-9.eEinfatyINFATY, ]+$/;

function readConfigLine(state: ParseState, body: string): void {
  const indent = body.length - body.trimStart().length;
  const depth = Math.floor(indent / 2);
  const content = body.trim().replace(/\s*\(Default\)$/, '');
  if (content === '') return;
  const equals = content.indexOf('=');
  const key = (equals < 0 ? content : content.slice(0, equals)).trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return;
  state.sectionStack.length = depth;
  const path = [...state.sectionStack, key].join('.');
  if (equals >= 0) state.config.set(path, content.slice(equals + 1).trim());
  state.sectionStack.push(key);
}

function readBodyComment(state: ParseState, body: string): void {
  const content = body.trim();
  if (state.readingMetric && content !== '' && NUMBER_LIST.test(content)) {
    state.metricRows.push(content.split(',').map(parseCsvNumber));
    return;
  }
  state.readingMetric = false;
  const stepSize = /^Step size = (.+)$/.exec(content);
  if (stepSize !== null) state.stepSize = parseCsvNumber(stepSize[1]!);
  if (/^Diagonal elements of inverse mass matrix:/.test(content)) {
    state.metricKind = 'diag';
    state.readingMetric = true;
  } else if (/^Elements of inverse mass matrix:/.test(content)) {
    state.metricKind = 'dense';
    state.readingMetric = true;
  }
  const elapsed = /^(?:Elapsed Time:\s*)?([-+0-9.eE]+) seconds \((Warm-up|Sampling|Total)\)/.exec(content);
  if (elapsed !== null) state.timing.push(Number(elapsed[1]));
}

function readRow(state: ParseState, line: string, lineNumber: number, source: string): void {
  const columns = state.columnNames;
  if (columns === undefined) {
    state.columnNames = line.split(',').map((name) => name.trim()).filter((name, index, all) => name !== '' || index < all.length - 1);
    return;
  }
  const cells = line.split(',');
  if (cells.length === columns.length + 1 && cells[cells.length - 1]!.trim() === '') cells.pop();
  if (cells.length !== columns.length) {
    throw new Error(`readStanCsv: ${source} line ${lineNumber} has ${cells.length} values, but the header has ${columns.length} columns`);
  }
  const row = cells.map(parseCsvNumber);
  const bad = row.findIndex((value, index) => Number.isNaN(value) && !/^\s*(nan|na)\s*$/i.test(cells[index]!));
  if (bad >= 0) {
    throw new Error(`readStanCsv: ${source} line ${lineNumber}, column ${columns[bad]}: '${cells[bad]}' is not a number`);
  }
  state.rows.push(row);
}

/** Parses the text of a Stan CSV file; `source` names it in errors. */
export function parseStanCsv(text: string, source = 'CSV text'): StanCsv {
  const lines = text.split('\n');
  // Every complete line ends with '\n', so the last piece is '' unless a write was interrupted.
  const truncated = lines[lines.length - 1] !== '';
  lines.pop();
  const state: ParseState = {
    config: new Map(),
    sectionStack: [],
    columnNames: undefined,
    rows: [],
    stepSize: undefined,
    metricKind: 'unknown',
    metricRows: [],
    readingMetric: false,
    timing: [],
  };
  lines.forEach((rawLine, index) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.startsWith('#')) {
      const body = line.slice(1).replace(/^ /, '');
      if (state.columnNames === undefined) readConfigLine(state, body);
      else readBodyComment(state, body);
    } else if (line.trim() !== '') {
      readRow(state, line, index + 1, source);
    }
  });
  if (state.columnNames === undefined) throw new Error(`readStanCsv: ${source} has no header row of column names`);
  const columnNames = state.columnNames;
  const draws = columnNames.map((_, column) => Float64Array.from(state.rows, (row) => row[column]!));
  const adaptation = state.stepSize === undefined ? undefined : { stepSize: state.stepSize, inverseMetric: state.metricRows, metricKind: state.metricKind };
  const [warmupSeconds, samplingSeconds, totalSeconds] = state.timing;
  const timing = totalSeconds === undefined || warmupSeconds === undefined || samplingSeconds === undefined ? undefined : { warmupSeconds, samplingSeconds, totalSeconds };
  return { source, config: state.config, columnNames, draws, adaptation, timing, truncated };
}
