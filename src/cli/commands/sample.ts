import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { resolveSampleConfig, type SampleOptions } from '../../samplers/run/config.js';
import type { Fit, SampleConfig } from '../../samplers/run/fit.js';
import { workerCount } from '../../samplers/run/parallel.js';
import { assembleFit, modelShape } from '../../samplers/run/sample.js';
import { runChainsOnWorkers, type SamplerWorkers, startSamplerWorkers, stopSamplerWorkers } from '../../samplers/run/worker-pool.js';
import { type ParsedCommandLine, parseCommandLine } from '../arguments.js';
import { closeChainFiles, finishChainFiles, openChainFiles, prepareOutputDirectory, writeDraw } from '../chain-files.js';
import { CliError } from '../cli-error.js';
import { compileModelInput, type ModelInput, readModelInput, workerSource } from '../load-model.js';
import { makeProgressDisplay } from '../progress.js';
import { runSettings } from '../run-settings.js';
import { writeFitOutputs } from '../write-outputs.js';
import { type CommandResult, printHelpIfAsked } from './command.js';
import { sampleCommand } from './specs.js';

/**
 * `leapfrog sample <model>`: MCMC on worker threads (one chain per thread, up to --parallel),
 * with progress on stderr, each draw streamed to its chain's Stan CSV file as it arrives,
 * then summary.csv, report.html and the printed summary with its warnings.
 */

function resolveConfig(options: SampleOptions, dim: number): SampleConfig {
  try {
    return resolveSampleConfig(options, dim);
  } catch (error) {
    throw new CliError(`leapfrog sample: ${error instanceof Error ? error.message : String(error)}`, 2);
  }
}

export async function runSample(argv: readonly string[]): Promise<CommandResult> {
  const parsed = parseCommandLine(sampleCommand, argv);
  if (printHelpIfAsked(sampleCommand, parsed)) return { exitCode: 0 };
  const { options } = parsed;
  const input = await readModelInput(parsed.positionals[0]!, options.data);
  // The worker threads start now and build their models while this thread builds its own.
  const threads = workerCount(options.parallel ?? availableParallelism(), options.chains ?? 4);
  const workers = startSamplerWorkers(workerSource(input), threads, { progress: true, draws: true });
  try {
    return await sampleWithWorkers(input, options, workers);
  } finally {
    stopSamplerWorkers(workers);
  }
}

async function sampleWithWorkers(
  input: ModelInput,
  options: ParsedCommandLine<(typeof sampleCommand)['options']>['options'],
  workers: SamplerWorkers,
): Promise<CommandResult> {
  const loaded = await compileModelInput(input);
  const sampleOptions: SampleOptions = {
    method: options.method,
    chains: options.chains,
    warmup: options.warmup,
    draws: options.draws,
    thin: options.thin,
    seed: options.seed,
    adaptDelta: options['adapt-delta'],
    maxTreeDepth: options['max-depth'],
    metric: options.metric,
  };
  const config = resolveConfig(sampleOptions, loaded.model.dim);
  const directory = options.out ?? join('out', loaded.name);
  prepareOutputDirectory(directory);
  const files = openChainFiles(directory, { model: loaded.name, dataFile: loaded.dataFile, startTime: new Date() }, config, loaded.model.outputNames);
  const display = makeProgressDisplay(config.chains);
  // Ctrl-C: restore the terminal (the bars hide the cursor) and say what is left on disk.
  const interrupt = (): void => {
    display.stop();
    process.stderr.write(`\nInterrupted. ${directory} holds every draw so far; 'leapfrog summary ${directory}' reads them.\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  let fit: Fit;
  try {
    const results = await runChainsOnWorkers(workers, config, {
      onDraw: (draw) => writeDraw(files, draw),
      onProgress: (progress) => display.update(progress),
    });
    fit = assembleFit(modelShape(loaded.model), config, results);
  } catch (error) {
    closeChainFiles(files);
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    display.stop();
  }
  const chainPaths = finishChainFiles(files, fit);
  const outputs = await writeFitOutputs({
    directory,
    fit,
    title: `${loaded.name}: ${fit.config.method} posterior`,
    settings: runSettings(fit, loaded.name, loaded.dataFile),
  });
  return { exitCode: 0, stdout: `${outputs.summaryText}\n\nWrote ${[...chainPaths, ...outputs.paths].join(', ')}\n` };
}
