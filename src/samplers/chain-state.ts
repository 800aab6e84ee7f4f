import type { CompiledModel } from '../models/model.js';
import type { ChainState, KernelParameters } from './kernel.js';
import { metricDim } from './metric.js';

/**
 * The chain state of a gradient-based kernel at `position`: log density and gradient
 * evaluated once and cached (BlackJAX `init`). The position is copied, so the caller's array
 * may be reused. Throws, naming `place` and the offending terms when the model can say, if
 * the log density or gradient is not finite there: a chain cannot start outside the support.
 */
export function initGradientState(model: CompiledModel, position: ArrayLike<number>, place: string): ChainState {
  const start = checkedPosition(model, position, place);
  const { logDensity, gradient } = model.logDensityAndGradient(start);
  if (!Number.isFinite(logDensity)) {
    throw new Error(`${place}: log density at the initial position is ${logDensity}, but must be finite${termsHint(model, start)}`);
  }
  const logDensityGrad = Float64Array.from(gradient);
  if (logDensityGrad.length !== model.dim) {
    throw new Error(`${place}: the model's gradient has length ${logDensityGrad.length}, but the model has dim ${model.dim}`);
  }
  const bad = logDensityGrad.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    throw new Error(
      `${place}: log-density gradient[${bad}] at the initial position is ${logDensityGrad[bad]}, but must be finite` +
        termsHint(model, start),
    );
  }
  return { position: start, logDensity, logDensityGrad };
}

/** A copy of `position` as a Float64Array, checked for the model's dimension and finiteness. */
export function checkedPosition(model: CompiledModel, position: ArrayLike<number>, place: string): Float64Array {
  if (position.length !== model.dim) {
    throw new Error(`${place}: initial position has length ${position.length}, but the model has dim ${model.dim}`);
  }
  const copy = Float64Array.from(position);
  const bad = copy.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) throw new Error(`${place}: initial position[${bad}] is ${copy[bad]}, but must be finite`);
  return copy;
}

/**
 * Checks what a gradient-based `step` relies on: a positive finite step size, a metric and a
 * cached gradient of the model's dimension (a Metropolis state carries no gradient).
 */
export function checkGradientStep(
  model: CompiledModel,
  state: ChainState,
  parameters: KernelParameters,
  place: string,
): void {
  const { stepSize, metric } = parameters;
  if (!(stepSize > 0) || !Number.isFinite(stepSize)) {
    throw new Error(`${place}: stepSize is ${stepSize}, but must be a positive finite number`);
  }
  const dim = metricDim(metric);
  if (dim !== model.dim) throw new Error(`${place}: the metric has dim ${dim}, but the model has dim ${model.dim}`);
  if (state.position.length !== model.dim) {
    throw new Error(`${place}: state.position has length ${state.position.length}, but the model has dim ${model.dim}`);
  }
  if (state.logDensityGrad.length !== model.dim) {
    throw new Error(
      `${place}: state.logDensityGrad has length ${state.logDensityGrad.length}, but the model has dim ` +
        `${model.dim}; build the state with this kernel's init (a Metropolis state carries no gradient)`,
    );
  }
}

function termsHint(model: CompiledModel, position: Float64Array): string {
  const terms = model.nonFiniteTerms?.(position) ?? [];
  return terms.length > 0 ? ` (non-finite terms: ${terms.join(', ')})` : '; try another initial position';
}
