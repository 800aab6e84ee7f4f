import { statSync } from 'node:fs';
import { type ReadFit, readFitFolders } from '../io/fit-directory.js';
import { configValue } from '../io/read-stan-csv.js';
import { CliError } from './cli-error.js';
import { readManifest } from './run-manifest.js';

/**
 * The saved run in one output folder, or the chains of one run in several (run with
 * --chain-ids on different machines), read by readFit: the merge refuses folders of
 * different models, data or settings, and a chain id present twice. A folder's run manifest
 * says which of its files belong to the run; every failure is a one-line CliError.
 */

export interface SavedRun extends ReadFit {
  /** The model's name from the files' header. */
  readonly model: string;
  /** The data file recorded in the header, if any. */
  readonly dataFile?: string;
}

function requireDirectory(directory: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch {
    throw new CliError(`output directory '${directory}' does not exist`);
  }
  if (!isDirectory) throw new CliError(`'${directory}' is a file, but a run's output directory is needed`);
}

/** Whether `name` belongs to the run in `directory`: listed by its manifest, or any file when none lists output files. */
function listedByManifest(directory: string, name: string): boolean {
  const listed = readManifest(directory)?.files ?? [];
  return listed.length === 0 || listed.includes(name);
}

export function readSavedRun(directories: readonly string[]): SavedRun {
  for (const directory of directories) requireDirectory(directory);
  let read: ReadFit;
  try {
    read = readFitFolders(directories, listedByManifest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(message.replace(/^readFit: /, '').replace(/ or variational\.csv, pathfinder\.csv, laplace\.csv$/, ' or draws of an approximation (variational.csv, pathfinder.csv, laplace.csv); give the --out directory of a run'));
  }
  const header = { config: read.header };
  const dataFile = configValue(header, 'file');
  return { ...read, model: configValue(header, 'model') ?? 'model', ...(dataFile === undefined || dataFile === '' ? {} : { dataFile }) };
}
