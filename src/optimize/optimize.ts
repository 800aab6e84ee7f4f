import type { CompiledModel } from '../models/model.js';
import { makeRng } from '../random/rng.js';
import { GENERATED_QUANTITIES_STREAM } from '../samplers/run/chain.js';
import { initialPosition } from '../samplers/run/init.js';
import { laplaceApproximation, type LaplaceResult } from './laplace.js';
import { applyInverseHessian, dotProduct, emptyHistory, type LbfgsHistory, norm, pushPair } from './lbfgs.js';
import { defaultLineSearchOptions, type LinePoint, strongWolfeSearch } from './line-search.js';
import { checkTermination, defaultTolerances, relativeGradientMet, type TerminationReason, terminationMessages, type Tolerances } from './termination.js';

/**
 * Posterior mode finding by L-BFGS (Nocedal & Wright 2006, algorithm 7.5) with a strong-Wolfe
 * line search (algorithms 3.5/3.6) on the unconstrained space, with Stan's defaults and
 * termination tests (termination.ts). The objective is −model.logDensity.
 *
 * Jacobian. Stan's optimize by default maximises the density without the Jacobian terms of
 * the constraint transforms (a penalised maximum likelihood: the mode of the constrained
 * density); with jacobian=true it maximises the unconstrained posterior density (the MAP on
 * the unconstrained scale, the centre of a Laplace approximation there). The density is the
 * model's, so the model decides: pass a model compiled with `compile(data, { jacobian: false })`
 * for Stan's default. `jacobian` states which one is meant, and a model that records how it
 * was compiled (`options.jacobian`) and has constrained parameters must agree with it.
 */

export interface OptimizeOptions extends Partial<Tolerances> {
  readonly algorithm?: 'lbfgs';
  /** Which mode is sought (see above); default false, as Stan. */
  readonly jacobian?: boolean;
  /** Initial unconstrained position; otherwise drawn uniformly from (-initRadius, initRadius). */
  readonly init?: Float64Array;
  /** Default 2, as Stan. */
  readonly initRadius?: number;
  /** Seeds the initial position and generated quantities; default 0. */
  readonly seed?: number;
  /** Default 2000, as Stan. */
  readonly maxIterations?: number;
  /** L-BFGS history size, default 5. */
  readonly history?: number;
  /** First trial step length of the first line search (Stan's init_alpha), default 0.001. */
  readonly initAlpha?: number;
  /** Draws of a Laplace approximation at the mode (see laplace.ts); default 0, none. */
  readonly laplaceDraws?: number;
  /** Called at the initial point and after every accepted step (Pathfinder follows the path). */
  readonly onIterate?: (iterate: LbfgsIterate) => void;
}

/** A point of the L-BFGS path, for observers. */
export interface LbfgsIterate {
  /** 0 for the initial point. */
  readonly iteration: number;
  readonly position: Float64Array;
  readonly logDensity: number;
  /** ∇ log p at the position. */
  readonly gradient: Float64Array;
  /** The (s, y) pairs of the minimised objective −log p behind the next step's direction. */
  readonly history: LbfgsHistory;
}

function reportIterate(onIterate: OptimizeOptions['onIterate'], iteration: number, iterate: Iterate): void {
  if (onIterate === undefined) return;
  const { point, history } = iterate;
  onIterate({ iteration, position: point.position, logDensity: -point.value, gradient: point.gradient.map((value) => -value), history });
}

export interface OptimizeResult {
  /** The mode on the unconstrained scale. */
  readonly position: Float64Array;
  /** model.outputs at the mode (parameters constrained, transformed parameters, generated quantities). */
  readonly outputs: Float64Array;
  readonly outputNames: readonly string[];
  /** outputs by name. */
  readonly estimates: Readonly<Record<string, number>>;
  readonly logDensity: number;
  /** ∇ log p at the mode. */
  readonly gradient: Float64Array;
  readonly iterations: number;
  readonly gradientEvaluations: number;
  /** True unless the iteration cap was hit or the line search failed. */
  readonly converged: boolean;
  readonly reason: TerminationReason;
  /** Stan's wording of the reason. */
  readonly message: string;
  readonly seconds: number;
  readonly jacobian: boolean;
  readonly laplace?: LaplaceResult;
}

