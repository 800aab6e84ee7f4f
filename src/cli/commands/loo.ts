import { compareModels } from '../../loo/compare.js';
import { loo, type LooResult } from '../../loo/loo.js';
import { alignColumns } from '../../loo/loo-text.js';
import { paretoKCategory } from '../../samplers/diagnostics/pareto-k.js';
import { parseCommandLine } from '../arguments.js';
import { CliError } from '../cli-error.js';
import { readSavedRun } from '../read-run.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { looCommand } from './specs.js';

/**
 * `leapfrog loo <dir>...`: approximate leave-one-out cross-validation by PSIS (Vehtari, Gelman
 * & Gabry 2017) from the `log_lik` generated quantity of a saved run, printed as the R
 * package loo prints it (elpd_loo, p_loo, looic with their SEs, the Pareto k table and its
 * warnings). Given several runs, one per model fitted to the same data, it ranks them as
 * loo_compare does: elpd differences from the best model and their standard errors. A run
 * split over folders (--chain-ids) is given as one argument with its folders joined by
 * commas. A model without log_lik can get one without sampling again: `leapfrog generate`.
 */

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function looOf(argument: string, variable: string | undefined): { name: string; result: LooResult } {
  const run = readSavedRun(argument.split(',').filter((folder) => folder !== ''));
  try {
    return { name: run.model, result: loo(run.fit, { ...(variable === undefined ? {} : { variable }), name: run.model }) };
  } catch (error) {
    const hint = /has no quantity/.test(errorText(error)) ? " ('leapfrog generate <model> --fit <dir>' adds a log_lik to saved draws)" : '';
    throw new CliError(`leapfrog loo: ${argument}: ${errorText(error).replace(/^loo\([^)]*\): /, '')}${hint}`);
  }
}

/** Each observation's estimates and Pareto k, with its category. */
function pointwiseTable(result: LooResult): string {
  const { pointwise } = result;
  const rows = pointwise.names.map((name, i) => [
    name,
    pointwise.elpdLoo[i]!.toFixed(2),
    pointwise.pLoo[i]!.toFixed(2),
    pointwise.paretoK[i]!.toFixed(2),
    paretoKCategory(pointwise.paretoK[i]!, result.draws).replace('-', ' '),
  ]);
  return alignColumns([['observation', 'elpd_loo', 'p_loo', 'Pareto k', ''], ...rows]);
}

/** Unique display names: the model's, else its folder's. */
function uniqueNames(entries: readonly { name: string; argument: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1);
  return entries.map((entry) => (counts.get(entry.name)! > 1 ? entry.argument : entry.name));
}

export async function runLoo(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(looCommand, argv);
  if (printHelpIfAsked(looCommand, parsed)) return { exitCode: 0 };
  const { options } = parsed;
  const entries = parsed.positionals.map((argument) => ({ argument, ...looOf(argument, options.variable) }));
  if (entries.length === 1) {
    const { result } = entries[0]!;
    const table = options.pointwise === true ? `\n\n${pointwiseTable(result)}` : '';
    return { exitCode: 0, stdout: `${result.text}${table}\n` };
  }
  const names = uniqueNames(entries);
  const results = Object.fromEntries(entries.map((entry, i) => [names[i]!, { ...entry.result, name: names[i]! }]));
  let comparison;
  try {
    comparison = compareModels(results);
  } catch (error) {
    throw new CliError(`leapfrog loo: ${errorText(error).replace(/^compareModels: /, '')}`);
  }
  const each = entries.map((entry, i) => `${names[i]} (${entry.argument}): elpd_loo ${entry.result.elpdLoo.estimate.toFixed(1)} (SE ${entry.result.elpdLoo.se.toFixed(1)}), ${entry.result.warnings.length === 0 ? 'all Pareto k good' : entry.result.warnings[0]}`);
  const pointwise = options.pointwise === true ? entries.map((entry, i) => `\n\n${names[i]}:\n${pointwiseTable(entry.result)}`).join('') : '';
  return { exitCode: 0, stdout: `Model comparison by PSIS-LOO (best first):\n\n${comparison.text}\n\n${each.join('\n')}${pointwise}\n` };
}
