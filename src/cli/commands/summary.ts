import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fitFromStanCsv, fitFromVariationalCsv } from '../../io/fit-from-csv.js';
import { configValue } from '../../io/read-stan-csv.js';
import { readStanCsv } from '../../io/read-stan-csv-file.js';
import { formatSummaryTable } from '../../samplers/diagnostics/summary-table.js';
import { summary } from '../../samplers/run/summary.js';
import { parseCommandLine } from '../arguments.js';
import { CliError } from '../cli-error.js';
import { runSettings } from '../run-settings.js';
import { readManifest } from '../run-manifest.js';
import { selectQuantities, summaryTextOf, writeFitOutputs } from '../write-outputs.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { summaryCommand } from './specs.js';

/**
 * `leapfrog summary <dir>`: the summary of saved output, computed again from the CSV files
 * (chain_1.csv, ... or variational.csv), so it works on the output of an interrupted run and
 * on files copied elsewhere. `--report` also rewrites report.html from them.
 */

const CHAIN_FILE = /^chain_(\d+)\.csv$/;

function chainFiles(directory: string): string[] {
  let names: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new CliError(`'${directory}' is a file, but summary needs the output directory of a run`);
    names = readdirSync(directory);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`output directory '${directory}' does not exist`);
  }
  // A sample run's manifest says which chain files belong to the run.
  const listed = (readManifest(directory)?.files ?? []).filter((name) => CHAIN_FILE.test(name));
  const chains = names
    .filter((name) => listed.length === 0 || listed.includes(name))
    .map((name) => CHAIN_FILE.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((match) => join(directory, match[0]));
  if (chains.length > 0) return chains;
  if (names.includes('variational.csv')) return [join(directory, 'variational.csv')];
  throw new CliError(`'${directory}' holds no chain_N.csv or variational.csv files; give the --out directory of a sample or vi run`);
}

export async function runSummary(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(summaryCommand, argv);
  if (printHelpIfAsked(summaryCommand, parsed)) return { exitCode: 0 };
  const directory = parsed.positionals[0]!;
  const files = chainFiles(directory).map((path) => {
    try {
      return readStanCsv(path);
    } catch (error) {
      throw new CliError(error instanceof Error ? error.message : String(error));
    }
  });
  const variational = configValue(files[0]!, 'method') === 'variational';
  let rebuilt;
  try {
    rebuilt = variational ? fitFromVariationalCsv(files[0]!) : fitFromStanCsv(files);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const { fit, notes } = rebuilt;
  const model = configValue(files[0]!, 'model') ?? 'model';
  const dataFile = configValue(files[0]!, 'file');
  if (parsed.options.report === true) {
    const outputs = await writeFitOutputs({ directory, fit, notes, title: `${model}: ${variational ? 'variational' : fit.config.method} posterior`, settings: runSettings(fit, model, dataFile === '' ? undefined : dataFile), writeSummaryCsv: false, vars: parsed.options.vars });
    return { exitCode: 0, stdout: `${outputs.summaryText}\n\nWrote ${outputs.paths.join(', ')}\n` };
  }
  const result = summary(fit);
  const selection = selectQuantities(result, parsed.options.vars);
  const shown = new Set(selection.names);
  const noteText = notes.map((note) => `\nNote: ${note}`).join('');
  // summary()'s header describes MCMC chains; draws from an approximation get their own.
  const text = variational
    ? `${fit.config.draws} draws from a variational approximation (${configValue(files[0]!, 'algorithm') ?? 'ADVI'}).\n\n${formatSummaryTable(result.rows.filter((row) => shown.has(row.name)))}${selection.note === undefined ? '' : `\n${selection.note}`}`
    : summaryTextOf(result, selection);
  return { exitCode: 0, stdout: `${text}${noteText}\n` };
}
