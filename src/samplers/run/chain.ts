import type { CompiledModel } from '../../models/model.js';
import { outputsIntoOf, type OutputsInto } from '../../models/outputs-into.js';
import { makeRng, type Rng } from '../../random/rng.js';
import type { ChainState, Kernel, MutableChainState, MutableTransitionInfo, TransitionInfo } from '../kernel.js';
import { type ChainRecord, type SampleConfig, samplerColumnNames, savedDrawCount } from './fit.js';
import { initialPosition } from './init.js';
import { type MethodRun, type Warmup, withMethod } from './methods.js';

/**
 * One chain from start to finish: initialisation, warm-up, sampling. Everything random in
 * the chain with id k (0-based: chain_1.csv is k = 0) comes from `makeRng(seed, k)` and, for
 * generated quantities, from `makeRng(seed, GENERATED_QUANTITIES_STREAM + k)`, so a chain's
 * draws depend only on (seed, k), whichever thread or process runs it and whether quantities
 * are generated at all. A run may hold chains with ids firstChainId, firstChainId + 1, ...
 * (config.firstChainId): chains 3-4 run on one machine equal chains 3-4 of a four-chain run.
 * Saved warm-up draws (config.saveWarmup) take their generated quantities from a stream of
 * their own, so saving them leaves the sampling draws unchanged.
 */

/** Offset of the generated-quantities RNG streams from the chains' sampler streams. */
export const GENERATED_QUANTITIES_STREAM = 1_000_000;
/** Offset of the streams of the generated quantities of saved warm-up draws. */
export const WARMUP_GENERATED_QUANTITIES_STREAM = 2_000_000;

/** The 0-based chain id of the chain at `position` (0-based) of a run. */
export function chainIdAt(config: Pick<SampleConfig, 'firstChainId'>, position: number): number {
  return (config.firstChainId ?? 1) - 1 + position;
}

export type Phase = 'warmup' | 'sampling';

export interface Progress {
  /** The chain's position in the run (0-based; its id is chainIdAt(config, chain) + 1). */
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
  /** The chain's position in the run (0-based). */
  readonly chain: number;
  /** Index of the saved draw (after thinning) within its phase, 0-based. */
  readonly draw: number;
  /** A saved warm-up draw (config.saveWarmup) or a sampling draw; default 'sampling'. */
  readonly phase?: Phase;
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
  /** Saved warm-up draws, draws[column][draw], when config.saveWarmup is set. */
  readonly warmupDraws?: Float64Array[];
  readonly record: ChainRecord;
}

/** A phase's running totals, updated in place after each transition. */
interface Progressing {
  gradientEvaluations: number;
  logDensityEvaluations: number;
  divergences: number;
  nonFinite: number;
}

/**
 * The chain's state and its last transition's info: one record each for the whole chain,
 * overwritten by every transition (kernel.advance), so that a transition allocates nothing
 * here. Whatever is kept of them (draws, divergent positions) is copied out.
 */
interface Current {
  readonly state: MutableChainState;
  readonly info: MutableTransitionInfo;
}

// Classes rather than object literals, for V8 (see ChainContextOf): the next chain's literal
// would generalise the field types the first chain's optimised code relied on. The doubles
// start as doubles (NaN, not 0), so no field changes representation mid-chain either.
class ChainStateOf implements MutableChainState {
  readonly position: Float64Array;
  logDensity: number;
  readonly logDensityGrad: Float64Array;

  constructor(start: ChainState) {
    this.position = Float64Array.from(start.position);
    this.logDensity = start.logDensity;
    this.logDensityGrad = Float64Array.from(start.logDensityGrad);
  }
}

class TransitionInfoOf implements MutableTransitionInfo {
  acceptStat = Number.NaN;
  isDivergent = false;
  isNonFinite = false;
  energy = Number.NaN;
  numSteps = 0;
  treeDepth = 0;
  numLogDensityEvals = 0;
}

class CurrentOf implements Current {
  readonly state: MutableChainState;
  readonly info: MutableTransitionInfo = new TransitionInfoOf();

  constructor(start: ChainState) {
    this.state = new ChainStateOf(start);
  }
}

function currentAt(start: ChainState): Current {
  return new CurrentOf(start);
}

/** One transition of `kernel` from `current`, in place (through `step` for a kernel without `advance`). */
function transition<P>(kernel: Kernel<P>, rng: Rng, model: CompiledModel, current: Current, parameters: P): void {
  if (kernel.advance !== undefined) {
    kernel.advance(rng, model, current.state, parameters, current.info);
    return;
  }
  const [state, info] = kernel.step(rng, model, current.state, parameters);
  if (state !== current.state) {
    current.state.position.set(state.position);
    current.state.logDensityGrad.set(state.logDensityGrad);
    current.state.logDensity = state.logDensity;
  }
  const record = current.info;
  record.acceptStat = info.acceptStat;
  record.isDivergent = info.isDivergent;
  record.isNonFinite = info.isNonFinite;
  record.energy = info.energy;
  record.numSteps = info.numSteps;
  record.treeDepth = info.treeDepth;
  record.numLogDensityEvals = info.numLogDensityEvals ?? 0;
}

