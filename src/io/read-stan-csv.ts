import { type ColumnStore, makeColumnStore } from './column-store.js';
import { readTransitionCount, type StanCsvTransitionCounts } from './transition-counts.js';

/**
 * Reads a Stan CSV file (CmdStan's sample or variational output, or leapfrog's): the
 * configuration header, the column names, the adaptation block, the draws, the timing
 * footer and leapfrog's counts of divergent and non-finite transitions. A file cut short by
 * a killed run reads up to its last complete row: a final line without its newline is
 * dropped, since CmdStan and leapfrog end every row with one.
 *
 * A file is read in chunks and parsed line by line into column storage, so that reading
 * a chain of a 10,000-dimensional model holds its draws once (8 bytes a value), never the
 * file's text (about 20 bytes a value) nor a JavaScript array per row. Parsing takes text and
 * imports no Node module (the browser entry uses it); reading files is read-stan-csv-file.ts.
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

export type { StanCsvTransitionCounts } from './transition-counts.js';

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
  /** leapfrog's footer: divergent and non-finite transitions (absent in CmdStan's files and
   *  in files of an interrupted run). */
  readonly transitions?: StanCsvTransitionCounts;
  /** Whether the last line lacked its newline and was dropped (an interrupted write). */
  readonly truncated: boolean;
  /** Rows before the "Adaptation terminated" comment (the saved warm-up draws of a file
   *  written with save_warmup = 1); undefined when the file has no such comment. */
  readonly rowsBeforeAdaptation?: number;
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
  // Fast path: plain decimal text (Number also trims, but reads '' and blanks as 0).
  const value = Number(cell);
  if (value === value && (value !== 0 || cell.trim() !== '')) return value;
  const lower = cell.trim().toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return NaN;
}

/** The mutable state of one parse, confined to this module's parser. */
interface ParseState {
  readonly source: string;
  readonly config: Map<string, string>;
  readonly sectionStack: string[];
  columnNames: string[] | undefined;
  rows: ColumnStore | undefined;
  stepSize: number | undefined;
  metricKind: StanCsvAdaptation['metricKind'];
  readonly metricRows: number[][];
  readingMetric: boolean;
  readonly timing: number[];
  readonly transitions: Partial<Record<keyof StanCsvTransitionCounts, unknown>>;
  rowsBeforeAdaptation: number | undefined;
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
  if (content === 'Adaptation terminated' && state.rowsBeforeAdaptation === undefined) state.rowsBeforeAdaptation = state.rows?.rowCount() ?? 0;
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
  readTransitionCount(state.transitions, content);
}

function readHeaderRow(state: ParseState, line: string): void {
  const names = line.split(',').map((name) => name.trim()).filter((name, index, all) => name !== '' || index < all.length - 1);
  state.columnNames = names;
  state.rows = makeColumnStore(names.length);
}

/**
 * A row of plain decimal numbers read by the JSON parser, which converts them exactly as
 * Number does (shortest round trip) but in one native pass instead of a string per cell;
 * undefined when the row is anything else (nan, inf, blanks, a trailing comma), which the
 * cell-by-cell reader then handles and reports.
 */
function fastRow(line: string, width: number): number[] | undefined {
  let values: unknown;
  try {
    values = JSON.parse(`[${line}]`);
  } catch {
    return undefined;
  }
  if (!Array.isArray(values) || values.length !== width) return undefined;
  for (let index = 0; index < width; index++) if (typeof values[index] !== 'number') return undefined;
  return values as number[];
}

