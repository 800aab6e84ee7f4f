import {
  type WelfordCovarianceState,
  welfordCovarianceFinal,
  welfordCovarianceInit,
  welfordCovarianceUpdate,
} from './adaptation/welford';
import { cholesky } from './linalg';
import type { MetropolisParameters } from './metropolis';

/**
 * Warm-up for random-walk Metropolis as pure init/update/final functions:
 *   - the proposal scale follows the Robbins–Monro recursion on its logarithm (Andrieu &
 *     Thoms 2008, "A tutorial on adaptive MCMC", section 5):
 *       log s_{n+1} = log s_n + gamma_{n+1} (alpha_n - alpha*),  gamma_n = n^{-kappa},
 *     with alpha_n the transition's acceptance probability and alpha* = 0.234, the optimum for
 *     high-dimensional targets (Roberts, Gelman & Gilks 1997);
 *   - the proposal shape is the covariance of the chain so far (Haario, Saksman & Tamminen
 *     2001, "An adaptive Metropolis algorithm"), the Welford estimate that warm-up also uses
 *     for the metric, regularised as Stan's, so its Cholesky always exists.
 * When the covariance is first adopted the scale restarts at Haario's 2.38 / sqrt(d) (the
 * optimal scale for a Gaussian target with that covariance; Gelman, Roberts & Gilks 1996)
 * and the Robbins–Monro gain restarts, since the old scale was tuned for the identity shape.
 * The Cholesky is refreshed every `covarianceInterval` iterations rather than every one,
 * to keep the O(d^3) cost out of the loop.
 */

export interface MetropolisAdaptationOptions {
  /** alpha*, default 0.234. */
  readonly targetAcceptance?: number;
  /** kappa in gamma_n = n^{-kappa}, in (0.5, 1] (Robbins–Monro conditions); default 0.6. */
  readonly gainDecay?: number;
  /** Adapt the proposal covariance as well as the scale; default true. */
  readonly adaptCovariance?: boolean;
  /** Iterations before the covariance is first used; default max(100, 10 dim). */
  readonly covarianceStart?: number;
  /** Iterations between refreshes of the covariance's Cholesky; default 50. */
  readonly covarianceInterval?: number;
}

export interface MetropolisAdaptationState {
  /** Updates so far. */
  readonly iteration: number;
  /** Robbins–Monro iterations since the scale last restarted. */
  readonly scaleIteration: number;
  readonly logScale: number;
  /** Running covariance of every position the chain has visited during adaptation. */
  readonly covariance: WelfordCovarianceState;
  /** What the next transition uses. */
  readonly parameters: MetropolisParameters;
}

const HAARIO_SCALE = 2.38;

/** Starts at scale 2.38 / sqrt(dim) with identity shape, or at `initial` if given. */
export function metropolisAdaptationInit(dim: number, initial?: MetropolisParameters): MetropolisAdaptationState {
  if (!Number.isInteger(dim) || dim < 1) {
    throw new Error(`metropolisAdaptationInit: dim is ${dim}, but must be a positive integer`);
  }
  const parameters = initial ?? { proposalScale: HAARIO_SCALE / Math.sqrt(dim) };
  if (!(parameters.proposalScale > 0) || !Number.isFinite(parameters.proposalScale)) {
    throw new Error(
      `metropolisAdaptationInit: proposalScale is ${parameters.proposalScale}, but must be a positive finite number`,
    );
  }
  return {
    iteration: 0,
    scaleIteration: 0,
    logScale: Math.log(parameters.proposalScale),
    covariance: welfordCovarianceInit(dim),
    parameters,
  };
}

/** One adaptation step after a transition that reached `position` with `acceptStat`. */
export function metropolisAdaptationUpdate(
  state: MetropolisAdaptationState,
  position: Float64Array,
  acceptStat: number,
  options: MetropolisAdaptationOptions = {},
): MetropolisAdaptationState {
  const { targetAcceptance, gainDecay, adaptCovariance, covarianceStart, covarianceInterval } = resolve(
    options,
    state.covariance.mean.length,
  );
  if (!(acceptStat >= 0 && acceptStat <= 1)) {
    throw new Error(`metropolisAdaptationUpdate: acceptStat is ${acceptStat}, but must be in [0, 1]`);
  }
  const iteration = state.iteration + 1;
  const covariance = welfordCovarianceUpdate(state.covariance, position);
  const refresh = adaptCovariance && iteration >= covarianceStart && (iteration - covarianceStart) % covarianceInterval === 0;
  const restart = refresh && iteration === covarianceStart;

  let scaleIteration = state.scaleIteration + 1;
  let logScale = state.logScale + Math.pow(scaleIteration, -gainDecay) * (acceptStat - targetAcceptance);
  if (restart) {
    scaleIteration = 0;
    logScale = Math.log(HAARIO_SCALE / Math.sqrt(position.length));
  }
  const proposalCholesky = refresh
    ? cholesky(welfordCovarianceFinal(covariance), 'metropolisAdaptationUpdate: covariance')
    : state.parameters.proposalCholesky;
  const parameters: MetropolisParameters =
    proposalCholesky === undefined
      ? { proposalScale: Math.exp(logScale) }
      : { proposalScale: Math.exp(logScale), proposalCholesky };
  return { iteration, scaleIteration, logScale, covariance, parameters };
}

/** The parameters for sampling: the last scale with the shape it was tuned for. */
export function metropolisAdaptationFinal(state: MetropolisAdaptationState): MetropolisParameters {
  return state.parameters;
}

function resolve(options: MetropolisAdaptationOptions, dim: number): Required<MetropolisAdaptationOptions> {
  const resolved = {
    targetAcceptance: options.targetAcceptance ?? 0.234,
    gainDecay: options.gainDecay ?? 0.6,
    adaptCovariance: options.adaptCovariance ?? true,
    covarianceStart: options.covarianceStart ?? Math.max(100, 10 * dim),
    covarianceInterval: options.covarianceInterval ?? 50,
  };
  if (!(resolved.targetAcceptance > 0 && resolved.targetAcceptance < 1)) {
    throw new Error(`metropolisAdaptation: targetAcceptance is ${resolved.targetAcceptance}, but must be in (0, 1)`);
  }
  if (!(resolved.gainDecay > 0.5 && resolved.gainDecay <= 1)) {
    throw new Error(`metropolisAdaptation: gainDecay is ${resolved.gainDecay}, but must be in (0.5, 1]`);
  }
  for (const name of ['covarianceStart', 'covarianceInterval'] as const) {
    if (!Number.isInteger(resolved[name]) || resolved[name] < 2) {
      throw new Error(`metropolisAdaptation: ${name} is ${resolved[name]}, but must be an integer >= 2`);
    }
  }
  return resolved;
}
