import type { Kernel, TransitionInfo } from './kernel.js';
import { checkGradientStep, initGradientState } from './chain-state.js';
import { chainStateAt, hamiltonian, leapfrog, phasePointAt, type Integrator } from './integrator.js';
import { sampleMomentum } from './metric.js';

/**
 * Static HMC (Neal 2011, "MCMC using Hamiltonian dynamics", section 3; Stan's
 * base_static_hmc): draw a momentum, integrate a fixed number of steps, and accept the end
 * point with the Metropolis probability min(1, exp(H0 - H)).
 */

/** Stan's default jitter fraction is 0; `jitter: true` takes PyMC's ±15% (`unif`, 0.85–1.15). */
const DEFAULT_JITTER = 0.15;

interface CommonHmcOptions {
  /** Default leapfrog. */
  readonly integrator?: Integrator;
  /** Energy error H - H0 above which a transition is divergent (Stan's 1000). */
  readonly maxEnergyError?: number;
}

export type HmcOptions =
  | (CommonHmcOptions & { readonly numSteps: number })
  | (CommonHmcOptions & {
      /** Integration time T; the number of steps is ceil(T / stepSize), at least 1. */
      readonly integrationTime: number;
      /**
       * Jitters the step size uniformly in stepSize * [1 - j, 1 + j] at each transition
       * (Stan's `stepsize_jitter` j; `true` means j = 0.15), to break resonances of a fixed
       * trajectory length (Neal 2011, on randomising the stepsize). The jitter is drawn
       * independently of the state, so detailed balance holds for each value; the number of
       * steps follows the jittered step size, so the integration time stays about T.
       */
      readonly jitter?: boolean | number;
      /** Cap on the number of steps when stepSize is tiny (default 1024, NUTS's 2^10). */
      readonly maxNumSteps?: number;
    });

export function buildHmcKernel(options: HmcOptions): Kernel {
  const integrator = options.integrator ?? leapfrog;
  const maxEnergyError = options.maxEnergyError ?? 1000;
  if (!(maxEnergyError > 0)) {
    throw new Error(`buildHmcKernel: maxEnergyError is ${maxEnergyError}, but must be positive`);
  }
  const stepsFor = trajectoryLength(options);
  const jitter = 'integrationTime' in options ? jitterFraction(options.jitter) : 0;
  return {
    init: (model, position) => initGradientState(model, position, 'hmc.init'),
    step: (rng, model, state, parameters) => {
      checkGradientStep(model, state, parameters, 'hmc.step');
      const { metric } = parameters;
      // Jitter draws first, then momentum, then the accept uniform: a fixed RNG order.
      const stepSize = jitter > 0 ? parameters.stepSize * (1 + jitter * (2 * rng.uniform() - 1)) : parameters.stepSize;
      const numSteps = stepsFor(stepSize);

      const point = phasePointAt(state);
      const velocity = new Float64Array(model.dim);
      sampleMomentum(rng, metric, point.momentum);
      const initialEnergy = hamiltonian(metric, point, velocity);

      let stepsTaken = 0;
      let finite = true;
      while (finite && stepsTaken < numSteps) {
        finite = integrator.step(model, metric, stepSize, point, velocity);
        stepsTaken += 1;
      }
      // A non-finite point is an infinite energy error (NumPyro maps NaN ΔE to +inf): the
      // proposal is rejected, and counted as non-finite rather than divergent.
      const proposedEnergy = finite ? hamiltonian(metric, point, velocity) : Number.POSITIVE_INFINITY;
      const energyError = proposedEnergy - initialEnergy;
      const acceptStat = energyError <= 0 ? 1 : Math.exp(-energyError);
      const accepted = rng.uniform() < acceptStat;
      const info: TransitionInfo = {
        acceptStat,
        isDivergent: finite && !(energyError <= maxEnergyError),
        isNonFinite: !finite,
        energy: accepted ? proposedEnergy : initialEnergy,
        numSteps: stepsTaken * integrator.gradientEvaluationsPerStep,
        treeDepth: 0,
      };
      return [accepted ? chainStateAt(point) : state, info] as const;
    },
  };
}

/** The number of steps as a function of the (possibly jittered) step size. */
function trajectoryLength(options: HmcOptions): (stepSize: number) => number {
  if ('numSteps' in options) {
    const { numSteps } = options;
    if (!Number.isInteger(numSteps) || numSteps < 1) {
      throw new Error(`buildHmcKernel: numSteps is ${numSteps}, but must be a positive integer`);
    }
    return () => numSteps;
  }
  const { integrationTime } = options;
  const maxNumSteps = options.maxNumSteps ?? 1024;
  if (!(integrationTime > 0) || !Number.isFinite(integrationTime)) {
    throw new Error(`buildHmcKernel: integrationTime is ${integrationTime}, but must be a positive finite number`);
  }
  if (!Number.isInteger(maxNumSteps) || maxNumSteps < 1) {
    throw new Error(`buildHmcKernel: maxNumSteps is ${maxNumSteps}, but must be a positive integer`);
  }
  return (stepSize) => Math.min(maxNumSteps, Math.max(1, Math.ceil(integrationTime / stepSize)));
}

function jitterFraction(jitter: boolean | number | undefined): number {
  if (jitter === undefined || jitter === false) return 0;
  if (jitter === true) return DEFAULT_JITTER;
  if (!(jitter >= 0 && jitter < 1)) {
    throw new Error(`buildHmcKernel: jitter is ${jitter}, but must be a fraction in [0, 1) (or a boolean)`);
  }
  return jitter;
}
