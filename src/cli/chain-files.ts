import { join } from 'node:path';
import { appendCsvRow, appendCsvText, closeCsvStream, type CsvStream, openCsvStream, replaceFile } from '../io/csv-stream.js';
import { provisionalAdaptationBlock, type CsvRunInfo, sampleCsvHeader, sampleCsvPieces } from '../io/sample-csv.js';
import { chainIdAt, type DrawEvent } from '../samplers/run/chain.js';
import type { Fit, SampleConfig } from '../samplers/run/fit.js';

/**
 * The per-chain CSV files of a `sample` run. Each file gets its header before sampling
 * starts and every draw as it arrives, so that an interrupted run leaves readable files;
 * when the run finishes, each file is replaced by its complete version, which adds the
 * adapted metric (known only at the end of a chain), the timing footer and the counts of
 * divergent and non-finite transitions. Saved warm-up draws (--save-warmup) come before the
 * adaptation block, as in CmdStan's files. Files are named by chain id (chain_5.csv for the
 * first chain of a run with --chain-ids 5-8). The folder is claimed first (output-directory.ts):
 * the streams are created exclusively and never truncate an existing file.
 */

/** The file of the chain with 0-based id `chainId`. */
export const chainFileName = (chainId: number): string => `chain_${chainId + 1}.csv`;

/** The files of the chains of a run, in order. */
export function chainFileNames(config: Pick<SampleConfig, 'chains' | 'firstChainId'>): string[] {
  return Array.from({ length: config.chains }, (_, position) => chainFileName(chainIdAt(config, position)));
}

export interface ChainFiles {
  readonly directory: string;
  readonly runs: readonly CsvRunInfo[];
  readonly streams: readonly CsvStream[];
  /** Whether a chain's first draw (and so its provisional adaptation block) was written. */
  readonly started: boolean[];
}

export function openChainFiles(
  directory: string,
  run: Omit<CsvRunInfo, 'outputFile'>,
  config: SampleConfig,
  outputNames: readonly string[],
): ChainFiles {
  const runs = chainFileNames(config).map((outputFile) => ({ ...run, outputFile }));
  const streams = runs.map((chainRun, position) => openCsvStream(join(directory, chainRun.outputFile), sampleCsvHeader(chainRun, config, chainIdAt(config, position), outputNames)));
  return { directory, runs, streams, started: runs.map(() => false) };
}

export function writeDraw(files: ChainFiles, event: DrawEvent): void {
  const stream = files.streams[event.chain]!;
  const sigFigs = files.runs[event.chain]!.sigFigs;
  if (event.phase !== 'warmup' && !files.started[event.chain]) {
    // stepsize__ (the third column) is the adapted step size, the same on every draw.
    appendCsvText(stream, provisionalAdaptationBlock(event.values[2]!));
    files.started[event.chain] = true;
  }
  appendCsvRow(stream, event.values, sigFigs);
}

export function closeChainFiles(files: ChainFiles): void {
  for (const stream of files.streams) closeCsvStream(stream);
}

/** Closes the streams and writes each chain's complete file; returns the paths. */
export function finishChainFiles(files: ChainFiles, fit: Fit): string[] {
  closeChainFiles(files);
  return files.runs.map((run, chain) => {
    const path = join(files.directory, run.outputFile);
    replaceFile(path, sampleCsvPieces(run, fit, chain));
    return path;
  });
}
