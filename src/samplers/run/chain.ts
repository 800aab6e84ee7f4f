import type { CompiledModel } from '../../models/model.js';
import { makeRng, type Rng } from '../../random/rng.js';
import type { ChainState, TransitionInfo } from '../kernel.js';
import { type ChainRecord, type SampleConfig, samplerColumnNames, savedDrawCount } from './fit.js';
import { initialPosition } from './init.js';
import { type MethodRun, type Warmup, withMethod } from './methods.js';

/**
 * One chain from start to finish: initialisation, warm-up, sampling. Everything random in
 * chain k comes from `makeRng(seed, k)` and, for generated quantities, from
 * `makeRng(seed, GENERATED_QUANTITIES_STREAM + k)`, so a chain's draws depend only on
 * (seed, k), whichever thread runs it and whether quantities are generated at all.
 */

/** Offset of the generated-quantities RNG streams from the chains' sampler streams. */
export const GENERATED_QUANTITIES_STREAM = 1_000_000;

export type Phase = 'warmup' | 'sampling';

export interface Progress {
  readonly chain: number;
  /** Iterations done, counting warm-up and sampling (1-based). */
  readonly iteration: number;
  readonly totalIterations: number;
  readonly phase: Phase;
  /** Divergent transitions so far in this phase. */
  readonly divergences: number;
  /** Transitions rejected at a non-finite log density so far in this phase. */
  readonly nonFinite: number;
  readonly elapsedSeconds: number;
}

export interface DrawEvent {
  readonly chain: number;
  /** Index of the saved draw (after thinning), 0-based. */
  readonly draw: number;
  /** The draw's values in `fit.columnNames` order. */
  readonly values: Float64Array;
}

export interface ChainHooks {
  readonly onProgress?: (progress: Progress) => void;
  readonly onDraw?: (draw: DrawEvent) => void;
}

export interface ChainResult {
  /** draws[column][draw]. */
  readonly draws: Float64Array[];
  readonly record: ChainRecord;
}

/** What a phase hands on: the chain's state and its cost so far. */
interface Progressing {
  readonly state: ChainState;
  readonly gradientEvaluations: number;
  readonly logDensityEvaluations: number;
  readonly divergences: number;
  readonly nonFinite: number;
}

interface ChainContext<P> {
  readonly model: CompiledModel;
  readonly config: SampleConfig;
  readonly chain: number;
  readonly run: MethodRun<P>;
  readonly rng: Rng;
  readonly hooks: ChainHooks;
  readonly startTime: number;
}

const secondsSince = (start: number): number => (performance.now() - start) / 1000;

function account(progress: Progressing, state: ChainState, info: TransitionInfo): Progressing {
  return {
    state,
    gradientEvaluations: progress.gradientEvaluations + info.numSteps,
    logDensityEvaluations: progress.logDensityEvaluations + (info.numLogDensityEvals ?? 0),
    divergences: progress.divergences + (info.isDivergent ? 1 : 0),
    nonFinite: progress.nonFinite + (info.isNonFinite ? 1 : 0),
  };
}

function report<P>(context: ChainContext<P>, iteration: number, phase: Phase, progress: Progressing): void {
  const { config, hooks } = context;
  if (hooks.onProgress === undefined) return;
  const total = config.warmup + config.draws;
  const phaseEnd = phase === 'warmup' ? config.warmup : total;
  if (iteration % config.progressEvery !== 0 && iteration !== phaseEnd) return;
  hooks.onProgress({
    chain: context.chain,
    iteration,
    totalIterations: total,
    phase,
    divergences: progress.divergences,
    nonFinite: progress.nonFinite,
    elapsedSeconds: secondsSince(context.startTime),
  });
}

function runWarmup<P>(context: ChainContext<P>, start: ChainState): { progress: Progressing; warmup: Warmup<P> } {
  const { model, rng, run } = context;
  let warmup = run.startWarmup(rng, model, start);
  let progress: Progressing = { state: start, gradientEvaluations: 0, logDensityEvaluations: 0, divergences: 0, nonFinite: 0 };
  for (let iteration = 0; iteration < context.config.warmup; iteration++) {
    const [state, info] = run.kernel.step(rng, model, progress.state, warmup.parameters);
    progress = account(progress, state, info);
    warmup = warmup.update(rng, model, state, info);
    report(context, iteration + 1, 'warmup', progress);
  }
  return { progress, warmup };
}

/** Running mean and sum of squares of the unconstrained position (Welford), mutated in place. */
interface PositionMoments {
  count: number;
  readonly mean: Float64Array;
  readonly sumSquares: Float64Array;
}

function addPosition(moments: PositionMoments, position: Float64Array): void {
  moments.count += 1;
  for (let i = 0; i < position.length; i++) {
    const delta = position[i]! - moments.mean[i]!;
    moments.mean[i]! += delta / moments.count;
    moments.sumSquares[i]! += delta * (position[i]! - moments.mean[i]!);
  }
}

