import { denseMetric, diagMetric } from '../samplers/metric.js';
import type { Metric } from '../samplers/kernel.js';
import {
  type AdaptationResult,
  type ChainRecord,
  type Fit,
  type SampleConfig,
  samplerColumnNames,
  type SamplerMethod,
} from '../samplers/run/fit.js';
import { APPROXIMATION_METHOD } from '../vi/draws-fit.js';
import { configValue, type StanCsv } from './read-stan-csv.js';
import { fromStanCsvName } from './stan-csv-names.js';

/**
 * A Fit rebuilt from the per-chain CSV files of an MCMC run, so that `summary` and the report
 * work on saved output. What the files cannot hold is approximated and said so:
 *   - the unconstrained positions of divergent transitions are not saved, so the divergence
 *     locations are computed on the saved (constrained) outputs instead;
 *   - chains cut short by an interrupted run are truncated to the shortest one, which
 *     every diagnostic needs.
 */

export interface FitFromCsv {
  readonly fit: Fit;
  /** What was approximated or truncated, for the user. */
  readonly notes: readonly string[];
}

function numberSetting(csv: StanCsv, key: string, fallback: number): number {
  const text = configValue(csv, key);
  const value = text === undefined ? NaN : Number(text);
  return Number.isFinite(value) ? value : fallback;
}

function methodOf(csv: StanCsv): SamplerMethod {
  const algorithm = configValue(csv, 'algorithm');
  if (algorithm === 'metropolis') return 'metropolis';
  if (algorithm === 'hmc' || algorithm === undefined) return configValue(csv, 'engine') === 'static' ? 'hmc' : 'nuts';
  throw new Error(`fitFromStanCsv: ${csv.source} was written by algorithm '${algorithm}', but only hmc (nuts, static) and metropolis runs can be read`);
}

function configOf(csv: StanCsv, chains: number, savedDraws: number): SampleConfig {
  const thin = numberSetting(csv, 'thin', 1);
  return {
    method: methodOf(csv),
    chains,
    warmup: numberSetting(csv, 'num_warmup', 0),
    // The draws actually kept, which is fewer than num_samples after an interruption.
    draws: Math.min(numberSetting(csv, 'num_samples', savedDraws * thin), savedDraws * thin),
    thin,
    seed: numberSetting(csv, 'seed', 0),
    adaptDelta: numberSetting(csv, 'delta', 0.8),
    maxTreeDepth: numberSetting(csv, 'max_depth', 10),
    metric: configValue(csv, 'metric') === 'dense_e' ? 'dense' : 'diag',
    initialStepSize: numberSetting(csv, 'stepsize', 1),
    integrationTime: numberSetting(csv, 'int_time', Math.PI / 2),
    stepSizeJitter: numberSetting(csv, 'stepsize_jitter', 0),
    initRadius: numberSetting(csv, 'init', 2),
    progressEvery: 1,
  };
}

function metricOf(csv: StanCsv, dim: number): Metric {
  const rows = csv.adaptation?.inverseMetric ?? [];
  try {
    if (csv.adaptation?.metricKind === 'dense' && rows.length > 0) return denseMetric(rows.flat());
    if (rows.length === 1) return diagMetric(rows[0]!);
  } catch {
    // A damaged metric block is not worth refusing the draws for; fall through to the unit metric.
  }
  return diagMetric(new Float64Array(Math.max(dim, 1)).fill(1));
}

function adaptationOf(csv: StanCsv, method: SamplerMethod, dim: number, stepSizes: Float64Array): AdaptationResult {
  const stepSize = csv.adaptation?.stepSize ?? stepSizes[0] ?? NaN;
  if (method === 'metropolis') return { kind: 'metropolis', proposalScale: stepSize };
  return { kind: 'hamiltonian', stepSize, metric: metricOf(csv, dim) };
}

/** Mean and sample variance of each column, in one pass each (Welford). */
function columnMoments(columns: readonly Float64Array[]): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(columns.length);
  const variance = new Float64Array(columns.length);
  columns.forEach((column, index) => {
    let average = 0;
    let sumSquares = 0;
    for (let draw = 0; draw < column.length; draw++) {
      const delta = column[draw]! - average;
      average += delta / (draw + 1);
      sumSquares += delta * (column[draw]! - average);
    }
    mean[index] = column.length > 0 ? average : NaN;
    variance[index] = column.length > 1 ? sumSquares / (column.length - 1) : 0;
  });
  return { mean, variance };
}

