/**
 * ADVI's convergence test (Kucukelbir et al. 2017, section 3.4; Stan's
 * advi::stochastic_gradient_ascent): every eval_elbo iterations the ELBO is estimated and
 * its relative change |(ELBO_prev − ELBO) / ELBO| enters a circular buffer of the last
 * `capacity` changes; the run has converged when the mean or the median of the buffer
 * falls below tol_rel_obj. The median is robust to the occasional noisy estimate.
 */

export interface ElboConvergence {
  /** The previous ELBO estimate; 0 before the first, as in Stan (so the first change is 1). */
  readonly previousElbo: number;
  /** Relative changes, oldest first, at most `capacity`. */
  readonly changes: readonly number[];
  readonly capacity: number;
}

export interface ElboCheck {
  readonly state: ElboConvergence;
  readonly relativeChange: number;
  readonly mean: number;
  readonly median: number;
}

/**
 * Stan's window: max(0.1 · max_iterations / eval_elbo, 2), truncated to an integer, a
 * heuristic for how far back the relative changes are worth looking.
 */
export function convergenceWindow(maxIterations: number, evalElbo: number): number {
  return Math.trunc(Math.max((0.1 * maxIterations) / evalElbo, 2));
}

export function initialConvergence(capacity: number): ElboConvergence {
  return { previousElbo: 0, changes: [], capacity };
}

/** Stan's rel_difference: the change relative to the newer value. */
export function relativeDifference(current: number, previous: number): number {
  return Math.abs((previous - current) / current);
}

/**
 * Stan's circ_buff_median: the element of rank floor(n / 2) (0-based) of the sorted buffer,
 * the upper median for an even count.
 */
export function upperMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function recordElbo(state: ElboConvergence, elbo: number): ElboCheck {
  const relativeChange = relativeDifference(elbo, state.previousElbo);
  const changes = [...state.changes, relativeChange].slice(-state.capacity);
  const mean = changes.reduce((sum, value) => sum + value, 0) / changes.length;
  return {
    state: { previousElbo: elbo, changes, capacity: state.capacity },
    relativeChange,
    mean,
    median: upperMedian(changes),
  };
}
