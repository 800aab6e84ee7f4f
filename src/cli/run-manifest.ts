import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFile } from '../io/csv-stream.js';
import { CliError } from './cli-error.js';

/**
 * The run manifest, leapfrog-run.json: written into an output folder before any other file
 * of a run, it lists the files that run writes. It is how leapfrog knows which files it
 * created, and so which it may replace (`--overwrite`, `summary --report`): never a file it
 * does not list. Only plain names of leapfrog's outputs are honoured, whatever a manifest
 * holds, so an edited manifest cannot point outside its folder.
 */

export const MANIFEST = 'leapfrog-run.json';

/** The names of leapfrog's output files (and their temporaries): what marks an earlier run. */
export const OUTPUT_FILE = /^(chain_\d+\.csv|variational\.csv|summary\.csv|report\.html|leapfrog-run\.json)(\.partial)?$/;

export interface RunManifest {
  readonly writer: 'leapfrog';
  readonly command: 'sample' | 'vi' | 'summary';
  /** File names in the folder, written by leapfrog. */
  readonly files: readonly string[];
}

export function manifestText(manifest: RunManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The folder's manifest, or undefined when it has none (or none leapfrog can read). */
export function readManifest(directory: string): RunManifest | undefined {
  const path = join(directory, MANIFEST);
  if (!existsSync(path)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || (parsed as { writer?: unknown }).writer !== 'leapfrog') return undefined;
    const files = (parsed as { files?: unknown }).files;
    const command = (parsed as { command?: unknown }).command;
    return {
      writer: 'leapfrog',
      command: command === 'vi' || command === 'summary' ? command : 'sample',
      files: Array.isArray(files) ? files.filter((name): name is string => typeof name === 'string' && OUTPUT_FILE.test(name) && name !== MANIFEST) : [],
    };
  } catch {
    return undefined;
  }
}

/**
 * Whether leapfrog may write `name` into `directory`: the file does not exist, or the
 * folder's manifest says leapfrog wrote it.
 */
export function mayWrite(directory: string, name: string): boolean {
  if (!existsSync(join(directory, name))) return true;
  return readManifest(directory)?.files.includes(name) === true;
}

/** Adds `name` to the folder's manifest (creating one if needed), before the file is written. */
export function recordFile(directory: string, name: string): void {
  const existing = readManifest(directory);
  if (existing === undefined && existsSync(join(directory, MANIFEST))) {
    throw new CliError(`'${join(directory, MANIFEST)}' is not a leapfrog run manifest, and leapfrog does not replace it; move it away`);
  }
  const manifest = existing ?? { writer: 'leapfrog', command: 'summary', files: [] };
  if (manifest.files.includes(name)) return;
  replaceFile(join(directory, MANIFEST), manifestText({ ...manifest, files: [...manifest.files, name] }));
}