/**
 * The chain's record. divergent__ flags divergences and non-finite rejections alike (as Stan
 * does); leapfrog's footer names the saved draws of the latter, so the rest are divergences.
 * Without the footer (CmdStan's files, an interrupted run) every flag counts as a divergence.
 */
function chainRecord(csv: StanCsv, chain: number, columns: readonly Float64Array[], method: SamplerMethod, outputCount: number): ChainRecord {
  const outputs = columns.slice(samplerColumnNames.length);
  const divergent = columns[samplerColumnNames.indexOf('divergent__')]!;
  const count = divergent.length;
  const nonFiniteDraws = (csv.transitions?.nonFiniteDraws ?? []).filter((draw) => draw < count);
  const nonFinite = new Set(nonFiniteDraws);
  const divergentPositions: Float64Array[] = [];
  for (let draw = 0; draw < count; draw++) {
    if (divergent[draw] === 1 && !nonFinite.has(draw)) divergentPositions.push(Float64Array.from(outputs, (column) => column[draw]!));
  }
  const { mean, variance } = columnMoments(outputs);
  const leapfrogSteps = columns[samplerColumnNames.indexOf('n_leapfrog__')]!.reduce((sum, value) => sum + value, 0);
  return {
    chain,
    adaptation: adaptationOf(csv, method, outputCount, columns[samplerColumnNames.indexOf('stepsize__')]!),
    gradientEvaluations: method === 'metropolis' ? 0 : leapfrogSteps,
    logDensityEvaluations: method === 'metropolis' ? count : 0,
    warmupSeconds: csv.timing?.warmupSeconds ?? NaN,
    samplingSeconds: csv.timing?.samplingSeconds ?? NaN,
    warmupDivergences: csv.transitions?.divergentWarmup ?? 0,
    divergentPositions,
    warmupNonFiniteTransitions: csv.transitions?.nonFiniteWarmup ?? 0,
    // With thinning, the footer's count covers iterations that were not saved too.
    nonFiniteTransitions: csv.transitions?.nonFiniteSampling ?? 0,
    nonFiniteDraws,
    unconstrainedMean: mean,
    unconstrainedVariance: variance,
    warnings: [],
  };
}

function checkColumns(files: readonly StanCsv[]): readonly string[] {
  const first = files[0]!;
  samplerColumnNames.forEach((name, index) => {
    if (first.columnNames[index] !== name) {
      throw new Error(
        `fitFromStanCsv: ${first.source} column ${index + 1} is '${first.columnNames[index] ?? '(none)'}', but an MCMC CSV starts with ${samplerColumnNames.join(',')}`,
      );
    }
  });
  for (const file of files.slice(1)) {
    if (file.columnNames.join(',') !== first.columnNames.join(',')) {
      throw new Error(`fitFromStanCsv: ${file.source} has other columns than ${first.source}; the files must come from one run`);
    }
  }
  return first.columnNames;
}

