import { readFileSync, statSync } from 'node:fs';
import { CliError } from './cli-error.js';
import { findJsonSyntaxError } from './json-syntax.js';

/**
 * Reads a JSON file the user named (a model spec or data), turning every failure into one
 * line that names the file and, for a syntax error, the line and column: the place, what was
 * expected, and what was found.
 */

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

export function parseJsonText(text: string, source: string): unknown {
  try {
    // A UTF-8 byte-order mark is not JSON, but editors on Windows write one.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const syntax = findJsonSyntaxError(text.replace(/^\uFEFF/, ''));
    if (syntax === undefined) throw new CliError(`${source}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
    throw new CliError(`${source}:${syntax.line}:${syntax.column}: invalid JSON: ${syntax.message}`);
  }
}

/** Reads and parses the JSON file at `path`; `what` names it in errors ("data file"). */
export function readJsonFile(path: string, what: string): unknown {
  requireFile(path, what);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`${what} '${path}' cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseJsonText(text, path);
}