function drawRow<P>(
  context: ChainContext<P>,
  parameters: P,
  state: ChainState,
  info: TransitionInfo,
  outputRng: Rng,
): Float64Array {
  const outputs = context.model.outputs(state.position, outputRng);
  const row = new Float64Array(samplerColumnNames.length + outputs.length);
  row[0] = state.logDensity;
  row[1] = info.acceptStat;
  row[2] = context.run.stepSizeOf(parameters);
  row[3] = info.treeDepth;
  row[4] = info.numSteps;
  // Stan's divergent__ flags a trajectory stopped by a non-finite log density too.
  row[5] = info.isDivergent || info.isNonFinite ? 1 : 0;
  row[6] = info.energy;
  row.set(outputs, samplerColumnNames.length);
  return row;
}

function runSampling<P>(context: ChainContext<P>, parameters: P, start: Progressing) {
  const { model, rng, config, run, chain } = context;
  const outputRng = makeRng(config.seed, GENERATED_QUANTITIES_STREAM + chain);
  const numSaved = savedDrawCount(config.draws, config.thin);
  const columns = Array.from(
    { length: samplerColumnNames.length + model.outputNames.length },
    () => new Float64Array(numSaved),
  );
  const divergentPositions: Float64Array[] = [];
  const nonFiniteDraws: number[] = [];
  const moments: PositionMoments = { count: 0, mean: new Float64Array(model.dim), sumSquares: new Float64Array(model.dim) };
  let progress: Progressing = { ...start, divergences: 0, nonFinite: 0 };
  for (let iteration = 0; iteration < config.draws; iteration++) {
    const [state, info] = run.kernel.step(rng, model, progress.state, parameters);
    progress = account(progress, state, info);
    if (info.isDivergent) divergentPositions.push(Float64Array.from(state.position));
    addPosition(moments, state.position);
    if (iteration % config.thin === 0) {
      const draw = iteration / config.thin;
      if (info.isNonFinite) nonFiniteDraws.push(draw);
      const row = drawRow(context, parameters, state, info, outputRng);
      checkRowLength(row, columns.length, model);
      row.forEach((value, column) => (columns[column]![draw] = value));
      context.hooks.onDraw?.({ chain, draw, values: row });
    }
    report(context, config.warmup + iteration + 1, 'sampling', progress);
  }
  const variance = moments.sumSquares.map((sum) => (moments.count > 1 ? sum / (moments.count - 1) : 0));
  return { columns, progress, divergentPositions, nonFiniteDraws, mean: moments.mean, variance };
}

function checkRowLength(row: Float64Array, expected: number, model: CompiledModel): void {
  if (row.length !== expected) {
    throw new Error(
      `sample: model.outputs returned ${row.length - samplerColumnNames.length} values, but the model ` +
        `has ${model.outputNames.length} output names`,
    );
  }
}

/** Runs chain `chain` of `config` on `model`. */
export function runChain(model: CompiledModel, config: SampleConfig, chain: number, hooks: ChainHooks = {}): ChainResult {
  return withMethod(config, (run) => runChainWith(model, config, chain, hooks, run));
}

function runChainWith<P>(
  model: CompiledModel,
  config: SampleConfig,
  chain: number,
  hooks: ChainHooks,
  run: MethodRun<P>,
): ChainResult {
  const rng = makeRng(config.seed, chain);
  const context: ChainContext<P> = { model, config, chain, run, rng, hooks, startTime: performance.now() };
  const position = initialPosition(model, rng, {
    radius: config.initRadius,
    position: config.inits?.[chain],
    requireGradient: run.needsGradient,
  });
  const { progress: warm, warmup } = runWarmup(context, run.kernel.init(model, position));
  const parameters = warmup.final();
  const warmupSeconds = secondsSince(context.startTime);
  const samplingStart = performance.now();
  const sampled = runSampling(context, parameters, warm);
  const record: ChainRecord = {
    chain,
    adaptation: run.describe(parameters),
    // + 1 for the kernel's init, which evaluates the starting point.
    gradientEvaluations: sampled.progress.gradientEvaluations + warmup.gradientEvaluations + (run.needsGradient ? 1 : 0),
    logDensityEvaluations: sampled.progress.logDensityEvaluations + (run.needsGradient ? 0 : 1),
    warmupSeconds,
    samplingSeconds: secondsSince(samplingStart),
    warmupDivergences: warm.divergences,
    divergentPositions: sampled.divergentPositions,
    warmupNonFiniteTransitions: warm.nonFinite,
    nonFiniteTransitions: sampled.progress.nonFinite,
    nonFiniteDraws: sampled.nonFiniteDraws,
    unconstrainedMean: sampled.mean,
    unconstrainedVariance: sampled.variance,
    warnings: run.warnings,
  };
  return { draws: sampled.columns, record };
}
