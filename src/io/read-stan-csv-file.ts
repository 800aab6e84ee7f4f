import { readFileSync } from 'node:fs';
import { parseStanCsv, type StanCsv } from './read-stan-csv.js';

/**
 * Reading a Stan CSV file (Node). The parser (read-stan-csv.ts) takes text and imports no
 * Node module, so that the browser entry, which has no file system, can use it.
 */

/** Reads and parses a Stan CSV file. */
export function readStanCsv(path: string): StanCsv {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`readStanCsv: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseStanCsv(text, path);
}
