import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { approximationCheckOf, checkFromParetoK } from '../samplers/diagnostics/approximation-check.js';
import type { Fit } from '../samplers/run/fit.js';
import { APPROXIMATION_KEY, approximationCsvText, PARETO_K_DRAWS_KEY, PARETO_K_KEY } from './approximation-csv.js';
import { replaceFile } from './csv-stream.js';
import { fitFromStanCsv, fitFromVariationalCsv } from './fit-from-csv.js';
import { configValue, type StanCsv } from './read-stan-csv.js';
import { readStanCsv } from './read-stan-csv-file.js';
import { sampleCsvText } from './sample-csv.js';

/**
 * Fits that outlive the process: `writeFit` saves a fit as CmdStan writes runs (one
 * chain_<id>.csv per MCMC chain, or variational.csv for draws from an approximation), and
 * `readFit` reads such folders back — leapfrog's or CmdStan's — merging the chains of several
 * folders into one fit (chains of one run computed on different machines), after checking
 * that every file comes from the same model, data and settings.
 */

export interface WriteFitOptions {
  /** The model's name, recorded in the header (readFit refuses to merge different ones); default 'model'. */
  readonly model?: string;
  /** The data file, recorded as CmdStan's data.file. */
  readonly dataFile?: string;
  /** Replace leapfrog output files already in the folder; default false (refuse). */
  readonly overwrite?: boolean;
}

export interface ReadFit {
  readonly fit: Fit;
  /** What was approximated or truncated while reading, for the user. */
  readonly notes: readonly string[];
  /** The files read, in chain order. */
  readonly files: readonly string[];
  /** The configuration header of the first file (`model`, `data.file`, ...), as readStanCsv gives it. */
  readonly header: ReadonlyMap<string, string>;
}

const CHAIN_FILE = /^chain_(\d+)\.csv$/;
const VARIATIONAL_FILE = 'variational.csv';
/** Files of draws from an approximation: ADVI's (and writeFit's), Pathfinder's, Laplace's. */
export const APPROXIMATION_FILES = [VARIATIONAL_FILE, 'pathfinder.csv', 'laplace.csv'] as const;
/**
 * Header entries that may differ between the chains and processes of one run: which chain
 * and when, how many chains that process ran, and how its files were written (saved warm-up
 * draws, digits), none of which changes a chain's draws.
 */
const PER_PROCESS_KEYS = new Set(['id', 'start_datetime', 'output.file', 'output.sig_figs', 'leapfrog_version', 'method.sample.num_chains', 'method.sample.save_warmup']);

function outputFiles(directory: string): string[] {
  return readdirSync(directory).filter((name) => CHAIN_FILE.test(name) || name === VARIATIONAL_FILE);
}

/** Writes `fit` into `directory` (created if missing); returns the paths written. */
export function writeFit(fit: Fit, directory: string, options: WriteFitOptions = {}): string[] {
  mkdirSync(directory, { recursive: true });
  const existing = outputFiles(directory);
  if (existing.length > 0) {
    if (options.overwrite !== true) {
      throw new Error(`writeFit: ${directory} already holds ${existing.join(', ')}; write into an empty folder, or pass { overwrite: true } to replace them`);
    }
    for (const name of existing) rmSync(join(directory, name));
  }
  const run = { model: options.model ?? 'model', ...(options.dataFile === undefined ? {} : { dataFile: options.dataFile }), startTime: new Date() };
  if (fit.approximation !== undefined) {
    const path = join(directory, VARIATIONAL_FILE);
    replaceFile(path, approximationCsvText({ ...run, outputFile: VARIATIONAL_FILE }, fit));
    return [path];
  }
  return fit.chains.map((record, chain) => {
    const name = `chain_${record.chain + 1}.csv`;
    const path = join(directory, name);
    replaceFile(path, sampleCsvText({ ...run, outputFile: name }, fit, chain));
    return path;
  });
}

interface ChainFile {
  readonly csv: StanCsv;
  readonly directory: string;
  /** 1-based chain id from the header (else the file name). */
  readonly id: number;
}

/** Which of a folder's output files to read (e.g. those its run manifest lists); default all. */
export type FileSelection = (directory: string, name: string) => boolean;

function chainFilesOf(directory: string, select: FileSelection): ChainFile[] {
  if (!existsSync(directory)) throw new Error(`readFit: ${directory} does not exist`);
  return readdirSync(directory)
    .flatMap((name) => {
      const match = CHAIN_FILE.exec(name);
      if (match === null || !select(directory, name)) return [];
      const csv = readStanCsv(join(directory, name));
      const id = Number(configValue(csv, 'id') ?? match[1]);
      return [{ csv, directory, id: Number.isInteger(id) && id >= 1 ? id : Number(match[1]) }];
    })
    .sort((a, b) => a.id - b.id);
}

