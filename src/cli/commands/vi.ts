import { join } from 'node:path';
import { replaceFile } from '../../io/csv-stream.js';
import { variationalCsvText } from '../../io/variational-csv.js';
import { makeRng } from '../../random/rng.js';
import { formatSummaryTable } from '../../samplers/diagnostics/summary-table.js';
import { summary } from '../../samplers/run/summary.js';
import { advi, type AdviResult } from '../../vi/advi.js';
import { parseCommandLine } from '../arguments.js';
import { CliError } from '../cli-error.js';
import { type LoadedModel, loadCliModel } from '../load-model.js';
import { parseLimitsOption } from '../limits-option.js';
import { claimOutputDirectory } from '../output-directory.js';
import { checkVars, selectQuantities, writeFitOutputs } from '../write-outputs.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { viCommand } from './specs.js';

/**
 * `leapfrog vi <model>`: ADVI (Kucukelbir et al. 2017) with a mean-field or full-rank
 * Gaussian; writes variational.csv in CmdStan's variational format, summary.csv and
 * report.html, and prints the approximation's summary with ADVI's own warnings.
 */

function viSettings(result: AdviResult, loaded: LoadedModel): [string, string][] {
  const final = result.elboTrace.at(-1);
  return [
    ['model', loaded.name],
    ['data', loaded.dataFile ?? '(none)'],
    ['method', `ADVI, ${result.config.algorithm} Gaussian`],
    ['draws', String(result.config.draws)],
    ['seed', String(result.config.seed)],
    ['step-size scale eta', String(result.eta)],
    ['iterations', `${result.iterations} (${result.status})`],
    ['final ELBO', final === undefined ? '?' : final.elbo.toPrecision(6)],
    ['gradient evaluations', String(result.gradientEvaluations)],
    ['seconds', result.seconds.toFixed(2)],
  ];
}

export async function runVi(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(viCommand, argv);
  if (printHelpIfAsked(viCommand, parsed)) return { exitCode: 0 };
  const { options } = parsed;
  const loaded = await loadCliModel(parsed.positionals[0]!, options.data, parseLimitsOption('vi', options.limits));
  checkVars(options.vars, loaded.model.outputNames);
  let result: AdviResult;
  try {
    result = advi(loaded.model, { algorithm: options.method, draws: options.draws, seed: options.seed });
  } catch (error) {
    throw new CliError(`leapfrog vi: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const { directory, note } = claimOutputDirectory({
    requested: options.out ?? join('out', `${loaded.slug}-vi`),
    overwrite: options.overwrite === true,
    command: 'vi',
    files: ['variational.csv', 'summary.csv', 'report.html'],
  });
  if (note !== undefined) process.stderr.write(`${note}\n`);
  const csvPath = join(directory, 'variational.csv');
  // The mean row: the outputs at the approximation's mean (generated quantities from a stream of their own).
  const meanOutputs = loaded.model.outputs(result.approximation.mean, makeRng(result.config.seed, 2));
  const run = { model: loaded.name, dataFile: loaded.dataFile, startTime: new Date(), outputFile: 'variational.csv' };
  replaceFile(csvPath, variationalCsvText(run, result.config, result.eta, meanOutputs, result.fit));
  const outputs = await writeFitOutputs({
    directory,
    fit: result.fit,
    title: `${loaded.name}: ADVI (${result.config.algorithm}) approximation`,
    settings: viSettings(result, loaded),
    approximate: true,
    vars: options.vars,
  });
  const fitSummary = summary(result.fit);
  const selection = selectQuantities(fitSummary, options.vars);
  const shown = new Set(selection.names);
  const table = `${formatSummaryTable(fitSummary.rows.filter((row) => shown.has(row.name)))}${selection.note === undefined ? '' : `\n${selection.note}`}`;
  const status = `ADVI (${result.config.algorithm}) ${result.converged ? 'converged' : 'did not converge'} after ${result.iterations} iterations (eta ${result.eta}, ${result.seconds.toFixed(2)} s); ${result.config.draws} draws from the approximation.`;
  const warnings = result.warnings.length > 0 ? result.warnings.map((warning) => `Warning: ${warning}`).join('\n') : 'No problems detected by ADVI.';
  const where = note === undefined ? '' : `\n${note}`;
  return { exitCode: 0, stdout: `${status}\n\n${table}\n\n${warnings}\n\nWrote ${[csvPath, ...outputs.paths].join(', ')}${where}\n` };
}
