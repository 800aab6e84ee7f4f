import { readFileSync, statSync } from 'node:fs';
import { CliError } from './cli-error.js';
import { findJsonSyntaxError } from './json-syntax.js';

/**
 * Reads a JSON file the user named (a model spec or data), turning every failure into one
 * line that names the file and, for a syntax error, the line and column: the place, what was
 * expected, and what was found.
 */

/**
 * Bounds on what is read, so that nothing too big or too deep goes further: V8 cannot hold
 * a string over 2^29 - 24 characters, and structured cloning (posting data to worker
 * threads) recurses and overflows the stack a few thousand levels down. Model data nest
 * 2 to 4 levels and specs about twice their statement nesting; 512 is far above both.
 */
export const MAX_JSON_BYTES = 512 * 1024 * 1024;
export const MAX_JSON_DEPTH = 512;

/** Throws a CliError unless `path` is a readable file; `what` says what it should hold. */
export function requireFile(path: string, what: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new CliError(`${what} '${path}' does not exist`);
  }
  if (!isFile) throw new CliError(`${what} '${path}' is a directory, but must be a file`);
}

/** Steps of a path spelt out in a message: enough to find the place. */
const SHOWN_STEPS = 6;

/** Where (`a.b[0][1]…`) `value` nests deeper than `limit`, walked without recursion; undefined if nowhere. */
export function tooDeepAt(value: unknown, limit: number): string | undefined {
  const stack: { item: unknown; depth: number; path: string }[] = [{ item: value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { item, depth, path } = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return path === '' ? '(the top level)' : `${path}${depth > SHOWN_STEPS ? '…' : ''}`;
    const step = (key: string | number): string => (depth >= SHOWN_STEPS ? path : typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);
    const push = (key: string | number, child: unknown): void => {
      if (child !== null && typeof child === 'object') stack.push({ item: child, depth: depth + 1, path: step(key) });
    };
    if (Array.isArray(item)) for (let k = 0; k < item.length; k++) push(k, item[k]);
    else for (const key of Object.keys(item)) push(key, (item as Record<string, unknown>)[key]);
  }
  return undefined;
}

export function parseJsonText(text: string, source: string): unknown {
  let value: unknown;
  try {
    // A UTF-8 byte-order mark is not JSON, but editors on Windows write one.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const syntax = findJsonSyntaxError(text.replace(/^\uFEFF/, ''), MAX_JSON_DEPTH);
    if (syntax === undefined) throw new CliError(`${source}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
    throw new CliError(`${source}:${syntax.line}:${syntax.column}: invalid JSON: ${syntax.message}`);
  }
  const deep = tooDeepAt(value, MAX_JSON_DEPTH);
  if (deep !== undefined) throw new CliError(`${source}: nests more than ${MAX_JSON_DEPTH} levels deep (under ${deep}); leapfrog reads JSON nested at most ${MAX_JSON_DEPTH} levels`);
  return value;
}

/** Reads and parses the JSON file at `path`; `what` names it in errors ("data file"). */
export function readJsonFile(path: string, what: string): unknown {
  requireFile(path, what);
  const bytes = statSync(path).size;
  if (bytes > MAX_JSON_BYTES) {
    throw new CliError(`${what} '${path}' is ${(bytes / 2 ** 20).toFixed(0)} MiB; leapfrog reads JSON files of at most ${MAX_JSON_BYTES / 2 ** 20} MiB`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`${what} '${path}' cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseJsonText(text, path);
}
