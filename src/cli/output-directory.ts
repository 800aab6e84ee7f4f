import { closeSync, type Stats, lstatSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { replaceFile } from '../io/csv-stream.js';
import { dirname, join, resolve } from 'node:path';
import { CliError } from './cli-error.js';
import { MANIFEST, OUTPUT_FILE, readManifest, type RunManifest, manifestText } from './run-manifest.js';

/**
 * Where a run writes, chosen so that leapfrog never loses an earlier result:
 *   - a folder that does not exist, or holds no leapfrog output, is used as it is (created
 *     one level at a time, so an impossible path fails at once with the system's reason);
 *   - a folder that holds an earlier run (a run manifest, or files named as leapfrog's
 *     outputs) is left alone, and the run writes to the first free sibling `<dir>-2`,
 *     `<dir>-3`, ..., saying so; `--overwrite` replaces the earlier run instead, deleting only
 *     the files the earlier run's manifest says leapfrog wrote, and refusing if a file this
 *     run would write is not one of them.
 * The manifest (run-manifest.ts) is written before any other file, so even the files of a
 * run killed at once are known to be leapfrog's.
 */

export interface OutputClaim {
  /** The folder the run writes to. */
  readonly directory: string;
  /** Said to the user when it is not the folder asked for. */
  readonly note?: string;
}

export interface OutputRequest {
  /** The folder asked for (--out, or the default out/<slug>). */
  readonly requested: string;
  /** Replace an earlier run in `requested` (--overwrite). */
  readonly overwrite: boolean;
  /** The command writing (recorded in the manifest). */
  readonly command: RunManifest['command'];
  /** The files the run will write, by name. */
  readonly files: readonly string[];
}

/** At most this many numbered siblings are tried before giving up. */
const MAX_SIBLINGS = 1000;

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function statOf(path: string, follow: boolean): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * mkdir -p, one level at a time: the nearest existing ancestor must be a folder, and each
 * missing level is made by a plain mkdir, which fails at once (Node's recursive mkdir spins
 * forever on /proc, where mkdir reports ENOENT for a parent that exists).
 */
export function makeDirectory(path: string): void {
  const missing: string[] = [];
  let current = resolve(path);
  try {
    for (;;) {
      const stat = statOf(current, true);
      if (stat !== undefined) {
        if (!stat.isDirectory()) throw new Error(`${current} is not a directory`);
        break;
      }
      missing.push(current);
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
    for (const directory of missing.reverse()) mkdirSync(directory);
  } catch (error) {
    throw new CliError(`cannot create the output directory '${path}': ${reason(error)}`);
  }
}

/** Whether the folder's entries include an earlier leapfrog run. */
function holdsEarlierRun(entries: readonly string[]): boolean {
  return entries.some((name) => OUTPUT_FILE.test(name));
}

/** Writes the manifest: created exclusively (claiming the folder), or replacing an earlier run's. */
function writeManifest(directory: string, manifest: RunManifest, exclusive: boolean): void {
  const path = join(directory, MANIFEST);
  if (!exclusive) {
    replaceFile(path, manifestText(manifest));
    return;
  }
  const fd = openSync(path, 'wx');
  try {
    writeSync(fd, manifestText(manifest));
  } finally {
    closeSync(fd);
  }
}

/** Claims an empty (or unrelated) folder by creating its manifest; false if another run got there first. */
function claim(directory: string, manifest: RunManifest): boolean {
  try {
    writeManifest(directory, manifest, true);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new CliError(`cannot write to the output directory '${directory}': ${reason(error)}`);
  }
}

/**
 * Deletes the earlier run's files in `directory` for --overwrite: only files its manifest
 * lists (and their temporaries). Refuses, deleting nothing, if a file named as leapfrog's
 * output is not listed: leapfrog does not know it wrote it.
 */
function clearEarlierRun(directory: string, entries: readonly string[]): void {
  const listed = new Set(readManifest(directory)?.files ?? []);
  const ours = entries.filter((name) => OUTPUT_FILE.test(name) && name !== MANIFEST && name !== `${MANIFEST}.partial`);
  const foreign = ours.filter((name) => !listed.has(name.replace(/\.partial$/, '')) || statOf(join(directory, name), false)?.isDirectory() === true);
  if (foreign.length > 0) {
    throw new CliError(
      `--overwrite replaces only files that leapfrog wrote, but no run manifest (${MANIFEST}) in '${directory}' lists ${foreign.map((name) => `'${name}'`).join(', ')}; ` +
        'move them away or choose another --out',
    );
  }
  try {
    for (const name of ours) rmSync(join(directory, name), { force: true });
  } catch (error) {
    throw new CliError(`cannot replace the earlier run in '${directory}': ${reason(error)}`);
  }
}

/** The first free `<dir>-k`, created and claimed. */
function claimSibling(requested: string, manifest: RunManifest): string {
  for (let index = 2; index <= MAX_SIBLINGS; index++) {
    const candidate = `${requested}-${index}`;
    const stat = statOf(candidate, false);
    if (stat === undefined) {
      try {
        mkdirSync(candidate);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw new CliError(`cannot create the output directory '${candidate}': ${reason(error)}`);
      }
    } else if (!stat.isDirectory() || readdirSync(candidate).length > 0) continue;
    if (claim(candidate, manifest)) return candidate;
  }
  throw new CliError(`'${requested}' and ${requested}-2 to ${requested}-${MAX_SIBLINGS} all hold earlier runs; give another --out, or --overwrite to replace '${requested}'`);
}

/** Chooses and prepares the folder a run writes to; see the file comment. */
export function claimOutputDirectory(request: OutputRequest): OutputClaim {
  // 'out/run/' names the folder out/run: its siblings are out/run-2, not out/run/-2.
  const requested = request.requested.length > 1 ? request.requested.replace(/(?<=.)[\\/]+$/, '') : request.requested;
  const manifest: RunManifest = { writer: 'leapfrog', command: request.command, files: [...request.files] };
  let stat: Stats | undefined;
  try {
    stat = statOf(requested, true);
  } catch (error) {
    throw new CliError(`cannot use the output directory '${requested}': ${reason(error)}`);
  }
  if (stat === undefined) {
    makeDirectory(requested);
    if (claim(requested, manifest)) return { directory: requested };
  } else if (!stat.isDirectory()) {
    throw new CliError(`the output directory '${requested}' exists and is not a directory; give another --out`);
  } else {
    const entries = readdirSync(requested);
    if (!holdsEarlierRun(entries)) {
      if (claim(requested, manifest)) return { directory: requested };
    } else if (request.overwrite) {
      clearEarlierRun(requested, entries);
      writeManifest(requested, manifest, false);
      return { directory: requested, note: `Replaced the earlier run in ${requested} (--overwrite).` };
    }
  }
  const directory = claimSibling(requested, manifest);
  return { directory, note: `${requested} holds an earlier run, which is kept; this run writes to ${directory} (--overwrite replaces the earlier run instead).` };
}
