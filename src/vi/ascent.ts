import type { Rng } from '../random/rng.js';
import { type ElboConvergence, convergenceWindow, initialConvergence, recordElbo, relativeDifference } from './elbo-convergence.js';
import { estimateElbo } from './gradient-estimate.js';
import { type AverageSettlement, averageSettlement } from './averaging-rule.js';
import { addIterate, averagedIterate, closeBlock, initialAverage, type IterateAverage } from './iterate-average.js';
import { addIncrement, type VariationalProblem } from './problem.js';
import { initialStepState, type StepState } from './step-size.js';

/** One ELBO evaluation of the run (Stan prints these as its iteration table). */
export interface ElboRecord {
  readonly iteration: number;
  readonly elbo: number;
  /** Mean and (upper) median of the relative ELBO changes in the window. */
  readonly relChangeMean: number;
  readonly relChangeMedian: number;
}

/**
 * Why the run stopped: the mean or median relative ELBO change fell below tolRelObj, the
 * iteration cap was reached, an ELBO or its gradient became NaN or infinite, or the ELBO
 * estimate came out exactly the same twice (the optimisation froze; Stan would call that
 * converged).
 */
export type AscentStatus = 'converged-mean' | 'converged-median' | 'max-iterations' | 'non-finite' | 'stalled';

export interface AscentSettings {
  readonly eta: number;
  readonly tolRelObj: number;
  readonly maxIterations: number;
  /** Estimate the ELBO every this many iterations. */
  readonly evalElbo: number;
  /**
   * Polyak–Ruppert averaging (iterate-average.ts), in whole evalElbo blocks (rounded up): once
   * the convergence test is met, run at least this many more iterations, until the average
   * has settled (averaging-rule.ts), and return the average of their variational parameters;
   * when the iteration cap comes first, return the average of the last this many. 0 returns
   * the last iterate at convergence, as Stan.
   */
  readonly averageIterations: number;
  /** The average has settled when every mean's MCSE is below this fraction of its sd. */
  readonly averageTolerance: number;
}

export interface AscentResult {
  /** The last finite variational parameters, or their average over the final iterations. */
  readonly lambda: Float64Array;
  readonly trace: readonly ElboRecord[];
  readonly status: AscentStatus;
  /** Iterations in all, averaging included. */
  readonly iterations: number;
  /** Iterations whose variational parameters were averaged (0: the last iterate). */
  readonly averagedIterations: number;
  readonly gradientEvaluations: number;
  readonly logDensityEvaluations: number;
  readonly warnings: readonly string[];
}

/** Stan flags the run after this many ELBO evaluations when a relative change exceeds 0.5. */
const DIVERGENCE_CHECK_AFTER = 10;
const DIVERGENCE_THRESHOLD = 0.5;
/** Stan's note when the converged ELBO is more than 5% (relative) below the best seen. */
const BEST_ELBO_TOLERANCE = 0.05;

interface Running {
  lambda: Float64Array;
  step: StepState;
  convergence: ElboConvergence;
  average: IterateAverage | undefined;
  bestElbo: number;
  gradientEvaluations: number;
  logDensityEvaluations: number;
}

function nonFiniteWarning(problem: VariationalProblem, settings: AscentSettings, iteration: number, what: string, detail: string): string {
  return (
    `${problem.place}: the ${what} became NaN or infinite at iteration ${iteration} (${detail}); the optimisation was ` +
    `stopped there and the approximation of the last finite iteration kept, which is not to be trusted. Try a smaller ` +
    `step size (eta, now ${settings.eta}), more gradient draws (gradSamples, now ${problem.gradSamples}), other initial ` +
    'values, or look for overflow in the model (exp of a large value, a scale without a prior).'
  );
}

function stallWarning(problem: VariationalProblem, settings: AscentSettings, iteration: number): string {
  return (
    `${problem.place}: the ELBO estimate did not change at all between iterations ${iteration - settings.evalElbo} and ` +
    `${iteration}: the optimisation has stalled (typically the step sizes collapsed after a huge gradient, or the ` +
    `approximation's scale underflowed to zero), so it was stopped; the approximation is not to be trusted. Try a ` +
    `smaller step size (eta, now ${settings.eta}) or other initial values.`
  );
}

