import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompiledModel } from '../models/model.js';
import { columnDraws, type Fit } from '../samplers/run/fit.js';
import type { ModelSource } from '../samplers/run/model-source.js';
import { sampleAsync } from '../samplers/run/sample-async.js';
import { sample } from '../samplers/run/sample.js';
import { summary } from '../samplers/run/summary.js';
import { compareQuantity, judgePosterior, type PosteriorVerdict, sampledQuantity, type VerdictOptions } from './posteriordb.js';
import { parseReference, type Reference } from './reference.js';

/**
 * Running NUTS on one posteriordb example folder (model.ts exporting `model`, `dataFile`,
 * `referenceFile`) and judging the draws against its reference (posteriordb.ts).
 */

export interface PosteriorRunOptions extends VerdictOptions {
  readonly chains?: number;
  readonly warmup?: number;
  readonly draws?: number;
  readonly seed?: number;
  /** Worker threads (default: all cores); 1 samples in this thread, without workers. */
  readonly threads?: number;
  /**
   * Target acceptance statistic. Default: the reference run's adapt_delta (posteriordb needed
   * 0.95 or 0.99 for some posteriors), at least Stan's 0.8.
   */
  readonly adaptDelta?: number;
  /** Default: the reference run's max_treedepth, at least 10. */
  readonly maxTreeDepth?: number;
}

interface ExampleModule {
  readonly model: { compile(data: unknown): CompiledModel };
  readonly dataFile: string;
  readonly referenceFile: string;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`posteriordb validation: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The example folders (those holding a model.ts) under `directory`, sorted by name. */
export function listPosteriors(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'model.ts')))
    .map((entry) => entry.name)
    .sort();
}

export interface LoadedPosterior {
  readonly name: string;
  readonly model: CompiledModel;
  readonly data: unknown;
  readonly reference: Reference;
  /** How worker threads rebuild the model: model.ts's `model` definition, compiled with the data. */
  readonly source: ModelSource;
}

export async function loadPosterior(directory: string, name: string): Promise<LoadedPosterior> {
  const folder = resolve(directory, name);
  const moduleUrl = pathToFileURL(join(folder, 'model.ts')).href;
  const module = (await import(moduleUrl)) as ExampleModule;
  const data = readJson(join(folder, module.dataFile));
  const reference = parseReference(readJson(join(folder, module.referenceFile)), join(folder, module.referenceFile));
  return {
    name,
    model: module.model.compile(data),
    data,
    reference,
    source: { kind: 'module', url: moduleUrl, exportName: 'model', data },
  };
}

function divergenceCount(fit: Fit): number {
  return columnDraws(fit, 'divergent__').reduce((total, chain) => total + chain.reduce((sum, flag) => sum + flag, 0), 0);
}

/** Samples the posterior and judges it against its reference. */
export async function validatePosterior(posterior: LoadedPosterior, options: PosteriorRunOptions = {}): Promise<PosteriorVerdict> {
  const { reference } = posterior;
  const missing = reference.quantities.filter((quantity) => !posterior.model.outputNames.includes(quantity.name));
  if (missing.length > 0) {
    throw new Error(`validatePosterior(${posterior.name}): the model does not output ${missing.map((q) => q.name).join(', ')} of reference.json`);
  }
  const settings = {
    chains: options.chains ?? 4,
    warmup: options.warmup ?? 1000,
    draws: options.draws ?? 1000,
    seed: options.seed ?? 1,
    adaptDelta: options.adaptDelta ?? Math.max(0.8, reference.adaptDelta ?? 0.8),
    maxTreeDepth: options.maxTreeDepth ?? Math.max(10, reference.maxTreeDepth ?? 10),
  };
  const threads = options.threads;
  const start = performance.now();
  const fit = threads === 1 ? sample(posterior.model, settings) : await sampleAsync(posterior.source, { ...settings, ...(threads === undefined ? {} : { workers: threads }) });
  const seconds = (performance.now() - start) / 1000;
  const comparisons = reference.quantities.map((quantity) => compareQuantity(sampledQuantity(quantity.name, columnDraws(fit, quantity.name)), quantity, options));
  const warnings = summary(fit).warnings;
  const divergenceWarned = warnings.some((warning) => warning.kind === 'divergences');
  // The summary's other warnings (tree depth, E-BFMI, low ESS) often explain a failure.
  const otherWarnings = warnings.filter((warning) => warning.kind !== 'divergences').map((warning) => `summary warning (${warning.kind}): ${warning.message.split(/\.\s/)[0]}`);
  const verdict = judgePosterior(
    comparisons,
    {
      posterior: posterior.name,
      divergences: divergenceCount(fit),
      transitions: settings.chains * settings.draws,
      divergenceWarned,
      gradientEvaluations: fit.chains.reduce((total, chain) => total + chain.gradientEvaluations, 0),
      seconds,
      settings,
    },
    options,
  );
  return { ...verdict, notes: [...verdict.notes, ...otherWarnings] };
}