/** Rebuilds a fit from the CSV files of one run, one file per chain, in chain order. */
export function fitFromStanCsv(allFiles: readonly StanCsv[]): FitFromCsv {
  if (allFiles.length === 0) throw new Error('fitFromStanCsv: no CSV files given, but need one per chain');
  const columnNames = checkColumns(allFiles).map(fromStanCsvName);
  const notes: string[] = [];
  // A chain interrupted before its first draw has nothing to contribute.
  const files = allFiles.filter((file) => (file.draws[0]?.length ?? 0) > 0);
  if (files.length === 0) throw new Error(`fitFromStanCsv: ${allFiles.map((file) => file.source).join(', ')} hold no draws (the run stopped during warm-up?)`);
  const empty = allFiles.filter((file) => !files.includes(file)).map((file) => file.source);
  if (empty.length > 0) notes.push(`${empty.join(', ')} ${empty.length === 1 ? 'holds' : 'hold'} no draws (interrupted during warm-up) and ${empty.length === 1 ? 'is' : 'are'} left out.`);
  const lengths = files.map((file) => file.draws[0]!.length);
  const saved = Math.min(...lengths);
  if (lengths.some((length) => length !== saved)) {
    notes.push(`Chains hold ${lengths.join(', ')} draws (an interrupted run?); each is cut to the first ${saved}.`);
  }
  const config = configOf(files[0]!, files.length, saved);
  const outputNames = columnNames.slice(samplerColumnNames.length);
  const draws = files.map((file) => file.draws.map((column) => column.subarray(0, saved)));
  const chains = files.map((file, chain) => chainRecord(file, chain, draws[chain]!, config.method, outputNames.length));
  const uncounted = files.filter((file) => file.transitions === undefined && file.draws[samplerColumnNames.indexOf('divergent__')]!.some((flag) => flag === 1));
  if (uncounted.length > 0) {
    notes.push(`${uncounted.map((file) => file.source).join(', ')} ${uncounted.length === 1 ? 'has' : 'have'} no count of non-finite rejections (an interrupted run, or not written by leapfrog): every transition flagged in divergent__ is counted as a divergence.`);
  }
  if (chains.some((chain) => chain.divergentPositions.length > 0)) {
    notes.push('Divergence locations are computed on the saved (constrained) quantities: the CSV files do not hold unconstrained positions.');
  }
  const fit: Fit = { config, dim: outputNames.length, columnNames, outputNames, unconstrainedNames: outputNames, draws, chains };
  return { fit, notes };
}

const VARIATIONAL_COLUMNS = ['lp__', 'log_p__', 'log_g__'];

/**
 * A one-chain fit of the draws in a variational CSV file (its first row, the approximation's
 * mean, is left out), shaped as leapfrog's VI fits are: see vi/draws-fit.ts.
 */
export function fitFromVariationalCsv(csv: StanCsv): FitFromCsv {
  VARIATIONAL_COLUMNS.forEach((name, index) => {
    if (csv.columnNames[index] !== name) {
      throw new Error(`fitFromVariationalCsv: ${csv.source} column ${index + 1} is '${csv.columnNames[index] ?? '(none)'}', but a variational CSV starts with ${VARIATIONAL_COLUMNS.join(',')}`);
    }
  });
  const columnNames = csv.columnNames.map(fromStanCsvName);
  const outputNames = columnNames.slice(VARIATIONAL_COLUMNS.length);
  const columns = csv.draws.map((column) => column.slice(1));
  const count = columns[0]!.length;
  if (count === 0) throw new Error(`fitFromVariationalCsv: ${csv.source} holds no draws after the mean row`);
  const outputs = columns.slice(VARIATIONAL_COLUMNS.length);
  const { mean, variance } = columnMoments(outputs);
  const config: SampleConfig = {
    method: APPROXIMATION_METHOD,
    chains: 1,
    warmup: 0,
    draws: count,
    thin: 1,
    seed: numberSetting(csv, 'seed', 0),
    adaptDelta: NaN,
    maxTreeDepth: NaN,
    metric: 'diag',
    initialStepSize: NaN,
    integrationTime: NaN,
    stepSizeJitter: NaN,
    initRadius: NaN,
    progressEvery: count,
  };
  const chain: ChainRecord = {
    chain: 0,
    adaptation: { kind: 'metropolis', proposalScale: numberSetting(csv, 'eta', NaN) },
    gradientEvaluations: 0,
    logDensityEvaluations: count,
    warmupSeconds: csv.timing?.warmupSeconds ?? NaN,
    samplingSeconds: csv.timing?.samplingSeconds ?? NaN,
    warmupDivergences: 0,
    divergentPositions: [],
    warmupNonFiniteTransitions: 0,
    nonFiniteTransitions: 0,
    nonFiniteDraws: [],
    unconstrainedMean: mean,
    unconstrainedVariance: variance,
    warnings: [],
  };
  const fit: Fit = { config, dim: outputNames.length, columnNames, outputNames, unconstrainedNames: outputNames, draws: [columns], chains: [chain] };
  return { fit, notes: [] };
}