/** The first header entry (outside PER_PROCESS_KEYS) that differs, described; undefined when none. */
function settingDifference(first: ChainFile, other: ChainFile): string | undefined {
  const keys = new Set([...first.csv.config.keys(), ...other.csv.config.keys()]);
  for (const key of keys) {
    if (PER_PROCESS_KEYS.has(key)) continue;
    const a = first.csv.config.get(key);
    const b = other.csv.config.get(key);
    if (a !== b) return `${key} is ${b ?? '(missing)'} in ${other.csv.source} but ${a ?? '(missing)'} in ${first.csv.source}`;
  }
  if (first.csv.columnNames.join(',') !== other.csv.columnNames.join(',')) return `${other.csv.source} has other columns than ${first.csv.source}`;
  return undefined;
}

function checkOneRun(files: readonly ChainFile[]): void {
  const first = files[0]!;
  for (const file of files.slice(1)) {
    const difference = settingDifference(first, file);
    if (difference !== undefined) {
      throw new Error(
        `readFit: ${file.directory} and ${first.directory} hold chains of different runs: ${difference}. Merge only folders ` +
          'of one run (same model, data and settings, different chain ids).',
      );
    }
  }
  const seen = new Map<number, ChainFile>();
  for (const file of files) {
    const earlier = seen.get(file.id);
    if (earlier !== undefined) {
      throw new Error(
        `readFit: chain ${file.id} is in both ${earlier.csv.source} and ${file.csv.source}; with the same seed they are the ` +
          'same chain. Run the other machines with other chain ids.',
      );
    }
    seen.set(file.id, file);
  }
}

/** The label of ADVI's own variational.csv (CmdStan's or leapfrog's), from its algorithm entry. */
function adviLabel(algorithm: string | undefined): string {
  if (algorithm === 'meanfield') return 'ADVI (mean-field)';
  if (algorithm === 'fullrank') return 'ADVI (full-rank)';
  return 'variational approximation';
}

function readApproximation(directory: string, name: string): ReadFit {
  const path = join(directory, name);
  const csv = readStanCsv(path);
  const { fit, notes } = fitFromVariationalCsv(csv);
  const label = configValue(csv, APPROXIMATION_KEY) ?? adviLabel(configValue(csv, 'algorithm'));
  const k = Number(configValue(csv, PARETO_K_KEY));
  const checkDraws = Number(configValue(csv, PARETO_K_DRAWS_KEY));
  const count = Number.isInteger(checkDraws) && checkDraws > 0 ? checkDraws : (fit.draws[0]?.[0]?.length ?? 0);
  const read: Fit = { ...fit, approximation: label };
  // A recorded k is the check (made from more draws than were saved, or before resampling);
  // otherwise the saved draws give it, computed here as approximationFit does.
  if (configValue(csv, PARETO_K_KEY) !== undefined) return { fit: { ...read, approximationCheck: checkFromParetoK(k, count, label) }, notes, files: [path], header: csv.config };
  const ofDraws = approximationCheckOf(read);
  return { fit: ofDraws === undefined ? read : { ...read, approximationCheckOfDraws: ofDraws }, notes, files: [path], header: csv.config };
}

/**
 * Reads the fit saved in `directory`, or the chains of one run saved in several folders,
 * merged in chain-id order.
 */
export function readFit(directories: string | readonly string[]): ReadFit {
  return readFitFolders(typeof directories === 'string' ? [directories] : directories, () => true);
}

/** readFit of the files `select` picks in each folder. */
export function readFitFolders(directories: readonly string[], select: FileSelection): ReadFit {
  const list = [...directories];
  if (list.length === 0) throw new Error('readFit: no folder given');
  const perFolder = list.map((directory) => ({
    directory,
    chains: chainFilesOf(directory, select),
    approximations: APPROXIMATION_FILES.filter((name) => existsSync(join(directory, name)) && select(directory, name)),
  }));
  const empty = perFolder.filter((folder) => folder.chains.length === 0 && folder.approximations.length === 0).map((folder) => folder.directory);
  if (empty.length > 0) throw new Error(`readFit: ${empty.join(', ')} ${empty.length === 1 ? 'holds' : 'hold'} no chain_<id>.csv or ${APPROXIMATION_FILES.join(', ')}`);
  const approximations = perFolder.filter((folder) => folder.chains.length === 0);
  if (approximations.length > 0) {
    const folder = approximations[0]!;
    if (list.length > 1) throw new Error(`readFit: ${folder.directory} holds draws from an approximation, which cannot be merged with other folders; read it alone`);
    if (folder.approximations.length > 1) throw new Error(`readFit: ${folder.directory} holds ${folder.approximations.join(' and ')}; keep the draws of one approximation per folder`);
    return readApproximation(folder.directory, folder.approximations[0]!);
  }
  const files = perFolder.flatMap((folder) => folder.chains).sort((a, b) => a.id - b.id);
  checkOneRun(files);
  const { fit, notes } = fitFromStanCsv(files.map((file) => file.csv));
  // The records' chain numbers are the files' chain ids (0-based), not their positions;
  // files without draws (interrupted in warm-up) were left out.
  const kept = files.filter((file) => (file.csv.draws[0]?.length ?? 0) > 0);
  const chains = fit.chains.map((record, index) => ({ ...record, chain: kept[index]!.id - 1 }));
  return { fit: { ...fit, chains }, notes, files: files.map((file) => file.csv.source), header: files[0]!.csv.config };
}
