import { closeSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { formatCsvRow } from './stan-csv-format.js';

/**
 * A CSV file written as draws arrive. Every row goes to the operating system with one
 * synchronous write, so a run killed at any moment leaves a file holding every completed
 * draw (at most the row being written is lost, and readers drop an unterminated last line).
 */
export interface CsvStream {
  readonly path: string;
  readonly fd: number;
}

/** Creates (or truncates) `path` and writes `header`. */
export function openCsvStream(path: string, header: string): CsvStream {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new Error(`openCsvStream: cannot create ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const stream = { path, fd };
  appendCsvText(stream, header);
  return stream;
}

export function appendCsvText(stream: CsvStream, text: string): void {
  writeSync(stream.fd, text);
}

export function appendCsvRow(stream: CsvStream, values: ArrayLike<number>): void {
  writeSync(stream.fd, formatCsvRow(values));
}

export function closeCsvStream(stream: CsvStream): void {
  closeSync(stream.fd);
}

/**
 * Replaces `path` with `text` through a temporary file and a rename, so that a reader (or a
 * kill) never sees a half-written file: it finds the old contents or the new.
 */
export function replaceFile(path: string, text: string): void {
  const temporary = `${path}.partial`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
