import type { CompiledModel } from '../../models/model.js';
import type { Rng } from '../../random/rng.js';
import { findStepSize } from '../find-step-size.js';
import type { ChainState, KernelParameters, Metric } from '../kernel.js';
import { denseMetric, diagMetric, identityMetric } from '../metric.js';
import {
  type DualAveragingOptions,
  type DualAveragingState,
  defaultDualAveragingOptions,
  dualAveragingFinal,
  dualAveragingAdvance,
  dualAveragingInit,
  type MutableDualAveragingState,
} from './dual-averaging.js';
import type { WarmupStage } from './schedule.js';
import {
  type WelfordCovarianceAccumulator,
  type WelfordCovarianceState,
  type WelfordVarianceAccumulator,
  type WelfordVarianceState,
  welfordCovarianceAccumulate,
  welfordCovarianceAccumulator,
  welfordCovarianceFinal,
  welfordVarianceAccumulate,
  welfordVarianceFinal,
  welfordVarianceInit,
} from './welford.js';

/**
 * Stan's warm-up (Stan Reference Manual, "Automatic parameter tuning"; the adaptive
 * samplers in stan/mcmc/hmc/nuts/adapt_*_e_nuts.hpp), composed from dual averaging, a
 * Welford estimator and the windowed schedule:
 *   - after every warm-up transition the step size takes one dual-averaging update;
 *   - in slow iterations the position feeds the metric estimator;
 *   - at a window end the metric becomes the regularised estimate, the step size is
 *     re-initialised by the heuristic for the new metric (Stan's init_stepsize), and dual
 *     averaging restarts with mu = log(10 eps);
 *   - at the end of warm-up the step size is exp(xBar), the averaged iterate.
 * Differs from Stan in one place: the first dual averaging also uses mu = log(10 eps0) with
 * eps0 the heuristic's step size, as Hoffman & Gelman (2014) Algorithm 5, where Stan uses
 * the user's nominal step size (default 1) before the first window.
 */

export type MetricKind = Metric['kind'];

type MetricEstimator =
  | { readonly kind: 'diag'; readonly state: WelfordVarianceState }
  | { readonly kind: 'dense'; readonly state: WelfordCovarianceState };

/** The estimator of a `WindowAdaptationRun`, updated in place. */
type MetricAccumulator =
  | { readonly kind: 'diag'; readonly state: WelfordVarianceAccumulator }
  | { readonly kind: 'dense'; readonly state: WelfordCovarianceAccumulator };

export interface WindowAdaptationState {
  /** Warm-up iterations done. */
  readonly iteration: number;
  /** What the next transition uses. */
  readonly parameters: KernelParameters;
  readonly dualAveraging: DualAveragingState;
  readonly estimator: MetricEstimator;
  /** Number of metric updates so far (window ends passed). */
  readonly metricUpdates: number;
  /** Gradient evaluations spent by the step-size heuristic so far. */
  readonly heuristicGradientEvaluations: number;
}

export interface WindowAdaptationOptions {
  readonly schedule: readonly WarmupStage[];
  readonly metricKind: MetricKind;
  readonly dualAveraging?: DualAveragingOptions;
}

function estimatorInit(kind: MetricKind, dim: number): MetricAccumulator {
  switch (kind) {
    case 'diag':
      return { kind, state: welfordVarianceInit(dim) };
    case 'dense':
      return { kind, state: welfordCovarianceAccumulator(dim) };
    default: {
      const unknown: never = kind;
      throw new Error(`windowAdaptation: metric kind '${String(unknown)}' is not 'diag' or 'dense'`);
    }
  }
}

function estimatorAccumulate(estimator: MetricAccumulator, position: Float64Array): void {
  if (estimator.kind === 'diag') welfordVarianceAccumulate(estimator.state, position);
  else welfordCovarianceAccumulate(estimator.state, position);
}

/** A copy of an estimator that may then be updated in place. */
function estimatorCopy(estimator: MetricEstimator): MetricAccumulator {
  const { count, mean } = estimator.state;
  return estimator.kind === 'diag'
    ? { kind: 'diag', state: { count, mean: Float64Array.from(mean), sumSquares: Float64Array.from(estimator.state.sumSquares) } }
    : {
        kind: 'dense',
        state: {
          count,
          mean: Float64Array.from(mean),
          sumOuterProducts: Float64Array.from(estimator.state.sumOuterProducts),
          delta: new Float64Array(mean.length),
        },
      };
}

