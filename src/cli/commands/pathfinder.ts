import { pathfinder, type PathfinderResult } from '../../vi/pathfinder/pathfinder.js';
import { writeApproximationOutputs } from '../approximation-output.js';
import { parseCommandLine } from '../arguments.js';
import { CliError } from '../cli-error.js';
import { initialPositions, readInitialValues } from '../initial-values.js';
import { loadCliModel, type LoadedModel } from '../load-model.js';
import { parseLimitsOption } from '../limits-option.js';
import { checkVars } from '../write-outputs.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { pathfinderCommand } from './specs.js';

/**
 * `leapfrog pathfinder <model>`: Pathfinder (Zhang et al. 2022; src/vi/pathfinder), with
 * CmdStan's defaults: four paths whose pooled draws are resampled by Pareto smoothed
 * importance weights, whose Pareto k judges the approximation. Writes pathfinder.csv (the
 * draws, with k in the header), summary.csv and report.html, and prints the summary with the
 * check in words. With --init, entry k of an array starts path k (one object: every path).
 */

function settingsOf(loaded: LoadedModel, result: PathfinderResult): [string, string][] {
  const { config } = result;
  return [
    ['model', loaded.name],
    ['data', loaded.dataFile ?? '(none)'],
    ['method', result.fit.approximation ?? 'Pathfinder'],
    ['paths', `${config.paths} (draws per path ${config.drawsPerPath}${config.paths > 1 && config.psisResample ? ', PSIS resampling' : ''})`],
    ['draws', String(result.fit.draws[0]?.[0]?.length ?? 0)],
    ['seed', String(config.seed)],
    ['gradient evaluations', String(result.gradientEvaluations)],
    ['seconds', result.seconds.toFixed(2)],
  ];
}

function pathLines(result: PathfinderResult): string {
  return result.paths.map((path) => `  path ${path.path + 1}: ${path.iterations} L-BFGS iterations (${path.reason}), best ELBO ${path.elbo.toPrecision(6)} at iteration ${path.bestIteration}, ${path.gradientEvaluations} gradient evaluations`).join('\n');
}

export async function runPathfinder(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(pathfinderCommand, argv);
  if (printHelpIfAsked(pathfinderCommand, parsed)) return { exitCode: 0 };
  const { options } = parsed;
  const loaded = await loadCliModel(parsed.positionals[0]!, options.data, parseLimitsOption('pathfinder', options.limits));
  checkVars(options.vars, loaded.model.outputNames);
  const seed = options.seed ?? 0;
  const paths = options.paths ?? 4;
  const init = options.init === undefined ? {} : { init: initialPositions(loaded.model, readInitialValues(options.init), Array.from({ length: paths }, (_, path) => path), seed) };
  let result: PathfinderResult;
  try {
    result = pathfinder(loaded.model, {
      seed,
      paths,
      ...(options.draws === undefined ? {} : { draws: options.draws }),
      ...(options['draws-per-path'] === undefined ? {} : { drawsPerPath: options['draws-per-path'] }),
      ...init,
    });
  } catch (error) {
    throw new CliError(`leapfrog pathfinder: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
  const outputs = await writeApproximationOutputs({
    loaded,
    fit: result.fit,
    command: 'pathfinder',
    fileName: 'pathfinder.csv',
    out: options.out,
    overwrite: options.overwrite === true,
    title: `${loaded.name}: ${result.fit.approximation ?? 'Pathfinder'}`,
    settings: settingsOf(loaded, result),
    vars: options.vars,
    ...(options['sig-figs'] === undefined ? {} : { sigFigs: options['sig-figs'] }),
  });
  const status = `${result.fit.approximation ?? 'Pathfinder'}: ${result.gradientEvaluations} gradient evaluations in ${result.seconds.toFixed(2)} s.\n${pathLines(result)}`;
  const failed = result.warnings.filter((warning) => warning.includes('The path is left out')).map((warning) => `\nWarning: ${warning}`).join('');
  return { exitCode: 0, stdout: `${status}${failed}\n\n${outputs.summaryText}\n\nWrote ${outputs.paths.join(', ')}${outputs.note === undefined ? '' : `\n${outputs.note}`}\n` };
}
