import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { type StanCsv, stanCsvLineReader } from './read-stan-csv.js';

/**
 * Reading a Stan CSV file (Node), a chunk at a time, through the parser of read-stan-csv.ts,
 * which takes text and imports no Node module, so that the browser entry can use it.
 */

const CHUNK_BYTES = 1 << 22;

/** Reads and parses a Stan CSV file, a chunk of `chunkBytes` at a time. */
export function readStanCsv(path: string, chunkBytes = CHUNK_BYTES): StanCsv {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new Error(`readStanCsv: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const reader = stanCsvLineReader(path);
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(chunkBytes);
    let pending = '';
    for (;;) {
      const bytes = readSync(fd, buffer, 0, chunkBytes, null);
      if (bytes === 0) break;
      const text = pending + decoder.write(buffer.subarray(0, bytes));
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        reader.line(text.slice(start, end));
        start = end + 1;
      }
      pending = text.slice(start);
    }
    pending += decoder.end();
    return reader.finish(pending.length > 0);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('readStanCsv:')) throw error;
    throw new Error(`readStanCsv: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    closeSync(fd);
  }
}