function estimatorMetric(estimator: MetricEstimator): Metric {
  return estimator.kind === 'diag'
    ? diagMetric(welfordVarianceFinal(estimator.state))
    : denseMetric(welfordCovarianceFinal(estimator.state));
}

/** The unit metric of `kind` in `dim` dimensions (Stan's starting metric). */
export function unitMetric(kind: MetricKind, dim: number): Metric {
  if (kind === 'diag') return identityMetric(dim);
  const identity = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) identity[i * dim + i] = 1;
  return denseMetric(identity);
}

/**
 * Starts warm-up at `state` with `metric` (default: unit): runs the step-size heuristic from
 * `initialStepSize` and starts dual averaging there.
 */
export function windowAdaptationInit(
  rng: Rng,
  model: CompiledModel,
  state: ChainState,
  options: WindowAdaptationOptions & { readonly initialStepSize: number; readonly metric?: Metric },
): WindowAdaptationState {
  const dim = state.position.length;
  const metric = options.metric ?? unitMetric(options.metricKind, dim);
  const search = findStepSize(rng, model, state, { stepSize: options.initialStepSize, metric });
  return {
    iteration: 0,
    parameters: { stepSize: search.stepSize, metric },
    dualAveraging: dualAveragingInit(search.stepSize),
    estimator: estimatorInit(options.metricKind, dim),
    metricUpdates: 0,
    heuristicGradientEvaluations: search.gradientEvaluations,
  };
}

/** Adapts after one warm-up transition that moved the chain to `state` with `acceptStat`. */
export function windowAdaptationUpdate(
  adaptation: WindowAdaptationState,
  rng: Rng,
  model: CompiledModel,
  state: ChainState,
  acceptStat: number,
  options: WindowAdaptationOptions,
): WindowAdaptationState {
  const run = windowAdaptationRun(adaptation);
  windowAdaptationAdvance(run, rng, model, state, acceptStat, options);
  return run;
}

/**
 * A window adaptation that its owner advances in place (windowAdaptationAdvance): the chain
 * driver's warm-up, which so copies no estimator per iteration. A state it is made from
 * is copied, never changed.
 */
export type WindowAdaptationRun = { -readonly [Key in keyof WindowAdaptationState]: WindowAdaptationState[Key] } & {
  estimator: MetricAccumulator;
  /** Updated in place: an iteration inside a window allocates nothing. */
  parameters: { stepSize: number; readonly metric: Metric };
  dualAveraging: MutableDualAveragingState;
};

export function windowAdaptationRun(adaptation: WindowAdaptationState): WindowAdaptationRun {
  return {
    ...adaptation,
    parameters: { ...adaptation.parameters },
    dualAveraging: { ...adaptation.dualAveraging },
    estimator: estimatorCopy(adaptation.estimator),
  };
}

/** windowAdaptationUpdate in place. */
export function windowAdaptationAdvance(
  run: WindowAdaptationRun,
  rng: Rng,
  model: CompiledModel,
  state: ChainState,
  acceptStat: number,
  options: WindowAdaptationOptions,
): void {
  const stage = options.schedule[run.iteration];
  if (stage === undefined) {
    throw new Error(
      `windowAdaptationUpdate: iteration ${run.iteration + 1} is past the ` +
        `${options.schedule.length} warm-up iterations of the schedule`,
    );
  }
  const dualAveraging = run.dualAveraging;
  dualAveragingAdvance(dualAveraging, acceptStat, options.dualAveraging ?? defaultDualAveragingOptions);
  if (stage.stage === 'slow') estimatorAccumulate(run.estimator, state.position);
  run.iteration += 1;
  if (!stage.endsWindow) {
    run.parameters.stepSize = dualAveraging.stepSize;
    return;
  }
  const metric = estimatorMetric(run.estimator);
  const search = findStepSize(rng, model, state, { stepSize: dualAveraging.stepSize, metric });
  run.metricUpdates += 1;
  run.heuristicGradientEvaluations += search.gradientEvaluations;
  run.parameters = { stepSize: search.stepSize, metric };
  run.dualAveraging = dualAveragingInit(search.stepSize);
  run.estimator = estimatorInit(run.estimator.kind, state.position.length);
}

/** The parameters to sample with: the last metric and the averaged step size exp(xBar). */
export function windowAdaptationFinal(adaptation: WindowAdaptationState): KernelParameters {
  return { stepSize: dualAveragingFinal(adaptation.dualAveraging), metric: adaptation.parameters.metric };
}
