import { join } from 'node:path';
import { approximationCsvText } from '../io/approximation-csv.js';
import { replaceFile } from '../io/csv-stream.js';
import type { Fit } from '../samplers/run/fit.js';
import type { LoadedModel } from './load-model.js';
import { claimOutputDirectory } from './output-directory.js';
import type { RunManifest } from './run-manifest.js';
import { type FitOutputs, writeFitOutputs } from './write-outputs.js';

/**
 * What `pathfinder` and `laplace` (and `generate`, for draws of an approximation) leave in
 * their folder: the draws as an approximation CSV (readFit and `leapfrog summary` read it
 * back, with the Pareto k of the approximation check in its header), summary.csv and
 * report.html, whose checks of independent draws are the Pareto-k check, not R-hat and ESS.
 */

export interface ApproximationOutputRequest {
  readonly loaded: LoadedModel;
  readonly fit: Fit;
  readonly command: RunManifest['command'];
  /** The draws' file name (pathfinder.csv, laplace.csv). */
  readonly fileName: string;
  readonly out: string | undefined;
  readonly overwrite: boolean;
  readonly title: string;
  readonly settings: readonly (readonly [string, string])[];
  readonly vars?: string;
  readonly sigFigs?: number;
}

export interface ApproximationOutputs extends FitOutputs {
  /** Said when the folder is not the one asked for. */
  readonly note?: string;
}

export async function writeApproximationOutputs(request: ApproximationOutputRequest): Promise<ApproximationOutputs> {
  const { loaded, fit } = request;
  const { directory, note } = claimOutputDirectory({
    requested: request.out ?? join('out', `${loaded.slug}-${request.command}`),
    overwrite: request.overwrite,
    command: request.command,
    files: [request.fileName, 'summary.csv', 'report.html'],
  });
  if (note !== undefined) process.stderr.write(`${note}\n`);
  const csvPath = join(directory, request.fileName);
  const run = { model: loaded.name, dataFile: loaded.dataFile, startTime: new Date(), outputFile: request.fileName, ...(request.sigFigs === undefined ? {} : { sigFigs: request.sigFigs }) };
  replaceFile(csvPath, approximationCsvText(run, fit));
  const outputs = await writeFitOutputs({ directory, fit, title: request.title, settings: request.settings, approximate: true, vars: request.vars, model: loaded });
  return { summaryText: outputs.summaryText, paths: [csvPath, ...outputs.paths], ...(note === undefined ? {} : { note }) };
}
