import { join } from 'node:path';
import type { ResourceLimits } from '../../models/api/limits.js';
import { resolveSampleConfig, type SampleOptions } from '../../samplers/run/config.js';
import type { Fit, SampleConfig } from '../../samplers/run/fit.js';
import { assembleFit, modelShape } from '../../samplers/run/sample.js';
import { runChainsOnWorkers, type SamplerWorkers } from '../../samplers/run/worker-pool.js';
import type { ParsedCommandLine } from '../arguments.js';
import { chainFileName, closeChainFiles, finishChainFiles, openChainFiles, writeDraw } from '../chain-files.js';
import { claimOutputDirectory } from '../output-directory.js';
import { CliError } from '../cli-error.js';
import { compileModelInput, type ModelInput } from '../load-model.js';
import { makeProgressDisplay } from '../progress.js';
import { runSettings } from '../run-settings.js';
import { checkVars, writeFitOutputs } from '../write-outputs.js';
import type { CommandResult } from './command.js';
import type { sampleCommand } from './specs.js';

/**
 * The part of `leapfrog sample` that runs once its worker threads are starting (sample.ts):
 * builds the model on this thread, opens the chain files, hands the chains to the workers,
 * then writes summary.csv and report.html. It is loaded after the workers start, so that
 * loading it overlaps their start-up.
 */

function resolveConfig(options: SampleOptions, dim: number): SampleConfig {
  try {
    return resolveSampleConfig(options, dim);
  } catch (error) {
    throw new CliError(`leapfrog sample: ${error instanceof Error ? error.message : String(error)}`, 2);
  }
}

export async function sampleWithWorkers(
  input: ModelInput,
  options: ParsedCommandLine<(typeof sampleCommand)['options']>['options'],
  workers: SamplerWorkers,
  limits?: ResourceLimits,
): Promise<CommandResult> {
  const loaded = await compileModelInput(input, limits);
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
  checkVars(options.vars, loaded.model.outputNames);
  const { directory, note } = claimOutputDirectory({
    requested: options.out ?? join('out', loaded.slug),
    overwrite: options.overwrite === true,
    command: 'sample',
    files: [...Array.from({ length: config.chains }, (_, chain) => chainFileName(chain)), 'summary.csv', 'report.html'],
  });
  if (note !== undefined) process.stderr.write(`${note}\n`);
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
    vars: options.vars,
  });
  const where = note === undefined ? '' : `\n${note}`;
  return { exitCode: 0, stdout: `${outputs.summaryText}\n\nWrote ${[...chainPaths, ...outputs.paths].join(', ')}${where}\n` };
}
