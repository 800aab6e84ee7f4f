import { laplaceApproximation, type LaplaceResult } from '../../optimize/laplace.js';
import { optimize, type OptimizeResult } from '../../optimize/optimize.js';
import { DEFAULT_CHECK_DRAWS } from '../../vi/options.js';
import { writeApproximationOutputs } from '../approximation-output.js';
import { parseCommandLine } from '../arguments.js';
import { CliError } from '../cli-error.js';
import { loadCliModel, type LoadedModel } from '../load-model.js';
import { parseLimitsOption } from '../limits-option.js';
import { checkVars } from '../write-outputs.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { initialPointOf } from './optimize.js';
import { laplaceCommand } from './specs.js';

/**
 * `leapfrog laplace <model>`: CmdStan's laplace method. The mode of the posterior density on
 * the unconstrained scale (with the Jacobian, Stan's default for laplace) is found by L-BFGS,
 * then draws come from N(mode, (−H)⁻¹), H the Hessian there (src/optimize/laplace.ts). The
 * draws are written to laplace.csv with summary.csv and report.html; the printed summary
 * carries the Pareto-k check of the approximation (Yao et al. 2018) from --check-draws
 * draws, which says in words when the Gaussian at the mode is not to be trusted.
 */

function failure(error: unknown): CliError {
  return new CliError(`leapfrog laplace: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
}

function settingsOf(loaded: LoadedModel, mode: OptimizeResult, laplace: LaplaceResult, seed: number): [string, string][] {
  return [
    ['model', loaded.name],
    ['data', loaded.dataFile ?? '(none)'],
    ['method', 'Laplace approximation at the mode of the unconstrained posterior (with the Jacobian)'],
    ['mode', `L-BFGS, ${mode.iterations} iterations, ${mode.gradientEvaluations} gradient evaluations: ${mode.message}`],
    ['Hessian', laplace.hessianMethod === 'ad' ? 'automatic differentiation' : 'finite differences of the gradient'],
    ['draws', String(laplace.fit.draws[0]?.[0]?.length ?? 0)],
    ['seed', String(seed)],
  ];
}

export async function runLaplace(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(laplaceCommand, argv);
  if (printHelpIfAsked(laplaceCommand, parsed)) return { exitCode: 0 };
  const { options } = parsed;
  const loaded = await loadCliModel(parsed.positionals[0]!, options.data, parseLimitsOption('laplace', options.limits));
  checkVars(options.vars, loaded.model.outputNames);
  const seed = options.seed ?? 0;
  const init = initialPointOf(loaded, options.init, seed);
  let mode: OptimizeResult;
  let laplace: LaplaceResult;
  try {
    mode = optimize(loaded.model, { jacobian: true, seed, ...(init === undefined ? {} : { init }) });
    if (!mode.converged) throw new Error(`the mode was not found (${mode.message}); try another --seed or --init`);
    const draws = options.draws ?? 1000;
    laplace = laplaceApproximation(loaded.model, mode.position, { draws, seed, checkDraws: Math.max(draws, options['check-draws'] ?? DEFAULT_CHECK_DRAWS) });
  } catch (error) {
    throw failure(error);
  }
  const outputs = await writeApproximationOutputs({
    loaded,
    fit: laplace.fit,
    command: 'laplace',
    fileName: 'laplace.csv',
    out: options.out,
    overwrite: options.overwrite === true,
    title: `${loaded.name}: Laplace approximation`,
    settings: settingsOf(loaded, mode, laplace, seed),
    vars: options.vars,
    ...(options['sig-figs'] === undefined ? {} : { sigFigs: options['sig-figs'] }),
  });
  const status = `Laplace approximation at the mode (L-BFGS: ${mode.iterations} iterations, ${mode.message}); ${laplace.fit.draws[0]?.[0]?.length ?? 0} draws.`;
  return { exitCode: 0, stdout: `${status}\n\n${outputs.summaryText}\n\nWrote ${outputs.paths.join(', ')}${outputs.note === undefined ? '' : `\n${outputs.note}`}\n` };
}
