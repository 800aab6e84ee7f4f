import { join } from 'node:path';
import { appendCsvRow, appendCsvText, closeCsvStream, type CsvStream, openCsvStream, replaceFile } from '../io/csv-stream.js';
import { provisionalAdaptationBlock, type CsvRunInfo, sampleCsvHeader, sampleCsvPieces } from '../io/sample-csv.js';
import type { DrawEvent } from '../samplers/run/chain.js';
import type { Fit, SampleConfig } from '../samplers/run/fit.js';

/**
 * The per-chain CSV files of a `sample` run. Each file gets its header before sampling
 * starts and every draw as it arrives, so that an interrupted run leaves readable files;
 * when the run finishes, each file is replaced by its complete version, which adds the
 * adapted metric (known only at the end of a chain), the timing footer and the counts of
 * divergent and non-finite transitions. The folder is claimed first (output-directory.ts):
 * the streams are created exclusively and never truncate an existing file.
 */

export const chainFileName = (chain: number): string => `chain_${chain + 1}.csv`;

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
  const runs = Array.from({ length: config.chains }, (_, chain) => ({ ...run, outputFile: chainFileName(chain) }));
  const streams = runs.map((chainRun, chain) => openCsvStream(join(directory, chainRun.outputFile), sampleCsvHeader(chainRun, config, chain, outputNames)));
  return { directory, runs, streams, started: runs.map(() => false) };
}

export function writeDraw(files: ChainFiles, event: DrawEvent): void {
  const stream = files.streams[event.chain]!;
  if (!files.started[event.chain]) {
    // stepsize__ (the third column) is the adapted step size, the same on every draw.
    appendCsvText(stream, provisionalAdaptationBlock(event.values[2]!));
    files.started[event.chain] = true;
  }
  appendCsvRow(stream, event.values);
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
