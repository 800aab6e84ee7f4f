import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { resolveSampleConfig, type SampleOptions } from '../../samplers/run/config.js';
import type { Fit, SampleConfig } from '../../samplers/run/fit.js';
import { sampleParallel } from '../../samplers/run/parallel.js';
import { parseCommandLine } from '../arguments.js';
import { chainFileName, closeChainFiles, finishChainFiles, openChainFiles, writeDraw } from '../chain-files.js';
import { CliError } from '../cli-error.js';
import { loadCliModel } from '../load-model.js';
import { claimOutputDirectory } from '../output-directory.js';
import { makeProgressDisplay } from '../progress.js';
import { runSettings } from '../run-settings.js';
import { checkVars, writeFitOutputs } from '../write-outputs.js';
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
  const loaded = await loadCliModel(parsed.positionals[0]!, options.data);
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
    fit = await sampleParallel(loaded.source, {
      ...sampleOptions,
      threads: Math.min(options.parallel ?? availableParallelism(), config.chains),
      onDraw: (draw) => writeDraw(files, draw),
      onProgress: (progress) => display.update(progress),
    });
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
