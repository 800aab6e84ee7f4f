import type { CompiledModel } from '../models/model.js';
import type { ChainState, Kernel, TransitionInfo } from './kernel.js';
import { checkedPosition } from './chain-state.js';
import { lowerTriangularTimes } from './linalg.js';

/**
 * Random-walk Metropolis (Metropolis et al. 1953): propose x' = x + s L z, z ~ N(0, I), a
 * symmetric Gaussian proposal with covariance s^2 L L', and accept with probability
 * min(1, p(x') / p(x)). It needs no gradient: the baseline that HMC and NUTS are measured
 * against, and a fallback for densities without one.
 */

/** What the Metropolis kernel's warm-up tunes (see `metropolis-adaptation.ts`). */
export interface MetropolisParameters {
  /** The scale s of the proposal. */
  readonly proposalScale: number;
  /** Lower Cholesky factor L of the proposal covariance shape, dim x dim row-major;
   *  identity when absent. */
  readonly proposalCholesky?: Float64Array;
}

/**
 * Metropolis states carry no gradient: `logDensityGrad` is empty (length 0), and the
 * gradient-based kernels reject such a state with a message saying so.
 */
const NO_GRADIENT = new Float64Array(0);

export function buildMetropolisKernel(): Kernel<MetropolisParameters> {
  return {
    init: (model, position) => {
      const start = checkedPosition(model, position, 'metropolis.init');
      const logDensity = model.logDensity(start);
      if (!Number.isFinite(logDensity)) {
        throw new Error(
          `metropolis.init: log density at the initial position is ${logDensity}, but must be finite; ` +
            'try another initial position',
        );
      }
      return { position: start, logDensity, logDensityGrad: NO_GRADIENT };
    },
    step: (rng, model, state, parameters) => {
      checkParameters(model, state, parameters);
      const dim = model.dim;
      const noise = new Float64Array(dim);
      for (let i = 0; i < dim; i++) noise[i] = rng.normal();
      // The proposal array first holds the direction L z, then x + s L z (one allocation).
      const proposal = parameters.proposalCholesky
        ? lowerTriangularTimes(parameters.proposalCholesky, noise, new Float64Array(dim))
        : noise;
      for (let i = 0; i < dim; i++) proposal[i] = state.position[i]! + parameters.proposalScale * proposal[i]!;

      const logDensity = model.logDensity(proposal);
      // A proposal whose log density is not finite is rejected: -Infinity is outside the
      // support, and NaN or +Infinity (an overflow, a failed evaluation) cannot be a density
      // value, so accepting it would leave a state from which every ratio is NaN.
      const isNonFinite = !Number.isFinite(logDensity);
      const logRatio = isNonFinite ? Number.NEGATIVE_INFINITY : logDensity - state.logDensity;
      const acceptStat = logRatio >= 0 ? 1 : Math.exp(logRatio);
      // Drawn whatever the outcome, so the random stream does not depend on it.
      const accepted = rng.uniform() < acceptStat;
      const next: ChainState = accepted ? { position: proposal, logDensity, logDensityGrad: NO_GRADIENT } : state;
      const info: TransitionInfo = {
        acceptStat,
        isDivergent: false,
        isNonFinite,
        energy: -next.logDensity,
        numSteps: 0,
        treeDepth: 0,
        numLogDensityEvals: 1,
      };
      return [next, info] as const;
    },
  };
}

function checkParameters(model: CompiledModel, state: ChainState, parameters: MetropolisParameters): void {
  const { proposalScale, proposalCholesky } = parameters;
  if (!(proposalScale > 0) || !Number.isFinite(proposalScale)) {
    throw new Error(`metropolis.step: proposalScale is ${proposalScale}, but must be a positive finite number`);
  }
  if (proposalCholesky !== undefined && proposalCholesky.length !== model.dim * model.dim) {
    throw new Error(
      `metropolis.step: proposalCholesky has ${proposalCholesky.length} entries, but must have ` +
        `dim * dim = ${model.dim * model.dim}`,
    );
  }
  if (state.position.length !== model.dim) {
    throw new Error(`metropolis.step: state.position has length ${state.position.length}, but the model has dim ${model.dim}`);
  }
}
