import { compareSamplers, formatComparison, type SamplerComparison } from '../../samplers/run/compare.js';
import { parseCommandLine } from '../arguments.js';
import { CliError } from '../cli-error.js';
import { loadCliModel } from '../load-model.js';
import { parseLimitsOption } from '../limits-option.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { compareCommand } from './specs.js';

/**
 * `leapfrog compare <model>`: NUTS, static HMC and random-walk Metropolis on the same model,
 * chains and seed, ranked by the cost of an effective draw of the worst-estimated quantity:
 * bulk-ESS per second and per gradient (or log-density) evaluation (Hoffman & Gelman 2014,
 * section 4.4).
 */

const EXPLANATION = [
  'min ESS_bulk: the smallest bulk effective sample size over the model\'s quantities (the worst-estimated one decides).',
  'ESS/eval: effective draws per gradient evaluation (NUTS, HMC) or per log-density evaluation (Metropolis, marked "log p"),',
  'the cost measure that does not depend on the machine; ESS/s includes each method\'s overhead.',
].join('\n');

export async function runCompare(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(compareCommand, argv);
  if (printHelpIfAsked(compareCommand, parsed)) return { exitCode: 0 };
  const { options } = parsed;
  const loaded = await loadCliModel(parsed.positionals[0]!, options.data, parseLimitsOption('compare', options.limits));
  const settings = { chains: options.chains, warmup: options.warmup, draws: options.draws, seed: options.seed };
  process.stderr.write(`Running nuts, hmc and metropolis on ${loaded.name} (${settings.chains ?? 4} chains of ${settings.warmup ?? 1000} + ${settings.draws ?? 1000} iterations each)...\n`);
  let rows: SamplerComparison[];
  try {
    rows = compareSamplers(loaded.model, settings);
  } catch (error) {
    throw new CliError(`leapfrog compare: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  return { exitCode: 0, stdout: `${formatComparison(rows)}\n\n${EXPLANATION}\n` };
}