interface ChainContext<P> {
  readonly model: CompiledModel;
  readonly config: SampleConfig;
  /** Position in the run (events) and 0-based id (random streams, record). */
  readonly chain: number;
  readonly chainId: number;
  readonly run: MethodRun<P>;
  readonly rng: Rng;
  readonly hooks: ChainHooks;
  readonly startTime: number;
  /** model.outputs, or its in-place twin writing one row reused for every draw. */
  readonly outputs: OutputsReader;
}

/**
 * A class rather than an object literal: a literal's object-valued fields take V8 field types
 * from the first chain's values, and the next chain's literal generalises them, discarding
 * the optimised code that read them (storeDraw) as that chain starts. Declared class fields
 * start undefined, so their types are general from the first chain on.
 */
class ChainContextOf<P> implements ChainContext<P> {
  readonly startTime = performance.now();

  constructor(
    readonly model: CompiledModel,
    readonly config: SampleConfig,
    readonly chain: number,
    readonly chainId: number,
    readonly run: MethodRun<P>,
    readonly rng: Rng,
    readonly hooks: ChainHooks,
    readonly outputs: OutputsReader,
  ) {}
}

/** The chain's way to the model's outputs: into one reused row when the model has an in-place twin. */
/** How a chain reads the model's outputs at a draw. */
interface OutputsReader {
  read(theta: Float64Array, rng: Rng): Float64Array;
}

// Objects of a class rather than a closure per chain: storeDraw's call then has one target
// for every chain (a new closure at chain 2 made V8 deoptimise it, "wrong call target").

/** Into one row reused for every draw, through the model's in-place twin of `outputs`. */
class RowOutputs implements OutputsReader {
  private readonly row: Float64Array;

  constructor(
    private readonly into: OutputsInto,
    size: number,
  ) {
    this.row = new Float64Array(size);
  }

  read(theta: Float64Array, rng: Rng): Float64Array {
    this.into(theta, rng, this.row);
    return this.row;
  }
}

/** model.outputs itself, for a model without an in-place twin. */
class ModelOutputs implements OutputsReader {
  constructor(private readonly model: CompiledModel) {}

  read(theta: Float64Array, rng: Rng): Float64Array {
    return this.model.outputs(theta, rng);
  }
}

function outputsReader(model: CompiledModel): OutputsReader {
  const into = outputsIntoOf(model);
  return into === undefined ? new ModelOutputs(model) : new RowOutputs(into, model.outputNames.length);
}

const secondsSince = (start: number): number => (performance.now() - start) / 1000;