function worseThanBestWarning(problem: VariationalProblem, record: ElboRecord, best: number): string {
  return (
    `${problem.place}: the ELBO at convergence (${record.elbo.toPrecision(6)}, iteration ${record.iteration}) is more than ` +
    `${100 * BEST_ELBO_TOLERANCE}% below the best ELBO seen (${best.toPrecision(6)}): the approximation may not have ` +
    'converged to a good optimum. Try a smaller tolRelObj, a smaller eta, or more gradSamples.'
  );
}

function divergenceWarning(problem: VariationalProblem, record: ElboRecord): string {
  return (
    `${problem.place}: at iteration ${record.iteration} the relative ELBO change is still large (mean ` +
    `${record.relChangeMean.toPrecision(3)}, median ${record.relChangeMedian.toPrecision(3)} > ${DIVERGENCE_THRESHOLD}): ` +
    'the optimisation may be diverging; inspect the ELBO trace, and try a smaller eta or more gradSamples.'
  );
}

/**
 * The ELBO check every evalElbo iterations: records the ELBO and its relative changes, and
 * returns why the run stops there, if it does (mutating `running`, `trace` and `warnings`,
 * the ascent's own local state).
 */
function evaluateElbo(
  problem: VariationalProblem,
  settings: AscentSettings,
  running: Running,
  iteration: number,
  rng: Rng,
  trace: ElboRecord[],
  warnings: string[],
): AscentStatus | undefined {
  const elbo = estimateElbo(problem.model, problem.family, running.lambda, rng, problem.elboSamples);
  running.logDensityEvaluations += elbo.logDensityEvaluations;
  if (elbo.nonFinite !== undefined) {
    warnings.push(nonFiniteWarning(problem, settings, iteration, 'ELBO', elbo.nonFinite));
    return 'non-finite';
  }
  const check = recordElbo(running.convergence, elbo.elbo);
  running.convergence = check.state;
  running.bestElbo = Math.max(running.bestElbo, elbo.elbo);
  const record = { iteration, elbo: elbo.elbo, relChangeMean: check.mean, relChangeMedian: check.median };
  trace.push(record);
  if (check.relativeChange === 0) {
    warnings.push(stallWarning(problem, settings, iteration));
    return 'stalled';
  }
  // Stan tests the mean first and stops on either.
  const converged = check.mean < settings.tolRelObj ? 'converged-mean' : check.median < settings.tolRelObj ? 'converged-median' : undefined;
  if (converged !== undefined) {
    if (relativeDifference(elbo.elbo, running.bestElbo) > BEST_ELBO_TOLERANCE) warnings.push(worseThanBestWarning(problem, record, running.bestElbo));
    return converged;
  }
  const late = iteration > DIVERGENCE_CHECK_AFTER * settings.evalElbo;
  if (late && (check.mean > DIVERGENCE_THRESHOLD || check.median > DIVERGENCE_THRESHOLD) && warnings.length === 0) {
    warnings.push(divergenceWarning(problem, record));
  }
  return undefined;
}

/** The averaging phase after convergence: its own average of every block since. */
interface Averaging {
  readonly status: AscentStatus;
  average: IterateAverage;
  settlement: AverageSettlement | undefined;
}

function blockMeans(average: IterateAverage): Float64Array[] {
  return average.sums.map((sum, block) => sum.map((value) => value / average.counts[block]!));
}

function averagedCount(average: IterateAverage): number {
  return average.counts.reduce((sum, count) => sum + count, 0) + average.currentCount;
}

/** Whether the averaging phase may stop after the block just closed. */
function averagingDone(problem: VariationalProblem, settings: AscentSettings, averaging: Averaging): boolean {
  if (averagedCount(averaging.average) < settings.averageIterations) return false;
  const mean = averagedIterate(averaging.average)!;
  averaging.settlement = averageSettlement(blockMeans(averaging.average), problem.family.describe(mean).sd, settings.averageTolerance);
  return averaging.settlement.settled;
}

function unsettledWarning(problem: VariationalProblem, settings: AscentSettings, averaging: Averaging): string {
  const error = averaging.settlement?.worstRelativeError ?? Infinity;
  return (
    `${problem.place}: the iteration cap (${settings.maxIterations}) was reached while averaging the iterates after ` +
    `convergence; the Monte Carlo error of the averaged means is up to ${Number.isFinite(error) ? error.toFixed(3) : 'unknown'} ` +
    `of the approximation's sd (target ${settings.averageTolerance}). Increase maxIterations for a more precise approximation.`
  );
}

