import type { CompiledModel } from '../../models/model.js';
import type { Rng } from '../../random/rng.js';
import { defaultDualAveragingOptions } from '../adaptation/dual-averaging.js';
import { buildWarmupSchedule } from '../adaptation/schedule.js';
import {
  type WindowAdaptationOptions,
  type WindowAdaptationRun,
  type WindowAdaptationState,
  windowAdaptationAdvance,
  windowAdaptationFinal,
  windowAdaptationInit,
  windowAdaptationRun,
} from '../adaptation/window-adaptation.js';
import { buildHmcKernel } from '../hmc.js';
import type { ChainState, Kernel, KernelParameters, Metric, TransitionInfo } from '../kernel.js';
import { denseMetric, diagMetric } from '../metric.js';
import type { MetropolisParameters } from '../metropolis.js';
import { buildMetropolisKernel } from '../metropolis.js';
import {
  type MetropolisAdaptationState,
  metropolisAdaptationFinal,
  metropolisAdaptationInit,
  metropolisAdaptationUpdate,
} from '../metropolis-adaptation.js';
import { buildNutsKernel } from '../nuts.js';
import type { AdaptationResult, SampleConfig } from './fit.js';

/**
 * Each sampling method as a kernel plus its warm-up, behind one interface so that the chain
 * driver is written once. `update` returns the warm-up to use next (the windowed warm-up
 * advances itself in place and returns itself; Metropolis's returns a new value).
 */

/** A method's warm-up. `update` may return the same object, advanced (the chain driver's use). */
export interface Warmup<Parameters> {
  /** Parameters for the next transition. */
  readonly parameters: Parameters;
  /** Gradient evaluations the adaptation itself spent (step-size heuristic probes). */
  readonly gradientEvaluations: number;
  update(rng: Rng, model: CompiledModel, state: ChainState, info: TransitionInfo): Warmup<Parameters>;
  /** Parameters for sampling. */
  final(): Parameters;
}

export interface MethodRun<Parameters> {
  readonly kernel: Kernel<Parameters>;
  /** Stan's stepsize__ column. */
  stepSizeOf(parameters: Parameters): number;
  describe(parameters: Parameters): AdaptationResult;
  startWarmup(rng: Rng, model: CompiledModel, state: ChainState): Warmup<Parameters>;
  /** Whether initialisation needs a finite gradient as well as a finite log density. */
  readonly needsGradient: boolean;
  /** Messages about the warm-up (e.g. a shortened schedule). */
  readonly warnings: readonly string[];
}

/**
 * Stan's windowed warm-up for the chain driver: one object for the whole warm-up, whose
 * adaptation is advanced in place (windowAdaptationAdvance), so that a warm-up iteration
 * allocates no estimator copy; `update` returns the same object.
 */
function windowWarmup(start: WindowAdaptationState, options: WindowAdaptationOptions): Warmup<KernelParameters> {
  const run: WindowAdaptationRun = windowAdaptationRun(start);
  const warmup: Warmup<KernelParameters> = {
    get parameters() {
      return run.parameters;
    },
    get gradientEvaluations() {
      return run.heuristicGradientEvaluations;
    },
    update: (rng, model, state, info) => {
      windowAdaptationAdvance(run, rng, model, state, info.acceptStat, options);
      return warmup;
    },
    final: () => windowAdaptationFinal(run),
  };
  return warmup;
}

/** The metric warm-up starts from: the user's (or Pathfinder's) inverse metric, else the unit one. */
function startingMetric(config: SampleConfig): { readonly metric?: Metric } {
  if (config.inverseMetric === undefined) return {};
  try {
    return { metric: config.metric === 'diag' ? diagMetric(config.inverseMetric) : denseMetric(config.inverseMetric) };
  } catch (error) {
    throw new Error(`sample: inverseMetric: ${(error as Error).message.replace(/^\w+: /, '')}`);
  }
}

// One function for every chain, not a closure per run: a chain's saved draws call stepSizeOf,
// and a new closure at the next chain made V8 deoptimise that call ("wrong call target").
const hamiltonianStepSize = (parameters: KernelParameters): number => parameters.stepSize;
const describeHamiltonian = (parameters: KernelParameters): AdaptationResult => ({ kind: 'hamiltonian', ...parameters });
const metropolisScale = (parameters: MetropolisParameters): number => parameters.proposalScale;
const describeMetropolis = (parameters: MetropolisParameters): AdaptationResult => ({ kind: 'metropolis', ...parameters });

function hamiltonianRun(kernel: Kernel, config: SampleConfig): MethodRun<KernelParameters> {
  const schedule = buildWarmupSchedule(config.warmup);
  const options: WindowAdaptationOptions = {
    schedule: schedule.stages,
    metricKind: config.metric,
    dualAveraging: { ...defaultDualAveragingOptions, targetAcceptance: config.adaptDelta },
  };
  return {
    kernel,
    stepSizeOf: hamiltonianStepSize,
    describe: describeHamiltonian,
    startWarmup: (rng, model, state) =>
      windowWarmup(
        windowAdaptationInit(rng, model, state, { ...options, initialStepSize: config.initialStepSize, ...startingMetric(config) }),
        options,
      ),
    needsGradient: true,
    warnings: config.warmup > 0 ? schedule.warnings : [],
  };
}

function metropolisWarmup(adaptation: MetropolisAdaptationState, targetAcceptance: number, numWarmup: number): Warmup<MetropolisParameters> {
  return {
    parameters: adaptation.parameters,
    gradientEvaluations: 0,
    // The warm-up length lets the last covariance window stretch to the end buffer, as Stan's.
    update: (_rng, _model, state, info) =>
      metropolisWarmup(
        metropolisAdaptationUpdate(adaptation, state.position, info.acceptStat, { targetAcceptance, numWarmup }),
        targetAcceptance,
        numWarmup,
      ),
    final: () => metropolisAdaptationFinal(adaptation),
  };
}

function metropolisRun(config: SampleConfig): MethodRun<MetropolisParameters> {
  return {
    kernel: buildMetropolisKernel(),
    stepSizeOf: metropolisScale,
    describe: describeMetropolis,
    startWarmup: (_rng, model) => metropolisWarmup(metropolisAdaptationInit(model.dim), config.adaptDelta, config.warmup),
    needsGradient: false,
    warnings: [],
  };
}

/**
 * Runs `body` with the kernel and warm-up of `config.method`. A callback rather than a return
 * value because each method has its own parameter type.
 */
export function withMethod<Result>(config: SampleConfig, body: <P>(run: MethodRun<P>) => Result): Result {
  switch (config.method) {
    case 'nuts':
      return body(hamiltonianRun(buildNutsKernel({ maxTreeDepth: config.maxTreeDepth }), config));
    case 'hmc':
      return body(hamiltonianRun(buildHmcKernel({ integrationTime: config.integrationTime, jitter: config.stepSizeJitter }), config));
    case 'metropolis':
      return body(metropolisRun(config));
    default: {
      const unknown: never = config.method;
      throw new Error(`sample: method is '${String(unknown)}', but must be 'nuts', 'hmc' or 'metropolis'`);
    }
  }
}