interface ModelWithOptions {
  readonly options?: { readonly jacobian?: boolean };
  readonly parameterInfo?: readonly { readonly name: string; readonly constraint?: string }[];
}

function checkJacobian(model: CompiledModel, jacobian: boolean): void {
  const described = model as CompiledModel & ModelWithOptions;
  const compiledWith = described.options?.jacobian;
  if (compiledWith === undefined || compiledWith === jacobian) return;
  const constrained = (described.parameterInfo ?? []).filter((q) => q.constraint !== undefined && q.constraint !== 'real');
  if (constrained.length === 0) return; // no constraint transform: both densities are the same
  throw new Error(
    `optimize: jacobian is ${jacobian}, but the model was compiled with jacobian ${compiledWith} and has constrained ` +
      `parameters (${constrained.map((q) => q.name).join(', ')}). ` +
      (jacobian
        ? 'Compile it with { jacobian: true } (the default) for the mode of the unconstrained posterior.'
        : "Compile it with compile(data, { jacobian: false }) for Stan's default (the penalised maximum likelihood), or pass { jacobian: true }."),
  );
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`optimize: ${name} is ${value}, but must be a positive integer`);
  return value;
}

function resolveTolerances(options: OptimizeOptions): Tolerances {
  const tolerances = { ...defaultTolerances };
  for (const name of Object.keys(defaultTolerances) as (keyof Tolerances)[]) {
    const value = options[name] ?? defaultTolerances[name];
    if (!(value >= 0) || !Number.isFinite(value)) throw new Error(`optimize: ${name} is ${value}, but must be a finite non-negative number`);
    tolerances[name] = value;
  }
  return tolerances;
}

/** f = −log p and ∇f along the ray x + alpha p. */
function linePoint(model: CompiledModel, x: Float64Array, direction: Float64Array, alpha: number): LinePoint {
  const position = x.map((value, i) => value + alpha * direction[i]!);
  const { logDensity, gradient } = model.logDensityAndGradient(position);
  const objectiveGradient = gradient.map((value) => -value);
  const finite = Number.isFinite(logDensity) && objectiveGradient.every(Number.isFinite);
  return { alpha, value: finite ? -logDensity : Infinity, slope: finite ? dotProduct(objectiveGradient, direction) : NaN, position, gradient: objectiveGradient };
}

interface Iterate {
  readonly point: LinePoint;
  readonly history: LbfgsHistory;
  /** The next search direction, −Ĥ⁻¹ ∇f. */
  readonly direction: Float64Array;
}

interface StepOutcome {
  readonly iterate: Iterate;
  readonly evaluations: number;
  readonly reason?: TerminationReason;
}

interface Run {
  readonly model: CompiledModel;
  readonly tolerances: Tolerances;
  readonly maxIterations: number;
  readonly initAlpha: number;
}

function searchAlong(model: CompiledModel, point: LinePoint, direction: Float64Array, initialAlpha: number) {
  const start = { ...point, alpha: 0, slope: dotProduct(point.gradient, direction) };
  return strongWolfeSearch((alpha) => linePoint(model, point.position, direction, alpha), start, initialAlpha, defaultLineSearchOptions);
}

/** One L-BFGS iteration: line search, termination tests, history update. */
function lbfgsStep(run: Run, iterate: Iterate, iteration: number): StepOutcome {
  const { point, history } = iterate;
  // A fresh history starts with Stan's small first step; quasi-Newton steps try alpha = 1 (N&W section 3.5).
  let search = searchAlong(run.model, point, iterate.direction, history.steps.length === 0 ? run.initAlpha : 1);
  let evaluations = search.evaluations;
  let current = iterate;
  if (!search.ok && history.steps.length > 0) {
    // As Stan: on failure, reset the approximation to steepest descent and search once more.
    current = { point, history: emptyHistory(history.capacity), direction: point.gradient.map((g) => -g) };
    search = searchAlong(run.model, point, current.direction, run.initAlpha);
    evaluations += search.evaluations;
  }
  if (!search.ok) return { iterate: current, evaluations, reason: 'line-search-failed' };
  const next = search.point;
  const step = next.position.map((value, i) => value - point.position[i]!);
  const change = { iteration, maxIterations: run.maxIterations, previousValue: point.value, value: next.value, gradientNorm: norm(next.gradient), stepNorm: norm(step) };
  const reason = checkTermination(change, run.tolerances);
  const updated = pushPair(current.history, step, next.gradient.map((value, i) => value - point.gradient[i]!));
  const scaled = applyInverseHessian(updated, next.gradient);
  const outcome = { iterate: { point: next, history: updated, direction: scaled.map((value) => -value) }, evaluations };
  if (reason !== undefined) return { ...outcome, reason };
  return relativeGradientMet(dotProduct(next.gradient, scaled), next.value, run.tolerances) ? { ...outcome, reason: 'relative-gradient' } : outcome;
}

