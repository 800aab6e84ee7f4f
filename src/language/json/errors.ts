import type { z } from 'zod';
import type { Span } from './ast.js';
import { STATEMENT_KEYS } from './schema-statements.js';

/** A problem in a spec or its data, at a JSON path: `model[2].args[0]: unknown name 'thta' …`. */
export interface SpecIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export class SpecError extends Error {
  constructor(readonly issues: readonly SpecIssue[]) {
    super(issues.length === 1 ? formatIssue(issues[0]!) : `${issues.length} problems in the model spec:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
    this.name = 'SpecError';
  }
}

/** `parameters.tau.lower`, `model[2].args[0]`, `data["a b"]` (a key that is not a name), or `(root)`. */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'symbol') out += `.${String(part)}`;
    else if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += `[${JSON.stringify(part)}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** Characters that print as nothing or break a line, written as \uXXXX in messages. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u00a0]/gu;

/** Text from a spec as it is quoted in a message: invisible characters made visible. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatIssue(issue: SpecIssue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** Longest expression quoted whole in a message; a longer one is quoted around the place. */
const QUOTED = 80;

/** The expression as quoted in a message: whole, or (when long) the part around `at`, with ellipses. */
export function quoteSource(source: string, at = 0): string {
  if (source.length <= QUOTED) return `"${visible(source)}"`;
  const start = Math.max(0, Math.min(at - QUOTED / 2, source.length - QUOTED));
  return `"${start > 0 ? '…' : ''}${visible(source.slice(start, start + QUOTED))}${start + QUOTED < source.length ? '…' : ''}" (${source.length} characters)`;
}

/** Points at a span of an expression: `in "mu + thta", at column 6 ('thta')`. */
export function atSpan(source: string, span: Span): string {
  const piece = visible(source.slice(span.start, Math.min(Math.max(span.end, span.start + 1), span.start + QUOTED)));
  const quoted = quoteSource(source, span.start);
  return span.start >= source.length ? `in ${quoted}, at its end (column ${span.start + 1})` : `in ${quoted}, at column ${span.start + 1} ('${piece}')`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The closest known name, if it is close enough to be a likely typo. */
export function nearest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    if (candidate === name) continue;
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

export function didYouMean(name: string, known: Iterable<string>): string {
  const suggestion = nearest(name, known);
  return suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
}

/** Every key the spec format uses somewhere, for suggestions on unknown keys. */
const KNOWN_KEYS = [
  '$schema', 'name', 'description', 'data', 'transformed_data', 'parameters', 'transformed_parameters', 'model', 'generated_quantities',
  'type', 'size', 'rows', 'cols', 'array', 'lower', 'upper', 'offset', 'multiplier', 'value', 'sample', 'distribution', 'args', 'censor',
  'target', 'declare', 'local', 'assign', 'op', 'for', 'from', 'to', 'in', 'body', 'while', 'if', 'then', 'else', 'block', 'print', 'reject',
  'fatal_error', 'break', 'continue', 'text', 'functions', 'returns', 'return', 'call',
];

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** A JSON value in words: `the number 2.5`, `a boolean`, `nothing`. */
function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

const EXPECTED_WORDS: Readonly<Record<string, string>> = {
  string: 'a string (an expression)',
  number: 'a number',
  int: 'an integer',
  array: 'an array',
  object: 'an object',
  record: 'an object of declarations by name',
  boolean: 'true or false',
};

type Issue = z.core.$ZodIssue;

/** Whether a union branch fails on the value's own kind (its JSON type, or its `type` tag): not the form meant. */
function isWrongForm(issue: Issue): boolean {
  return (issue.code === 'invalid_type' && issue.path.length === 0) || (issue.code === 'invalid_value' && issue.path.length === 1 && issue.path[0] === 'type');
}

/**
 * zod issues rendered at the boundary (STYLE.md rule 14): one line per problem with its
 * JSON path. A value that matches no form of a union is reported against the form it
 * was meant to be: a statement by its key (`for`, `sample`), an object by its `type`, a
 * number or string by its JSON type.
 */
export function issuesFromZod(error: z.core.$ZodError, input: unknown): SpecIssue[] {
  const out: SpecIssue[] = [];
  const push = (path: readonly PropertyKey[], message: string): void => {
    out.push({ path: path.filter((p): p is string | number => typeof p !== 'symbol'), message });
  };
  const visit = (issue: Issue, prefix: readonly PropertyKey[]): void => {
    const path = [...prefix, ...issue.path];
    const given = valueAt(input, path);
    if (issue.code === 'invalid_union' && issue.errors.length === 0) {
      push(path, discriminatorMessage(path, given, (issue as { options?: unknown[] }).options ?? []));
      return;
    }
    if (issue.code === 'invalid_union') {
      const branch = chooseBranch(issue.errors, given);
      if (branch === undefined) {
        push(path, noFormMessage(issue.errors, given));
        return;
      }
      for (const inner of branch) visit(inner, path);
      return;
    }
    if (issue.code === 'unrecognized_keys') {
      // One issue per key, at the key itself: the place to edit.
      const present = given !== null && typeof given === 'object' ? Object.keys(given) : [];
      for (const key of issue.keys) push([...path, key], `unknown key ${JSON.stringify(visible(key))}${didYouMean(key, KNOWN_KEYS.filter((known) => !present.includes(known)))}`);
      return;
    }
    push(path, messageOf(issue, path, given));
  };
  for (const issue of error.issues) visit(issue, []);
  return out;
}

function chooseBranch(branches: readonly (readonly Issue[])[], given: unknown): readonly Issue[] | undefined {
  if (given !== null && typeof given === 'object' && !Array.isArray(given) && branches.length === STATEMENT_KEYS.length) {
    const index = STATEMENT_KEYS.findIndex((k) => Object.hasOwn(given as object, k));
    if (index >= 0) return branches[index];
    if (branches.every((b) => b.some((i) => i.code === 'unrecognized_keys'))) return undefined;
  }
  const candidates = branches.filter((b) => !b.some(isWrongForm));
  if (candidates.length === 0) return undefined;
  return candidates.reduce((best, b) => (b.length < best.length ? b : best));
}

function noFormMessage(branches: readonly (readonly Issue[])[], given: unknown): string {
  if (given !== null && typeof given === 'object' && !Array.isArray(given) && branches.length === STATEMENT_KEYS.length) {
    const keys = Object.keys(given);
    const suggestion = keys.map((k) => nearest(k, STATEMENT_KEYS)).find((s) => s !== undefined);
    return `expected a statement: an object with one of the keys ${STATEMENT_KEYS.map((k) => `"${k}"`).join(', ')}${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`;
  }
  const expected = new Set<string>();
  for (const b of branches) for (const i of b) if (i.code === 'invalid_type' && i.path.length === 0) expected.add(i.expected);
  if (given === undefined && expected.size > 0) return `is required (${[...expected].map((e) => EXPECTED_WORDS[e] ?? e).join(' or ')})`;
  if (typeof given === 'number' && expected.has('int')) return `expected a whole number or an expression, got ${given}`;
  if (expected.size > 0) return `expected ${[...expected].map((e) => EXPECTED_WORDS[e] ?? e).join(' or ')}, got ${describeJson(given)}`;
  const types = new Set<string>();
  for (const b of branches) for (const i of b) if (i.code === 'invalid_value' && i.path[0] === 'type') for (const v of i.values) types.add(String(v));
  if (given !== null && typeof given === 'object' && types.size > 0) {
    const type = (given as { type?: unknown }).type;
    return `"type" is ${describeJson(type)}, but must be one of ${[...types].map((t) => `"${t}"`).join(', ')}${typeof type === 'string' ? didYouMean(type, types) : ''}`;
  }
  return `${describeJson(given)} does not match any of the allowed forms`;
}

function discriminatorMessage(path: readonly PropertyKey[], given: unknown, options: readonly unknown[]): string {
  const names = options.map(String);
  const block = path[0];
  if (block === 'parameters' && (given === 'int' || given === 'int_array')) {
    return (
      `parameters are continuous, so "${given}" cannot be a parameter type (HMC needs gradients). ` +
      'Declare a known integer in data, or marginalise a discrete unknown out of the model (sum over its values with log_sum_exp)'
    );
  }
  if (given === undefined) return `"type" is missing; it must be one of ${names.map((n) => `"${n}"`).join(', ')}`;
  const typeText = typeof given === 'string' ? `"${given}"` : describeJson(given);
  return `${typeText} is not a type allowed here; expected one of ${names.map((n) => `"${n}"`).join(', ')}${typeof given === 'string' ? didYouMean(given, names) : ''}`;
}

function messageOf(issue: Issue, path: readonly PropertyKey[], given: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (given === undefined) return `is required (${EXPECTED_WORDS[issue.expected] ?? issue.expected})`;
      return `expected ${EXPECTED_WORDS[issue.expected] ?? issue.expected}, got ${describeJson(given)}`;
    case 'invalid_value': {
      const options = issue.values.map(String);
      if (path[path.length - 1] === 'distribution' && typeof given === 'string') {
        const suggestion = nearest(given, options);
        return suggestion === undefined
          ? `unknown distribution "${given}"; known distributions: ${options.join(', ')}`
          : `unknown distribution "${given}" (did you mean '${suggestion}'?)`;
      }
      const givenText = typeof given === 'string' ? `"${given}"` : describeJson(given);
      return `${givenText} is not allowed; expected one of ${options.map((o) => `"${o}"`).join(', ')}${typeof given === 'string' ? didYouMean(given, options) : ''}`;
    }
    case 'too_small':
      if (issue.origin === 'number') return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}, got ${String(given)}`;
      return issue.message;
    case 'too_big':
      if (typeof given === 'number') return `is ${String(given)}, but must be at most ${String(issue.maximum)} (the largest whole number a JSON number holds exactly)`;
      return issue.message;
    case 'invalid_format':
      return typeof given === 'string' ? `"${given}": ${issue.message}` : issue.message;
    case 'invalid_key': {
      const key = path[path.length - 1];
      const reason = issue.issues[0]?.message ?? 'not a valid name';
      return `${JSON.stringify(visible(String(key)))} is not a valid name: ${reason}`;
    }
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}
