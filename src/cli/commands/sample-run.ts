import { join } from 'node:path';
import type { ResourceLimits } from '../../models/api/limits.js';
import { resolveSampleConfig, type SampleOptions } from '../../samplers/run/config.js';
import type { Fit, SampleConfig } from '../../samplers/run/fit.js';
import { assembleFit, modelShape } from '../../samplers/run/sample.js';
import { runChainsOnWorkers, type SamplerWorkers } from '../../samplers/run/worker-pool.js';
import { withInitialPoints } from '../../samplers/run/pathfinder-init.js';
import type { CompiledModel } from '../../models/model.js';
import type { ParsedCommandLine } from '../arguments.js';
import { chainFileNames, closeChainFiles, finishChainFiles, openChainFiles, writeDraw } from '../chain-files.js';
import { type ChainIds, describeChainIds } from '../chain-ids.js';
import { dataDigest } from '../data-digest.js';
import { initialPositions, readInitialValues } from '../initial-values.js';
import { readInverseMetric } from '../metric-file.js';
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

type SampleCliOptions = ParsedCommandLine<(typeof sampleCommand)['options']>['options'];

function resolveConfig(model: CompiledModel, options: SampleOptions): SampleConfig {
  try {
    // --init pathfinder: Pathfinder runs here, before the chains are handed out.
    return resolveSampleConfig(withInitialPoints(model, options), model.dim);
  } catch (error) {
    throw new CliError(`leapfrog sample: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, 2);
  }
}

/** --init: 'pathfinder', or the initial positions from a JSON file, for the chains of this run. */
function initOptions(model: CompiledModel, init: string | undefined, chainIds: ChainIds, seed: number): Pick<SampleOptions, 'init' | 'inits'> {
  if (init === undefined) return {};
  if (init === 'pathfinder') return { init: 'pathfinder' };
  const ids = Array.from({ length: chainIds.count }, (_, position) => chainIds.first - 1 + position);
  return { inits: initialPositions(model, readInitialValues(init), ids, seed) };
}

export async function sampleWithWorkers(input: ModelInput, options: SampleCliOptions, chainIds: ChainIds, workers: SamplerWorkers, limits?: ResourceLimits): Promise<CommandResult> {
  const loaded = await compileModelInput(input, limits);
  const sampleOptions: SampleOptions = {
    method: options.method,
    chains: chainIds.count,
    firstChainId: chainIds.first,
    warmup: options.warmup,
    draws: options.draws,
    thin: options.thin,
    seed: options.seed,
    adaptDelta: options['adapt-delta'],
    maxTreeDepth: options['max-depth'],
    metric: options.metric,
    saveWarmup: options['save-warmup'] === true,
    ...initOptions(loaded.model, options.init, chainIds, options.seed ?? 0),
    ...(options['metric-file'] === undefined ? {} : { inverseMetric: readInverseMetric(options['metric-file'], options.metric ?? 'diag', loaded.model.dim) }),
  };
  checkVars(options.vars, loaded.model.outputNames);
  const config = resolveConfig(loaded.model, sampleOptions);
  const { directory, note } = claimOutputDirectory({
    requested: options.out ?? join('out', loaded.slug),
    overwrite: options.overwrite === true,
    command: 'sample',
    files: [...chainFileNames(config), 'summary.csv', 'report.html'],
  });
  if (note !== undefined) process.stderr.write(`${note}\n`);
  const digest = dataDigest(loaded.data);
  const run = { model: loaded.name, dataFile: loaded.dataFile, ...(digest === undefined ? {} : { dataDigest: digest }), startTime: new Date(), ...(options['sig-figs'] === undefined ? {} : { sigFigs: options['sig-figs'] }) };
  const files = openChainFiles(directory, run, config, loaded.model.outputNames);
  const display = makeProgressDisplay(config.chains, process.stderr, chainIds.first);
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
    model: loaded,
    // The summary is printed before the report is rendered (seconds of plotting): the wait
    // from the command to the summary is sampling and diagnostics alone.
    onSummary: (summaryText) => process.stdout.write(`${summaryText}\n\n`),
  });
  const split = chainIds.first === 1 ? '' : `\nThis run holds ${describeChainIds(chainIds)}; 'leapfrog summary <dir> <dir>...' merges the folders of one run's chains.`;
  const where = `${note === undefined ? '' : `\n${note}`}${split}`;
  return { exitCode: 0, stdout: `Wrote ${[...chainPaths, ...outputs.paths].join(', ')}${where}\n` };
}