/** Finds a mode of model.logDensity; see the file comment for `jacobian`. */
export function optimize(model: CompiledModel, options: OptimizeOptions = {}): OptimizeResult {
  const laplaceDraws = options.laplaceDraws ?? 0;
  if (!Number.isInteger(laplaceDraws) || laplaceDraws < 0) throw new Error(`optimize: laplaceDraws is ${laplaceDraws}, but must be a non-negative integer`);
  const result = lbfgsMode(model, options);
  return laplaceDraws > 0 ? { ...result, laplace: laplaceApproximation(model, result.position, { draws: laplaceDraws, seed: options.seed ?? 0 }) } : result;
}

/**
 * optimize without its Laplace draws: what Pathfinder's paths run, so that a bundle holding
 * Pathfinder (the sampler workers', for init: 'pathfinder') holds no Laplace approximation.
 */
export function lbfgsMode(model: CompiledModel, options: OptimizeOptions = {}): OptimizeResult {
  const start = performance.now();
  if ((options.algorithm ?? 'lbfgs') !== 'lbfgs') throw new Error(`optimize: algorithm is '${String(options.algorithm)}', but must be 'lbfgs'`);
  const jacobian = options.jacobian ?? false;
  checkJacobian(model, jacobian);
  const tolerances = resolveTolerances(options);
  const run: Run = { model, tolerances, maxIterations: positiveInteger('maxIterations', options.maxIterations ?? 2000), initAlpha: options.initAlpha ?? 1e-3 };
  if (!(run.initAlpha > 0)) throw new Error(`optimize: initAlpha is ${run.initAlpha}, but must be positive`);
  const seed = options.seed ?? 0;
  const x0 = initialPosition(model, makeRng(seed, 0), { radius: options.initRadius ?? 2, ...(options.init === undefined ? {} : { position: options.init }) });

  const first = linePoint(model, x0, new Float64Array(model.dim), 0);
  let iterate: Iterate = { point: first, history: emptyHistory(positiveInteger('history', options.history ?? 5)), direction: first.gradient.map((g) => -g) };
  let gradientEvaluations = 1;
  let iteration = 0;
  // Started at a stationary point: there is no descent direction to search along.
  let reason: TerminationReason | undefined = norm(first.gradient) < tolerances.tolGrad ? 'absolute-gradient' : undefined;
  reportIterate(options.onIterate, 0, iterate);
  while (reason === undefined) {
    iteration++;
    const outcome = lbfgsStep(run, iterate, iteration);
    gradientEvaluations += outcome.evaluations;
    reason = outcome.reason;
    // A failed line search leaves the point where it was.
    if (reason !== 'line-search-failed') reportIterate(options.onIterate, iteration, outcome.iterate);
    iterate = outcome.iterate;
  }

  const mode = iterate.point;
  const outputs = model.outputs(mode.position, makeRng(seed, GENERATED_QUANTITIES_STREAM));
  const estimates = Object.fromEntries(model.outputNames.map((name, i) => [name, outputs[i]!]));
  return {
    position: mode.position,
    outputs,
    outputNames: model.outputNames,
    estimates,
    logDensity: -mode.value,
    gradient: mode.gradient.map((value) => -value),
    iterations: iteration,
    gradientEvaluations,
    converged: reason !== 'max-iterations' && reason !== 'line-search-failed',
    reason,
    message: terminationMessages[reason],
    seconds: (performance.now() - start) / 1000,
    jacobian,
  };
}
