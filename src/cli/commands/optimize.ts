import { join } from 'node:path';
import { replaceFile } from '../../io/csv-stream.js';
import { optimizeCsvText } from '../../io/optimize-csv.js';
import { alignColumns } from '../../loo/loo-text.js';
import { optimize, type OptimizeResult } from '../../optimize/optimize.js';
import { formatSignificant } from '../../samplers/diagnostics/summary-table.js';
import { parseCommandLine } from '../arguments.js';
import { CliError } from '../cli-error.js';
import { initialPositions, readInitialValues } from '../initial-values.js';
import { loadCliModel, type LoadedModel } from '../load-model.js';
import { parseLimitsOption } from '../limits-option.js';
import { claimOutputDirectory } from '../output-directory.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { optimizeCommand } from './specs.js';

/**
 * `leapfrog optimize <model>`: a posterior mode by L-BFGS (src/optimize), as CmdStan's
 * optimize: by default of the density without the Jacobian terms of the constraint
 * transforms (the mode on the constrained scale, a penalised maximum likelihood), with
 * --jacobian of the unconstrained posterior density (the centre of a Laplace approximation
 * there). Writes optimize.csv in CmdStan's layout and prints the estimates.
 */

/** Estimates printed; optimize.csv holds them all. */
const SHOWN = 60;

function estimatesTable(result: OptimizeResult): string {
  const rows = result.outputNames.slice(0, SHOWN).map((name, i) => [name, formatSignificant(result.outputs[i]!, 6)]);
  const more = result.outputNames.length > SHOWN ? `\n(the first ${SHOWN} of ${result.outputNames.length} quantities; optimize.csv holds them all)` : '';
  return `${alignColumns([['quantity', 'estimate'], ...rows])}${more}`;
}

/** The starting point from --init (the file's values for chain 1), or undefined for a random one. */
export function initialPointOf(loaded: LoadedModel, init: string | undefined, seed: number): Float64Array | undefined {
  if (init === undefined) return undefined;
  return initialPositions(loaded.model, readInitialValues(init), [0], seed)[0]!;
}

export async function runOptimize(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(optimizeCommand, argv);
  if (printHelpIfAsked(optimizeCommand, parsed)) return { exitCode: 0 };
  const { options } = parsed;
  const jacobian = options.jacobian === true;
  const loaded = await loadCliModel(parsed.positionals[0]!, options.data, parseLimitsOption('optimize', options.limits), { jacobian });
  const seed = options.seed ?? 0;
  const init = initialPointOf(loaded, options.init, seed);
  let result: OptimizeResult;
  try {
    result = optimize(loaded.model, { jacobian, seed, ...(options.iter === undefined ? {} : { maxIterations: options.iter }), ...(init === undefined ? {} : { init }) });
  } catch (error) {
    throw new CliError(`leapfrog optimize: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
  const { directory, note } = claimOutputDirectory({ requested: options.out ?? join('out', `${loaded.slug}-optimize`), overwrite: options.overwrite === true, command: 'optimize', files: ['optimize.csv'] });
  if (note !== undefined) process.stderr.write(`${note}\n`);
  const path = join(directory, 'optimize.csv');
  const run = { model: loaded.name, dataFile: loaded.dataFile, startTime: new Date(), outputFile: 'optimize.csv', ...(options['sig-figs'] === undefined ? {} : { sigFigs: options['sig-figs'] }) };
  replaceFile(path, optimizeCsvText(run, result, { iterations: options.iter ?? 2000, initRadius: 2, seed }));
  const which = jacobian ? 'the posterior density on the unconstrained scale (with the Jacobian)' : 'the density without the Jacobian terms (the mode on the constrained scale, as Stan\'s optimize)';
  const status = `L-BFGS ${result.converged ? 'converged' : 'stopped'} after ${result.iterations} iterations, ${result.gradientEvaluations} gradient evaluations (${result.seconds.toFixed(2)} s): ${result.message}.\nMode of ${which}; log density there ${formatSignificant(result.logDensity, 6)}.`;
  const warning = result.converged ? '' : '\nWarning: the optimizer did not converge; the estimates are not a mode. Try --iter, another --seed or --init.';
  const where = note === undefined ? '' : `\n${note}`;
  return { exitCode: result.converged ? 0 : 1, stdout: `${status}\n\n${estimatesTable(result)}${warning}\n\nWrote ${path}${where}\n` };
}