function account(progress: Progressing, info: TransitionInfo): void {
  progress.gradientEvaluations += info.numSteps;
  progress.logDensityEvaluations += info.numLogDensityEvals ?? 0;
  if (info.isDivergent) progress.divergences += 1;
  if (info.isNonFinite) progress.nonFinite += 1;
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

function emptyColumns(model: CompiledModel, count: number): Float64Array[] {
  return Array.from({ length: samplerColumnNames.length + model.outputNames.length }, () => new Float64Array(count));
}

function runWarmup<P>(context: ChainContext<P>, current: Current): { progress: Progressing; warmup: Warmup<P>; saved?: Float64Array[] } {
  const { model, rng, run, config } = context;
  const { state, info } = current;
  let warmup = run.startWarmup(rng, model, state);
  const progress: Progressing = { gradientEvaluations: 0, logDensityEvaluations: 0, divergences: 0, nonFinite: 0 };
  // Stan's save_warmup: every thin-th warm-up iteration, with the step size it used.
  const saved = config.saveWarmup === true ? emptyColumns(model, savedDrawCount(config.warmup, config.thin)) : undefined;
  const outputRng = saved === undefined ? undefined : makeRng(config.seed, WARMUP_GENERATED_QUANTITIES_STREAM + context.chainId);
  for (let iteration = 0; iteration < config.warmup; iteration++) {
    const parameters = warmup.parameters;
    transition(run.kernel, rng, model, current, parameters);
    account(progress, info);
    if (saved !== undefined && iteration % config.thin === 0) {
      const draw = iteration / config.thin;
      const row = storeDraw(context, parameters, current, outputRng!, saved, draw);
      if (row !== undefined) context.hooks.onDraw?.({ chain: context.chain, draw, phase: 'warmup', values: row });
    }
    warmup = warmup.update(rng, model, state, info);
    report(context, iteration + 1, 'warmup', progress);
  }
  return { progress, warmup, ...(saved === undefined ? {} : { saved }) };
}

/** Running mean and sum of squares of the unconstrained position (Welford), mutated in place. */
interface PositionMoments {
  count: number;
  readonly mean: Float64Array;
  readonly sumSquares: Float64Array;
}

function addPosition(moments: PositionMoments, position: Float64Array): void {
  const count = moments.count + 1;
  moments.count = count;
  // One division per draw, not per coordinate: at 100 dimensions the hundred divisions were
  // ~0.5 µs of every sampling iteration (nuts-step, 100-d: 0.03 µs per leapfrog step).
  const weight = 1 / count;
  const { mean, sumSquares } = moments;
  for (let i = 0; i < position.length; i++) {
    const x = position[i]!;
    const delta = x - mean[i]!;
    const updated = mean[i]! + delta * weight;
    mean[i] = updated;
    sumSquares[i]! += delta * (x - updated);
  }
}

/**
 * Writes draw `draw` — the sampler's columns, then the model's outputs — into `columns`, and
 * returns it as a row when an onDraw hook wants one (only then is a row allocated).
 */
function storeDraw<P>(
  context: ChainContext<P>,
  parameters: P,
  current: Current,
  outputRng: Rng,
  columns: Float64Array[],
  draw: number,
): Float64Array | undefined {
  const { model } = context;
  const { state, info } = current;
  const outputs = context.outputs.read(state.position, outputRng);
  const first = samplerColumnNames.length;
  if (first + outputs.length !== columns.length) {
    throw new Error(
      `sample: model.outputs returned ${outputs.length} values, but the model has ${model.outputNames.length} output names`,
    );
  }
  columns[0]![draw] = state.logDensity;
  columns[1]![draw] = info.acceptStat;
  columns[2]![draw] = context.run.stepSizeOf(parameters);
  columns[3]![draw] = info.treeDepth;
  columns[4]![draw] = info.numSteps;
  // Stan's divergent__ flags a trajectory stopped by a non-finite log density too.
  columns[5]![draw] = info.isDivergent || info.isNonFinite ? 1 : 0;
  columns[6]![draw] = info.energy;
  for (let i = 0; i < outputs.length; i++) columns[first + i]![draw] = outputs[i]!;
  if (context.hooks.onDraw === undefined) return undefined;
  const row = new Float64Array(columns.length);
  for (let column = 0; column < columns.length; column++) row[column] = columns[column]![draw]!;
  return row;
}

function runSampling<P>(context: ChainContext<P>, parameters: P, current: Current) {
  const { model, rng, config, run, chain } = context;
  const { state, info } = current;
  const outputRng = makeRng(config.seed, GENERATED_QUANTITIES_STREAM + context.chainId);
  const columns = emptyColumns(model, savedDrawCount(config.draws, config.thin));
  const divergentPositions: Float64Array[] = [];
  const nonFiniteDraws: number[] = [];
  const moments: PositionMoments = { count: 0, mean: new Float64Array(model.dim), sumSquares: new Float64Array(model.dim) };
  const progress: Progressing = { gradientEvaluations: 0, logDensityEvaluations: 0, divergences: 0, nonFinite: 0 };
  for (let iteration = 0; iteration < config.draws; iteration++) {
    transition(run.kernel, rng, model, current, parameters);
    account(progress, info);
    if (info.isDivergent) divergentPositions.push(Float64Array.from(state.position));
    addPosition(moments, state.position);
    if (iteration % config.thin === 0) {
      const draw = iteration / config.thin;
      if (info.isNonFinite) nonFiniteDraws.push(draw);
      const row = storeDraw(context, parameters, current, outputRng, columns, draw);
      if (row !== undefined) context.hooks.onDraw?.({ chain, draw, phase: 'sampling', values: row });
    }
    report(context, config.warmup + iteration + 1, 'sampling', progress);
  }
  const variance = moments.sumSquares.map((sum) => (moments.count > 1 ? sum / (moments.count - 1) : 0));
  return { columns, progress, divergentPositions, nonFiniteDraws, mean: moments.mean, variance };
}

/** Runs the chain at position `chain` (0-based) of `config` on `model`: its id is chainIdAt(config, chain). */
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
  const chainId = chainIdAt(config, chain);
  const rng = makeRng(config.seed, chainId);
  const context = new ChainContextOf(model, config, chain, chainId, run, rng, hooks, outputsReader(model));
  const position = initialPosition(model, rng, {
    radius: config.initRadius,
    position: config.inits?.[chain],
    requireGradient: run.needsGradient,
  });
  const current = currentAt(run.kernel.init(model, position));
  const { progress: warm, warmup, saved: warmupDraws } = runWarmup(context, current);
  const parameters = warmup.final();
  const warmupSeconds = secondsSince(context.startTime);
  const samplingStart = performance.now();
  const sampled = runSampling(context, parameters, current);
  const record: ChainRecord = {
    chain: chainId,
    adaptation: run.describe(parameters),
    // + 1 for the kernel's init, which evaluates the starting point.
    gradientEvaluations: warm.gradientEvaluations + sampled.progress.gradientEvaluations + warmup.gradientEvaluations + (run.needsGradient ? 1 : 0),
    logDensityEvaluations: warm.logDensityEvaluations + sampled.progress.logDensityEvaluations + (run.needsGradient ? 0 : 1),
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
  return { draws: sampled.columns, ...(warmupDraws === undefined ? {} : { warmupDraws }), record };
}
