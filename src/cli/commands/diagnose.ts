import { alignColumns } from '../../loo/loo-text.js';
import type { CompiledModel } from '../../models/model.js';
import { makeRng } from '../../random/rng.js';
import { formatSignificant } from '../../samplers/diagnostics/summary-table.js';
import { initialPosition } from '../../samplers/run/init.js';
import { parseCommandLine } from '../arguments.js';
import { CliError } from '../cli-error.js';
import { initialPositions, readInitialValues } from '../initial-values.js';
import { loadCliModel } from '../load-model.js';
import { parseLimitsOption } from '../limits-option.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { diagnoseCommand } from './specs.js';

/**
 * `leapfrog diagnose <model>`: CmdStan's diagnose method. At each chain's initial point (as
 * `sample` draws it from the seed and the chain id, or from --init), the gradient of the log
 * density by automatic differentiation is compared, coordinate by coordinate of the
 * unconstrained parameters, with a finite difference of the log density: the sixth-order
 * central difference of Stan's finite_diff_grad (stan/model/finite_diff_grad.hpp),
 *
 *   f'(x) ≈ (f(x+3h) − 9 f(x+2h) + 45 f(x+h) − 45 f(x−h) + 9 f(x−2h) − f(x−3h)) / (60 h),
 *
 * error O(h⁶). A coordinate fails when |gradient − difference| exceeds --error times
 * max(1, |difference|) (CmdStan compares the absolute error, which large gradients fail on
 * rounding alone). Exit code 1 when any coordinate fails.
 */

const STENCIL: readonly (readonly [number, number])[] = [[3, 1], [2, -9], [1, 45], [-1, -45], [-2, 9], [-3, -1]];

export function finiteDifference(model: CompiledModel, position: Float64Array, index: number, step: number): number {
  const point = Float64Array.from(position);
  let sum = 0;
  for (const [offset, weight] of STENCIL) {
    point[index] = position[index]! + offset * step;
    sum += weight * model.logDensity(point);
  }
  return sum / (60 * step);
}

export interface PointReport {
  readonly text: string;
  readonly failures: number;
}

export function checkPoint(model: CompiledModel, names: readonly string[], position: Float64Array, step: number, tolerance: number, title: string): PointReport {
  const { logDensity, gradient } = model.logDensityAndGradient(position);
  let failures = 0;
  const rows = Array.from(position, (value, i) => {
    const difference = finiteDifference(model, position, i, step);
    const error = gradient[i]! - difference;
    const failed = !(Math.abs(error) <= tolerance * Math.max(1, Math.abs(difference)));
    if (failed) failures += 1;
    return [names[i] ?? `theta[${i + 1}]`, formatSignificant(value, 6), formatSignificant(gradient[i]!, 6), formatSignificant(difference, 6), formatSignificant(error, 3), failed ? 'FAILED' : ''];
  });
  const table = alignColumns([['parameter (unconstrained)', 'value', 'gradient', 'finite diff', 'error', ''], ...rows]);
  return { text: `${title}: log density ${formatSignificant(logDensity, 8)}\n\n${table}`, failures };
}

export async function runDiagnose(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(diagnoseCommand, argv);
  if (printHelpIfAsked(diagnoseCommand, parsed)) return { exitCode: 0 };
  const { options } = parsed;
  const loaded = await loadCliModel(parsed.positionals[0]!, options.data, parseLimitsOption('diagnose', options.limits));
  const { model } = loaded;
  const seed = options.seed ?? 0;
  const chains = options.chains ?? 1;
  const ids = Array.from({ length: chains }, (_, chain) => chain);
  let points: Float64Array[];
  try {
    points = options.init === undefined ? ids.map((chain) => initialPosition(model, makeRng(seed, chain))) : initialPositions(model, readInitialValues(options.init), ids, seed);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`leapfrog diagnose: ${(error instanceof Error ? error.message : String(error)).replace(/^initialize: /, '').split('\n')[0]}`);
  }
  const step = options.epsilon ?? 1e-6;
  const tolerance = options.error ?? 1e-6;
  const names = (model as { readonly unconstrainedNames?: readonly string[] }).unconstrainedNames ?? [];
  const reports = points.map((position, chain) => checkPoint(model, names, position, step, tolerance, `Initial point of chain ${chain + 1}${options.init === undefined ? '' : ` (${options.init})`}`));
  const failures = reports.reduce((sum, report) => sum + report.failures, 0);
  const verdict = failures === 0
    ? `The gradient agrees with finite differences (step ${step}) within ${tolerance} x max(1, |difference|) at every coordinate.`
    : `${failures} coordinate${failures === 1 ? '' : 's'} FAILED: the gradient differs from finite differences by more than ${tolerance} x max(1, |difference|). A custom gradient or a density that is not smooth there (a branch, a bound) is the usual cause; a large log density can also make finite differences inaccurate (try --epsilon 1e-4).`;
  return { exitCode: failures === 0 ? 0 : 1, stdout: `${reports.map((report) => report.text).join('\n\n')}\n\n${verdict}\n` };
}
