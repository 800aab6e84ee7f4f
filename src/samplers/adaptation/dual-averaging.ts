/**
 * Step-size adaptation by Nesterov's dual averaging, as in Hoffman & Gelman (2014), "The
 * No-U-Turn Sampler", Algorithm 5 and eq. (6), with Stan's defaults and Stan's details
 * (stan/mcmc/stepsize_adaptation.hpp): the acceptance statistic is capped at 1 and the
 * iteration counter restarts at every metric-window end.
 *
 * With H_t = delta - alpha_t (target minus observed acceptance):
 *   sBar_t = (1 - 1/(t + t0)) sBar_{t-1} + H_t / (t + t0)
 *   x_t    = mu - sqrt(t) / gamma * sBar_t                 (x = log step size)
 *   xBar_t = t^-kappa x_t + (1 - t^-kappa) xBar_{t-1}
 * The step size used while adapting is exp(x_t); after warm-up it is exp(xBar_t).
 */

export interface DualAveragingOptions {
  /** Target acceptance statistic (Stan's adapt_delta). */
  readonly targetAcceptance: number;
  /** Adaptation regularisation scale (Stan's adapt_gamma). */
  readonly gamma: number;
  /** Relaxation exponent of the averaged iterate (Stan's adapt_kappa). */
  readonly kappa: number;
  /** Iteration offset damping early iterations (Stan's adapt_t0). */
  readonly t0: number;
}

export const defaultDualAveragingOptions: DualAveragingOptions = {
  targetAcceptance: 0.8,
  gamma: 0.05,
  kappa: 0.75,
  t0: 10,
};

export interface DualAveragingState {
  /** Iterations since the last restart (t). */
  readonly iteration: number;
  /** Running average of the acceptance error, sBar_t. */
  readonly errorAverage: number;
  /** Averaged log step size, xBar_t. */
  readonly logStepSizeAverage: number;
  /** Shrinkage point mu, log(10 eps) for the step size eps found before (re)starting. */
  readonly shrinkageTarget: number;
  /** Step size to use for the next transition, exp(x_t). */
  readonly stepSize: number;
}

/** Starts (or restarts) dual averaging at step size `stepSize`, with mu = log(10 eps). */
export function dualAveragingInit(stepSize: number): DualAveragingState {
  if (!(stepSize > 0) || !Number.isFinite(stepSize)) {
    throw new Error(`dualAveragingInit: stepSize is ${stepSize}, but must be positive and finite`);
  }
  return {
    iteration: 0,
    errorAverage: 0,
    logStepSizeAverage: 0,
    shrinkageTarget: Math.log(10 * stepSize),
    stepSize,
  };
}

/** One dual-averaging update after a transition with acceptance statistic `acceptStat`. */
export function dualAveragingUpdate(
  state: DualAveragingState,
  acceptStat: number,
  options: DualAveragingOptions = defaultDualAveragingOptions,
): DualAveragingState {
  const next: MutableDualAveragingState = { ...state };
  dualAveragingAdvance(next, acceptStat, options);
  return next;
}

/** A dual-averaging state that its owner updates in place (the chain driver's warm-up). */
export type MutableDualAveragingState = { -readonly [Key in keyof DualAveragingState]: DualAveragingState[Key] };

/** dualAveragingUpdate in place: no state object per warm-up iteration. */
export function dualAveragingAdvance(
  state: MutableDualAveragingState,
  acceptStat: number,
  options: DualAveragingOptions = defaultDualAveragingOptions,
): void {
  const iteration = state.iteration + 1;
  // A NaN statistic counts as a rejection; Stan caps at 1 (NUTS can average above 1 in
  // principle because it sums min(1, ...) terms, Metropolis ratios can exceed 1).
  const acceptance = Number.isNaN(acceptStat) ? 0 : Math.min(1, acceptStat);
  const weight = 1 / (iteration + options.t0);
  const errorAverage =
    (1 - weight) * state.errorAverage + weight * (options.targetAcceptance - acceptance);
  const logStepSize =
    state.shrinkageTarget - (errorAverage * Math.sqrt(iteration)) / options.gamma;
  const averageWeight = Math.pow(iteration, -options.kappa);
  state.iteration = iteration;
  state.errorAverage = errorAverage;
  state.logStepSizeAverage = averageWeight * logStepSize + (1 - averageWeight) * state.logStepSizeAverage;
  state.stepSize = Math.exp(logStepSize);
}

/** The step size to sample with after warm-up: exp(xBar_t). */
export function dualAveragingFinal(state: DualAveragingState): number {
  // Without any update xBar is 0 (Stan would return exp(0) = 1); keep the current step size.
  return state.iteration === 0 ? state.stepSize : Math.exp(state.logStepSizeAverage);
}
