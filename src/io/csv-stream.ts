import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
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

/**
 * Creates `path`, which must not exist (output folders are cleared or fresh, so an existing
 * file, or a link planted there, is a mistake to report, not a file to truncate), and writes
 * `header`.
 */
export function openCsvStream(path: string, header: string): CsvStream {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
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
 * Replaces `path` with `text` (one string, or pieces written one after another) through a
 * temporary file and a rename, so that a reader (or a kill) never sees a half-written file:
 * it finds the old contents or the new.
 */
export function replaceFile(path: string, text: string | Iterable<string>): void {
  const temporary = `${path}.partial`;
  // A leftover temporary (a killed run) is removed, and the new one created exclusively, so
  // that a link planted under its name is never followed.
  rmSync(temporary, { force: true });
  const fd = openSync(temporary, 'wx');
  try {
    if (typeof text === 'string') writeSync(fd, text);
    else for (const piece of text) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}
