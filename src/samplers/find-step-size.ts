import type { CompiledModel } from '../models/model.js';
import type { Rng } from '../random/rng.js';
import type { ChainState, KernelParameters, Metric } from './kernel.js';
import { checkGradientStep } from './chain-state.js';
import { hamiltonian, leapfrog, phasePointAt, type Integrator } from './integrator.js';
import { sampleMomentum } from './metric.js';

/**
 * Stan's step-size heuristic (`base_hmc::init_stepsize`; Hoffman & Gelman 2014, Algorithm 4
 * with Stan's threshold 0.8): from `parameters.stepSize`, take one integrator step with a fresh
 * momentum and double the step size while the acceptance probability exp(H0 - H) stays above
 * 0.8, or halve it while it stays below; stop at the first step size that crosses. As in Stan,
 * each probe draws a new momentum (the first step size is probed twice) and the returned
 * step size is the crossing one itself, not its predecessor.
 *
 * Warm-up runs it at the start and after every metric update; the result only seeds dual
 * averaging, so precision does not matter, but it keeps the first window from starting with
 * a step size off by orders of magnitude.
 */

export interface StepSizeSearch {
  readonly stepSize: number;
  /** Gradient evaluations spent (one integrator step per probe). */
  readonly gradientEvaluations: number;
}

/** Stan's bounds: beyond them the posterior is improper or not continuous. */
const MAX_STEP_SIZE = 1e7;
const LOG_ACCEPTANCE_THRESHOLD = Math.log(0.8);

export function findStepSize(
  rng: Rng,
  model: CompiledModel,
  state: ChainState,
  parameters: KernelParameters,
  options: { readonly integrator?: Integrator } = {},
): StepSizeSearch {
  checkGradientStep(model, state, parameters, 'findStepSize');
  const probe: Probe = {
    rng,
    model,
    state,
    metric: parameters.metric,
    integrator: options.integrator ?? leapfrog,
    velocity: new Float64Array(model.dim),
  };
  let stepSize = parameters.stepSize;
  const growing = logAcceptance(probe, stepSize) > LOG_ACCEPTANCE_THRESHOLD;
  let probes = 1;
  for (;;) {
    const accepted = logAcceptance(probe, stepSize);
    probes += 1;
    // Stops on the first probe that crosses 0.8 (a failed step never counts as above it).
    if (growing ? !(accepted > LOG_ACCEPTANCE_THRESHOLD) : !(accepted < LOG_ACCEPTANCE_THRESHOLD)) break;
    stepSize = growing ? stepSize * 2 : stepSize / 2;
    if (stepSize > MAX_STEP_SIZE) {
      throw new Error(
        `findStepSize: the step size grew past ${MAX_STEP_SIZE} with the one-step acceptance still ` +
          'above 0.8; the posterior is probably improper (check that every parameter has a proper prior)',
      );
    }
    if (stepSize === 0) {
      throw new Error(
        `findStepSize: no step size above 0 gives a one-step acceptance of 0.8 (started from ` +
          `${parameters.stepSize}); the log density is probably not continuous or not finite near the start`,
      );
    }
  }
  return { stepSize, gradientEvaluations: probes * probe.integrator.gradientEvaluationsPerStep };
}

interface Probe {
  readonly rng: Rng;
  readonly model: CompiledModel;
  readonly state: ChainState;
  readonly metric: Metric;
  readonly integrator: Integrator;
  readonly velocity: Float64Array;
}

/** log of the acceptance probability, H0 - H, of one step from the state with a fresh momentum. */
function logAcceptance(probe: Probe, stepSize: number): number {
  const { metric, velocity } = probe;
  const point = phasePointAt(probe.state);
  sampleMomentum(probe.rng, metric, point.momentum);
  const initialEnergy = hamiltonian(metric, point, velocity);
  const finite = probe.integrator.step(probe.model, metric, stepSize, point, velocity);
  return initialEnergy - (finite ? hamiltonian(metric, point, velocity) : Number.POSITIVE_INFINITY);
}
