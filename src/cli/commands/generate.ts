import { basename, join } from 'node:path';
import { replaceFile } from '../../io/csv-stream.js';
import { sampleCsvPieces } from '../../io/sample-csv.js';
import type { ModelInstance } from '../../models/api/compile.js';
import type { Fit } from '../../samplers/run/fit.js';
import { generateQuantities } from '../../samplers/run/generate-quantities.js';
import { writeApproximationOutputs } from '../approximation-output.js';
import { parseCommandLine } from '../arguments.js';
import { chainFileName } from '../chain-files.js';
import { CliError } from '../cli-error.js';
import { dataDigest } from '../data-digest.js';
import { loadCliModel, type LoadedModel } from '../load-model.js';
import { parseLimitsOption } from '../limits-option.js';
import { claimOutputDirectory } from '../output-directory.js';
import { readSavedRun, type SavedRun } from '../read-run.js';
import { runSettings } from '../run-settings.js';
import { checkVars, writeFitOutputs } from '../write-outputs.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { generateCommand } from './specs.js';

/**
 * `leapfrog generate <model> --fit <dir>`: CmdStan's generate_quantities. The parameters of
 * every saved draw of a run (MCMC chains, or draws of an approximation) are read back into
 * `<model>`, which may differ from the sampled model in everything but its parameters (a
 * new posterior predictive quantity, a log_lik for `leapfrog loo`), and its outputs are
 * computed again; the result is written as a run of its own (same chain ids, sampler columns
 * kept), with summary.csv and report.html. Random generated quantities of chain c draw from
 * the run's generated-quantities stream of c (samplers/run/generate-quantities.ts): with the
 * run's seed and model, they come out as sampling wrote them.
 */

function generated(loaded: LoadedModel, run: SavedRun, seed: number | undefined): Fit {
  try {
    const fit = generateQuantities(loaded.model as ModelInstance, run.fit, seed === undefined ? {} : { seed });
    // Saved warm-up draws are not carried over: their quantities are not recomputed.
    return { ...fit, config: { ...fit.config, saveWarmup: false }, warmupDraws: undefined };
  } catch (error) {
    throw new CliError(`leapfrog generate: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
}

export async function runGenerate(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(generateCommand, argv);
  if (printHelpIfAsked(generateCommand, parsed)) return { exitCode: 0 };
  const { options } = parsed;
  if (options.fit === undefined) throw new CliError('leapfrog generate: --fit <dir> is needed: the output folder of the run whose draws are used', 2);
  const folders = options.fit.split(',').filter((folder) => folder !== '');
  const run = readSavedRun(folders);
  const loaded = await loadCliModel(parsed.positionals[0]!, options.data, parseLimitsOption('generate', options.limits));
  checkVars(options.vars, loaded.model.outputNames);
  const fit = generated(loaded, run, options.seed);
  const title = `${loaded.name}: generated quantities for the draws of ${folders.join(', ')}`;
  const settings: [string, string][] = [['draws from', `${folders.join(', ')} (${run.model})`], ...runSettings(fit, loaded.name, loaded.dataFile)];
  const sigFigs = options['sig-figs'] === undefined ? {} : { sigFigs: options['sig-figs'] };
  if (fit.approximation !== undefined) {
    const outputs = await writeApproximationOutputs({
      loaded, fit, command: 'generate', fileName: basename(run.files[0]!), out: options.out, overwrite: options.overwrite === true, title, settings, vars: options.vars, ...sigFigs,
    });
    return { exitCode: 0, stdout: `${outputs.summaryText}\n\nWrote ${outputs.paths.join(', ')}${outputs.note === undefined ? '' : `\n${outputs.note}`}\n` };
  }
  const names = fit.chains.map((record) => chainFileName(record.chain));
  const { directory, note } = claimOutputDirectory({
    requested: options.out ?? join('out', `${loaded.slug}-generated`),
    overwrite: options.overwrite === true,
    command: 'generate',
    files: [...names, 'summary.csv', 'report.html'],
  });
  if (note !== undefined) process.stderr.write(`${note}\n`);
  const startTime = new Date();
  const dataSha = dataDigest(loaded.data);
  const digest = dataSha === undefined ? {} : { dataDigest: dataSha };
  const chainPaths = names.map((name, position) => {
    const path = join(directory, name);
    replaceFile(path, sampleCsvPieces({ model: loaded.name, dataFile: loaded.dataFile, ...digest, startTime, outputFile: name, ...sigFigs }, fit, position));
    return path;
  });
  const outputs = await writeFitOutputs({ directory, fit, notes: run.notes, title, settings, vars: options.vars, model: loaded });
  return { exitCode: 0, stdout: `${outputs.summaryText}\n\nWrote ${[...chainPaths, ...outputs.paths].join(', ')}${note === undefined ? '' : `\n${note}`}\n` };
}
