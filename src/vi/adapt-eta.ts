import type { Rng } from '../random/rng.js';
import { estimateElbo } from './gradient-estimate.js';
import { addIncrement, type VariationalProblem } from './problem.js';
import { initialStepState } from './step-size.js';

/** The step-size scales Stan tries, largest first (advi::adapt_eta). */
export const ETA_SEQUENCE: readonly number[] = [100, 10, 1, 0.1, 0.01];

export interface EtaTrial {
  readonly eta: number;
  /** ELBO after adaptIterations steps from the initial approximation; -Infinity if it failed. */
  readonly elbo: number;
}

export interface EtaAdaptation {
  readonly eta: number;
  readonly initialElbo: number;
  readonly trials: readonly EtaTrial[];
  readonly gradientEvaluations: number;
  readonly logDensityEvaluations: number;
}

interface TrialRun {
  readonly elbo: number;
  readonly gradientEvaluations: number;
  readonly logDensityEvaluations: number;
}

/**
 * `iterations` steps with scale eta from the initial approximation, then the ELBO. As in
 * Stan, a failed gradient counts as zero and a failed ELBO as −Infinity ("it's OK if it
 * diverges, we'll try a smaller eta"); a step to a non-finite lambda ends the trial.
 */
function tryEta(problem: VariationalProblem, initial: Float64Array, eta: number, iterations: number, rng: Rng): TrialRun {
  let lambda = initial;
  let state = initialStepState(problem.family.size);
  let gradientEvaluations = 0;
  let logDensityEvaluations = 0;
  for (let k = 1; k <= iterations; k++) {
    const estimate = problem.estimator(problem.model, problem.family, lambda, rng, problem.gradSamples);
    gradientEvaluations += estimate.gradientEvaluations;
    logDensityEvaluations += estimate.logDensityEvaluations;
    const gradient = estimate.nonFinite === undefined ? estimate.gradient : new Float64Array(problem.family.size);
    const stepped = problem.step(state, gradient, eta);
    state = stepped.state;
    const next = addIncrement(lambda, stepped.increment);
    if (next === undefined) return { elbo: -Infinity, gradientEvaluations, logDensityEvaluations };
    lambda = next;
  }
  const estimate = estimateElbo(problem.model, problem.family, lambda, rng, problem.elboSamples);
  logDensityEvaluations += estimate.logDensityEvaluations;
  return { elbo: estimate.nonFinite === undefined ? estimate.elbo : -Infinity, gradientEvaluations, logDensityEvaluations };
}

/**
 * Stan's step-size search (stan::variational::advi::adapt_eta): from the same initial
 * approximation, run `iterations` steps with each eta of ETA_SEQUENCE in turn and estimate
 * the ELBO. The search stops at the first eta whose ELBO is below the previous eta's, when
 * that previous ELBO beat the initial one, and returns the previous eta: the best of the
 * sequence when, as usual, the ELBO first rises as eta shrinks from too large and then
 * falls as the steps become too small to get anywhere in `iterations` steps. If the end of
 * the sequence is reached, its last eta is kept when it improved on the initial ELBO.
 */
export function adaptEta(problem: VariationalProblem, initial: Float64Array, rng: Rng, iterations: number): EtaAdaptation {
  const start = estimateElbo(problem.model, problem.family, initial, rng, problem.elboSamples);
  if (start.nonFinite !== undefined) {
    throw new Error(
      `${problem.place}: cannot compute the ELBO of the initial approximation (${start.nonFinite}): the model may be ` +
        'severely ill-conditioned or misspecified. Give initial values (init) where the log density is finite nearby.',
    );
  }
  const trials: EtaTrial[] = [];
  let gradientEvaluations = 0;
  let logDensityEvaluations = start.logDensityEvaluations;
  let best = { eta: 0, elbo: -Infinity };
  const finish = (eta: number): EtaAdaptation => ({ eta, initialElbo: start.elbo, trials, gradientEvaluations, logDensityEvaluations });
  for (const [index, eta] of ETA_SEQUENCE.entries()) {
    const run = tryEta(problem, initial, eta, iterations, rng);
    gradientEvaluations += run.gradientEvaluations;
    logDensityEvaluations += run.logDensityEvaluations;
    trials.push({ eta, elbo: run.elbo });
    if (run.elbo < best.elbo && best.elbo > start.elbo) return finish(best.eta);
    if (index < ETA_SEQUENCE.length - 1) best = { eta, elbo: run.elbo };
    else if (run.elbo > start.elbo) return finish(eta);
  }
  const tried = trials.map((trial) => `eta ${trial.eta}: ELBO ${trial.elbo.toPrecision(4)}`).join(', ');
  throw new Error(
    `${problem.place}: every step size of the adaptation failed to improve on the initial ELBO ` +
      `(${start.elbo.toPrecision(4)}; ${tried}): the model may be severely ill-conditioned or misspecified. ` +
      'Try more gradient draws (gradSamples), other initial values, or a reparameterised model.',
  );
}
