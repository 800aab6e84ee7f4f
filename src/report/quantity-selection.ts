import type { QuantitySummary } from '../samplers/diagnostics/summary-table.js';
import type { SummaryWarning } from '../samplers/run/summary.js';

/**
 * Which quantities the printed summary and the report show. A model with 10,000 parameters
 * has a summary.csv of 10,000 rows, but a page or a terminal of them helps no one: by
 * default a large model shows lp__, its scalars, the first elements of each array and the
 * quantities that warnings name (as ArviZ's `var_names` and CmdStanPy's `summary(...)`
 * subsets do, but chosen for the user). `--vars` chooses explicitly, in Stan's names:
 * `mu,tau,theta[1:3],L[2,:]` — a bare name takes every element, an index is a number, a
 * range `a:b` (either end may be left open) or empty for all.
 */

export interface QuantitySelection {
  /** Names shown, in order. */
  readonly names: readonly string[];
  /** How many quantities there are in all. */
  readonly total: number;
  /** Said with the table when not all quantities are shown. */
  readonly note?: string;
}

/** Up to this many quantities, all are shown by default. */
export const SHOW_ALL_UP_TO = 60;
/** Elements shown of each array by default. */
const FIRST_ELEMENTS = 5;
/** Quantities named by warnings added by default. */
const WARNED = 20;

interface IndexRange {
  readonly from: number;
  readonly to: number;
}

interface VariablePattern {
  readonly text: string;
  readonly base: string;
  /** undefined: every element; otherwise one range per index. */
  readonly indices?: readonly IndexRange[];
}

interface ParsedName {
  readonly name: string;
  readonly base: string;
  readonly indices: readonly number[];
}

const NAME = /^([^[\]]+?)(?:\[([^[\]]*)\])?$/;

function parseName(name: string): ParsedName {
  const match = NAME.exec(name);
  if (match === null || match[2] === undefined) return { name, base: name, indices: [] };
  return { name, base: match[1]!, indices: match[2].split(',').map((index) => Number(index.trim())) };
}

function parseRange(text: string, item: string): IndexRange {
  const bound = (part: string, open: number): number => {
    if (part.trim() === '') return open;
    if (!/^\s*\d+\s*$/.test(part)) throw new Error(`--vars: '${item}' has index '${text}', but an index must be a number, a range a:b or empty`);
    return Number(part);
  };
  const colon = text.indexOf(':');
  if (colon < 0) {
    const value = bound(text, NaN);
    return Number.isNaN(value) ? { from: 1, to: Infinity } : { from: value, to: value };
  }
  return { from: bound(text.slice(0, colon), 1), to: bound(text.slice(colon + 1), Infinity) };
}

/** Splits `mu,theta[1:3],L[1,2]` at the commas outside brackets. */
function splitItems(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index <= text.length; index++) {
    const character = text[index];
    if (character === '[') depth += 1;
    else if (character === ']') depth -= 1;
    if (index === text.length || (character === ',' && depth === 0)) {
      items.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  return items;
}

/** Parses the --vars text; errors name the item. */
export function parseVariablePatterns(text: string): VariablePattern[] {
  return splitItems(text).map((item) => {
    if (item === '') throw new Error(`--vars: '${text}' has an empty item; list names separated by commas, e.g. mu,theta[1:3]`);
    const match = /^([^[\]]+)(?:\[([^[\]]*)\])?$/.exec(item);
    if (match === null) throw new Error(`--vars: '${item}' is not a name or name[indices] (e.g. theta[1:3])`);
    const base = match[1]!.trim();
    return match[2] === undefined ? { text: item, base } : { text: item, base, indices: match[2].split(',').map((part) => parseRange(part, item)) };
  });
}

function matches(pattern: VariablePattern, parsed: ParsedName): boolean {
  if (pattern.indices === undefined) return true;
  if (pattern.indices.length !== parsed.indices.length) return false;
  return pattern.indices.every((range, position) => parsed.indices[position]! >= range.from && parsed.indices[position]! <= range.to);
}

/**
 * The quantities `--vars` names, in the order given (each once). Throws, naming the item, for
 * an item that matches nothing; `suggest` proposes a close name.
 */
export function selectByPatterns(names: readonly string[], text: string, suggest: (name: string, candidates: readonly string[]) => string | undefined): string[] {
  const byBase = new Map<string, ParsedName[]>();
  for (const name of names) {
    const parsed = parseName(name);
    const list = byBase.get(parsed.base);
    if (list === undefined) byBase.set(parsed.base, [parsed]);
    else list.push(parsed);
  }
  const chosen = new Set<string>();
  for (const pattern of parseVariablePatterns(text)) {
    const found = (byBase.get(pattern.base) ?? []).filter((parsed) => matches(pattern, parsed));
    if (found.length === 0) {
      const known = byBase.has(pattern.base);
      const suggestion = known ? undefined : suggest(pattern.base, [...byBase.keys()]);
      const hint = known ? `; '${pattern.base}' has indices ${byBase.get(pattern.base)![0]!.name} to ${byBase.get(pattern.base)!.at(-1)!.name}` : suggestion === undefined ? '' : `; did you mean '${suggestion}'?`;
      throw new Error(`--vars: '${pattern.text}' matches no quantity${hint}`);
    }
    for (const parsed of found) chosen.add(parsed.name);
  }
  return [...chosen];
}

/**
 * The default: everything for a small model; otherwise lp__, scalars, the first elements
 * of each array and up to 20 quantities that R-hat or ESS warnings name, in summary order.
 */
export function defaultSelection(rows: readonly QuantitySummary[], warnings: readonly SummaryWarning[]): QuantitySelection {
  const total = rows.length;
  if (total <= SHOW_ALL_UP_TO) return { names: rows.map((row) => row.name), total };
  const shownPerBase = new Map<string, number>();
  const chosen = new Set<string>();
  for (const row of rows) {
    const { base } = parseName(row.name);
    const shown = shownPerBase.get(base) ?? 0;
    if (shown < FIRST_ELEMENTS) {
      chosen.add(row.name);
      shownPerBase.set(base, shown + 1);
    }
  }
  const warned = new Set(warnings.filter((warning) => warning.kind === 'rhat' || warning.kind === 'ess-bulk' || warning.kind === 'ess-tail').flatMap((warning) => warning.quantities ?? []));
  let added = 0;
  for (const row of rows) {
    if (added >= WARNED) break;
    if (warned.has(row.name) && !chosen.has(row.name)) {
      chosen.add(row.name);
      added += 1;
    }
  }
  const names = rows.map((row) => row.name).filter((name) => chosen.has(name));
  const warnedText = warned.size > 0 ? `, and ${added === warned.size ? 'the' : `${added} of the ${warned.size}`} quantities with warnings` : '';
  return {
    names,
    total,
    note: `Showing ${names.length} of ${total} quantities: scalars, the first ${FIRST_ELEMENTS} elements of each array${warnedText}. summary.csv holds them all; --vars chooses others (e.g. --vars theta[1:10]).`,
  };
}

/** The selection of `--vars` text, or the default when it is undefined. */
export function chooseQuantities(
  rows: readonly QuantitySummary[],
  warnings: readonly SummaryWarning[],
  vars: string | undefined,
  suggest: (name: string, candidates: readonly string[]) => string | undefined,
): QuantitySelection {
  if (vars === undefined) return defaultSelection(rows, warnings);
  const names = selectByPatterns(rows.map((row) => row.name), vars, suggest);
  return { names, total: rows.length, note: names.length < rows.length ? `Showing the ${names.length} of ${rows.length} quantities chosen by --vars; summary.csv holds them all.` : undefined };
}
