import type { CompiledModel } from '../models/model.js';
import type { VariationalFamily } from './family.js';
import type { ElboGradientEstimator } from './gradient-estimate.js';
import type { StepResult, StepState } from './step-size.js';

/** What the stochastic optimisation of the ELBO is run on: fixed for the whole run. */
export interface VariationalProblem {
  readonly model: CompiledModel;
  readonly family: VariationalFamily;
  readonly estimator: ElboGradientEstimator;
  /** Draws per gradient estimate (Stan's grad_samples). */
  readonly gradSamples: number;
  /** Draws per ELBO estimate (Stan's elbo_samples). */
  readonly elboSamples: number;
  readonly step: (state: StepState, gradient: Float64Array, eta: number) => StepResult;
  /** Name of the calling function, for messages. */
  readonly place: string;
}

/** lambda + increment, or undefined when a coordinate of the sum is not finite. */
export function addIncrement(lambda: Float64Array, increment: Float64Array): Float64Array | undefined {
  const next = new Float64Array(lambda.length);
  for (let i = 0; i < lambda.length; i++) {
    next[i] = lambda[i]! + increment[i]!;
    if (!Number.isFinite(next[i])) return undefined;
  }
  return next;
}
