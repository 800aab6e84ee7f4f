import { availableParallelism } from 'node:os';
import { startSamplerWorkers, stopSamplerWorkers, workerCount } from '../../samplers/run/worker-pool.js';
import { parseCommandLine } from '../arguments.js';
import { parseChainIds } from '../chain-ids.js';
import { parseLimitsOption } from '../limits-option.js';
import { readModelInput, workerSource } from '../load-model.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { sampleCommand } from './specs.js';

/**
 * `leapfrog sample <model>`: MCMC on worker threads (one chain per thread, up to --parallel),
 * with progress on stderr, each draw streamed to its chain's Stan CSV file as it arrives,
 * then summary.csv, report.html and the printed summary with its warnings. The workers start
 * as soon as the model's file and data are read, before this thread loads the library.
 */

export async function runSample(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(sampleCommand, argv);
  if (printHelpIfAsked(sampleCommand, parsed)) return { exitCode: 0 };
  const { options } = parsed;
  const limits = parseLimitsOption('sample', options.limits);
  const chainIds = parseChainIds(options['chain-ids'], options.chains);
  const input = await readModelInput(parsed.positionals[0]!, options.data);
  // The worker threads start now and build their models while this thread builds its own.
  const threads = workerCount(options.parallel ?? availableParallelism(), chainIds.count);
  const workers = startSamplerWorkers(workerSource(input, limits), threads, { progress: true, draws: true });
  try {
    // Loading the rest of the command (the library: model compiler, samplers, outputs)
    // overlaps the workers' start-up.
    const { sampleWithWorkers } = await import('./sample-run.js');
    return await sampleWithWorkers(input, options, chainIds, workers, limits);
  } finally {
    stopSamplerWorkers(workers);
  }
}