/**
 * Stochastic gradient ascent on the ELBO from lambda0 (Kucukelbir et al. 2017, algorithm 1;
 * Stan's advi::stochastic_gradient_ascent): a gradient estimate and a step per iteration,
 * the ELBO every evalElbo iterations with the convergence test of elbo-convergence.ts. With
 * averaging, convergence starts an averaging phase (without ELBO estimates: the test has done
 * its job) that lasts until the average has settled, instead of stopping.
 */
export function ascend(problem: VariationalProblem, lambda0: Float64Array, settings: AscentSettings, rng: Rng): AscentResult {
  const { model, family } = problem;
  const averageBlocks = Math.ceil(settings.averageIterations / settings.evalElbo);
  const running: Running = {
    lambda: lambda0,
    step: initialStepState(family.size),
    convergence: initialConvergence(convergenceWindow(settings.maxIterations, settings.evalElbo)),
    average: averageBlocks > 0 ? initialAverage(family.size, averageBlocks) : undefined,
    bestElbo: -Infinity,
    gradientEvaluations: 0,
    logDensityEvaluations: 0,
  };
  const trace: ElboRecord[] = [];
  const warnings: string[] = [];
  let averaging: Averaging | undefined;
  const finish = (status: AscentStatus, iterations: number): AscentResult => {
    // A run stopped by a non-finite value keeps its last finite iterate: the average would mix in the divergence.
    const average = status === 'non-finite' ? undefined : (averaging?.average ?? running.average);
    const averaged = average === undefined ? undefined : averagedIterate(average);
    return {
      lambda: averaged ?? running.lambda,
      trace,
      status,
      iterations,
      averagedIterations: averaged === undefined ? 0 : averagedCount(average!),
      gradientEvaluations: running.gradientEvaluations,
      logDensityEvaluations: running.logDensityEvaluations,
      warnings,
    };
  };

  for (let iteration = 1; iteration <= settings.maxIterations; iteration++) {
    const estimate = problem.estimator(model, family, running.lambda, rng, problem.gradSamples);
    running.gradientEvaluations += estimate.gradientEvaluations;
    running.logDensityEvaluations += estimate.logDensityEvaluations;
    if (estimate.nonFinite !== undefined) {
      warnings.push(nonFiniteWarning(problem, settings, iteration, 'ELBO gradient', estimate.nonFinite));
      return finish('non-finite', iteration - 1);
    }
    const stepped = problem.step(running.step, estimate.gradient, settings.eta);
    const next = addIncrement(running.lambda, stepped.increment);
    if (next === undefined) {
      warnings.push(nonFiniteWarning(problem, settings, iteration, 'variational parameters', 'the step overflowed'));
      return finish('non-finite', iteration - 1);
    }
    running.step = stepped.state;
    running.lambda = next;

    if (averaging !== undefined) {
      averaging.average = addIterate(averaging.average, next);
      if (iteration % settings.evalElbo !== 0) continue;
      averaging.average = closeBlock(averaging.average);
      if (averagingDone(problem, settings, averaging)) return finish(averaging.status, iteration);
      continue;
    }
    if (running.average !== undefined) running.average = addIterate(running.average, next);
    if (iteration % settings.evalElbo !== 0) continue;
    if (running.average !== undefined) running.average = closeBlock(running.average);
    const status = evaluateElbo(problem, settings, running, iteration, rng, trace, warnings);
    if ((status === 'converged-mean' || status === 'converged-median') && averageBlocks > 0) {
      averaging = { status, average: initialAverage(family.size, Infinity), settlement: undefined };
      continue;
    }
    if (status !== undefined) return finish(status, iteration);
  }
  if (averaging !== undefined) {
    warnings.push(unsettledWarning(problem, settings, averaging));
    return finish(averaging.status, settings.maxIterations);
  }
  warnings.push(
    `${problem.place}: the maximum number of iterations (${settings.maxIterations}) was reached before the relative ` +
      `ELBO change fell below tolRelObj (${settings.tolRelObj}); the approximation may not have converged. Increase ` +
      'maxIterations, or look at the ELBO trace: a noisy ELBO calls for more gradSamples.',
  );
  return finish('max-iterations', settings.maxIterations);
}
