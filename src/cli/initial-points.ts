import type { QuantityInfo } from '../models/api/compile.js';
import type { CompiledModel } from '../models/model.js';
import { makeRng } from '../random/rng.js';
import { GENERATED_QUANTITIES_STREAM } from '../samplers/run/chain.js';
import { initialPosition } from '../samplers/run/init.js';

/**
 * What `sample` does first, done by `check`: each chain's initial point drawn as the chain
 * draws it (`makeRng(seed, chain)`, uniform on (−2, 2) per unconstrained coordinate, up to
 * 100 tries until the log density and its gradient are finite, as Stan initialises), then
 * the chain's first outputs (generated quantities) computed there. A problem that would
 * stop sampling at its start is reported now, naming the term or the block.
 */

export interface InitialPointCheck {
  /** One line per chain that starts: its log density at the initial point. */
  readonly reports: readonly string[];
  /** One line per chain that cannot start, or whose first outputs fail. */
  readonly problems: readonly string[];
}

/**
 * The message of an error without the sampler's own prefix (`initialize: `), each
 * unconstrained coordinate it names (`gradient[3]`) followed by the parameter it belongs
 * to, and each log-Jacobian term by its parameter's path, when the model lists its
 * parameters (`gradient[3] (of parameters.theta)`, `log-Jacobian of parameters.sigma`).
 */
function messageOf(error: unknown, model: CompiledModel): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(/^initialize: /, '');
  const info = (model as { readonly parameterInfo?: readonly QuantityInfo[] }).parameterInfo;
  if (info === undefined) return text;
  const named = text.replace(/log-Jacobian of ([A-Za-z_][A-Za-z0-9_]*)/g, (match, name: string) => (info.some((q) => q.name === name) ? `log-Jacobian of parameters.${name}` : match));
  return named.replace(/gradient\[(\d+)\]/g, (match, index: string) => {
    const k = Number(index) - 1;
    const owner = info.find((q) => q.block === 'parameters' && k >= q.unconstrainedOffset && k < q.unconstrainedOffset + q.unconstrainedSize);
    return owner === undefined ? match : `${match} (of parameters.${owner.name})`;
  });
}

export interface InitialPointOptions {
  /** Chains to start (sample's default 4). */
  readonly chains?: number;
  /** The run's seed (sample's default 0). */
  readonly seed?: number;
  /** Tries per chain (Stan's and sample's 100). */
  readonly tries?: number;
}

/**
 * Checks the initial points of the chains of a run. The first chain that cannot start ends
 * the check: the others draw from the same distribution and would fail alike, each after
 * its 100 tries.
 */
export function checkInitialPoints(model: CompiledModel, options: InitialPointOptions = {}): InitialPointCheck {
  const chains = options.chains ?? 4;
  const seed = options.seed ?? 0;
  const tries = options.tries === undefined ? {} : { maxTries: options.tries };
  const reports: string[] = [];
  // Problems by message, with the chains that have each.
  const problems = new Map<string, number[]>();
  const fail = (chain: number, message: string): void => {
    problems.set(message, [...(problems.get(message) ?? []), chain + 1]);
  };
  for (let chain = 0; chain < chains; chain++) {
    let position: Float64Array;
    try {
      position = initialPosition(model, makeRng(seed, chain), tries);
    } catch (error) {
      fail(chain, `cannot start: ${messageOf(error, model)}`);
      break;
    }
    const { logDensity } = model.logDensityAndGradient(position);
    try {
      model.outputs(position, makeRng(seed, GENERATED_QUANTITIES_STREAM + chain));
    } catch (error) {
      fail(chain, `the outputs (generated quantities) fail at the initial point: ${messageOf(error, model)}`);
      continue;
    }
    reports.push(`chain ${chain + 1}: log density ${logDensity.toPrecision(6)} at the initial point, gradient finite`);
  }
  const lines = [...problems].map(([message, which]) => `${which.length === 1 ? 'chain' : 'chains'} ${which.join(', ')}: ${message}`);
  return { reports, problems: lines };
}