function readRow(state: ParseState, rows: ColumnStore, line: string, lineNumber: number): void {
  const columns = state.columnNames!;
  const fast = fastRow(line, columns.length);
  if (fast !== undefined) {
    rows.nextRow().set(fast);
    return;
  }
  const cells = line.split(',');
  if (cells.length === columns.length + 1 && cells[cells.length - 1]!.trim() === '') cells.pop();
  if (cells.length !== columns.length) {
    throw new Error(`readStanCsv: ${state.source} line ${lineNumber} has ${cells.length} values, but the header has ${columns.length} columns`);
  }
  const row = rows.nextRow();
  for (let index = 0; index < cells.length; index++) {
    const value = parseCsvNumber(cells[index]!);
    if (value !== value && !/^\s*(nan|na)\s*$/i.test(cells[index]!)) {
      throw new Error(`readStanCsv: ${state.source} line ${lineNumber}, column ${columns[index]}: '${cells[index]}' is not a number`);
    }
    row[index] = value;
  }
}

/** Reads one line (without its newline) of the file. */
function readLine(state: ParseState, rawLine: string, lineNumber: number): void {
  const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
  if (line.startsWith('#')) {
    const body = line.slice(1).replace(/^ /, '');
    if (state.columnNames === undefined) readConfigLine(state, body);
    else readBodyComment(state, body);
  } else if (line.trim() !== '') {
    if (state.rows === undefined) readHeaderRow(state, line);
    else readRow(state, state.rows, line, lineNumber);
  }
}

function newState(source: string): ParseState {
  return {
    source,
    config: new Map(),
    sectionStack: [],
    columnNames: undefined,
    rows: undefined,
    stepSize: undefined,
    metricKind: 'unknown',
    metricRows: [],
    readingMetric: false,
    timing: [],
    transitions: {},
    rowsBeforeAdaptation: undefined,
  };
}

const count = (value: unknown): number => (typeof value === 'number' ? value : 0);

function completeCounts(counts: ParseState['transitions']): StanCsvTransitionCounts | undefined {
  if (counts.nonFiniteSampling === undefined) return undefined;
  return {
    divergentWarmup: count(counts.divergentWarmup),
    divergentSampling: count(counts.divergentSampling),
    nonFiniteWarmup: count(counts.nonFiniteWarmup),
    nonFiniteSampling: count(counts.nonFiniteSampling),
    nonFiniteDraws: Array.isArray(counts.nonFiniteDraws) ? (counts.nonFiniteDraws as number[]) : [],
  };
}

function finish(state: ParseState, truncated: boolean): StanCsv {
  if (state.columnNames === undefined || state.rows === undefined) throw new Error(`readStanCsv: ${state.source} has no header row of column names`);
  const draws = state.rows.columns();
  const adaptation = state.stepSize === undefined ? undefined : { stepSize: state.stepSize, inverseMetric: state.metricRows, metricKind: state.metricKind };
  const [warmupSeconds, samplingSeconds, totalSeconds] = state.timing;
  const timing = totalSeconds === undefined || warmupSeconds === undefined || samplingSeconds === undefined ? undefined : { warmupSeconds, samplingSeconds, totalSeconds };
  const transitions = completeCounts(state.transitions);
  const before = state.rowsBeforeAdaptation === undefined ? {} : { rowsBeforeAdaptation: state.rowsBeforeAdaptation };
  return { source: state.source, config: state.config, columnNames: state.columnNames, draws, adaptation, timing, transitions, truncated, ...before };
}

/** A Stan CSV parsed line by line as its text arrives (a file read in chunks: read-stan-csv-file.ts). */
export interface StanCsvLineReader {
  /** One line, without its newline. */
  line(text: string): void;
  /** The parsed file; `truncated` when text was left after the last newline (an interrupted write). */
  finish(truncated: boolean): StanCsv;
}

export function stanCsvLineReader(source: string): StanCsvLineReader {
  const state = newState(source);
  let lineNumber = 0;
  return { line: (text) => readLine(state, text, ++lineNumber), finish: (truncated) => finish(state, truncated) };
}

/** Parses the text of a Stan CSV file; `source` names it in errors. */
export function parseStanCsv(text: string, source = 'CSV text'): StanCsv {
  const reader = stanCsvLineReader(source);
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
    reader.line(text.slice(start, end));
    start = end + 1;
  }
  // Every complete line ends with '\n', so text is left over only if a write was interrupted.
  return reader.finish(start < text.length);
}
