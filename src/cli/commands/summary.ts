import { existsSync } from 'node:fs';
import { configValue } from '../../io/read-stan-csv.js';
import { summary } from '../../samplers/run/summary.js';
import { parseCommandLine } from '../arguments.js';
import { CliError } from '../cli-error.js';
import { claimOutputDirectory } from '../output-directory.js';
import { readSavedRun, type SavedRun } from '../read-run.js';
import { dataDigest } from '../data-digest.js';
import { readJsonFile } from '../json-file.js';
import { runSettings } from '../run-settings.js';
import { selectQuantities, summaryTextOf, writeFitOutputs } from '../write-outputs.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { summaryCommand } from './specs.js';

/**
 * `leapfrog summary <dir>...`: the summary of saved output, computed again from the CSV files
 * (chain_1.csv, ... or the draws of an approximation), so it works on the output of an
 * interrupted run and on files copied elsewhere. Several folders holding chains of one run
 * (--chain-ids on several machines) are merged into one fit, after checking that they come
 * from the same model, data and settings. `--report` also writes report.html from them: into
 * the run's folder, or, for merged folders, into --out.
 */

/**
 * The run's data for the report's posterior predictive check: the data file named in the
 * header, read again when it is still there and hashes to the header's data.sha256 (the
 * same data the run used); otherwise none, and the report leaves the check out.
 */
function savedData(run: SavedRun): unknown {
  const recorded = configValue({ config: run.header }, 'sha256');
  if (run.dataFile === undefined || recorded === undefined || !existsSync(run.dataFile)) return undefined;
  try {
    const data = readJsonFile(run.dataFile, 'data file');
    return dataDigest(data) === recorded ? data : undefined;
  } catch {
    return undefined;
  }
}

function titleOf(model: string, fit: { readonly approximation?: string; readonly config: { readonly method: string } }): string {
  return `${model}: ${fit.approximation ?? `${fit.config.method} posterior`}`;
}

export async function runSummary(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(summaryCommand, argv);
  if (printHelpIfAsked(summaryCommand, parsed)) return { exitCode: 0 };
  const directories = parsed.positionals;
  const { options } = parsed;
  if (options.out !== undefined && options.report !== true) throw new CliError('leapfrog summary: --out says where --report writes; give --report too', 2);
  const run = readSavedRun(directories);
  const { fit, notes } = run;
  if (options.report === true) {
    let directory = directories[0]!;
    let note: string | undefined;
    if (directories.length > 1 || options.out !== undefined) {
      if (options.out === undefined) throw new CliError('leapfrog summary: the report of several folders merged goes into a folder of its own; give --out <dir>', 2);
      ({ directory, note } = claimOutputDirectory({ requested: options.out, overwrite: options.overwrite === true, command: 'summary', files: ['summary.csv', 'report.html'] }));
    }
    const outputs = await writeFitOutputs({
      directory,
      fit,
      notes,
      title: titleOf(run.model, fit),
      settings: runSettings(fit, run.model, run.dataFile),
      writeSummaryCsv: directory !== directories[0],
      approximate: fit.approximation !== undefined,
      vars: options.vars,
      data: savedData(run),
    });
    const where = note === undefined ? '' : `\n${note}`;
    return { exitCode: 0, stdout: `${outputs.summaryText}\n\nWrote ${outputs.paths.join(', ')}${where}\n` };
  }
  const result = summary(fit);
  const selection = selectQuantities(result, options.vars);
  const merged = directories.length > 1 ? `Merged ${fit.chains.length} chains (ids ${fit.chains.map((chain) => chain.chain + 1).join(', ')}) from ${directories.join(', ')}.\n` : '';
  const noteText = notes.map((line) => `\nNote: ${line}`).join('');
  return { exitCode: 0, stdout: `${merged}${summaryTextOf(result, selection)}${noteText}\n` };
}
