/**
 * Polyak–Ruppert averaging of the variational parameters over the final iterations
 * (Polyak & Juditsky 1992, "Acceleration of stochastic approximation by averaging", SIAM J.
 * Control Optim. 30(4)). ADVI's last iterate keeps fluctuating around the optimum with a
 * spread that shrinks only like (eta / sqrt(k))^(1/2); the average of the iterates once they
 * are stationary is far closer to it, which is the remedy Dhaka et al. (2020, "Robust,
 * accurate stochastic optimization for variational inference", NeurIPS) propose for Stan's
 * ADVI. Sums are kept per block of iterations (one block per ELBO evaluation interval), so
 * that the average over the last `blocks` blocks is available whenever the run stops.
 */

export interface IterateAverage {
  /** Completed blocks' sums and iteration counts, oldest first, at most `capacity`. */
  readonly sums: readonly Float64Array[];
  readonly counts: readonly number[];
  /** The block being filled. */
  readonly current: Float64Array;
  readonly currentCount: number;
  readonly capacity: number;
}

export function initialAverage(size: number, blocks: number): IterateAverage {
  return { sums: [], counts: [], current: new Float64Array(size), currentCount: 0, capacity: blocks };
}

/** Adds one iterate to the current block (in place: the block is owned by this average). */
export function addIterate(average: IterateAverage, lambda: Float64Array): IterateAverage {
  for (let i = 0; i < lambda.length; i++) average.current[i]! += lambda[i]!;
  return { ...average, currentCount: average.currentCount + 1 };
}

/** Closes the current block, dropping the oldest when more than `capacity` are kept. */
export function closeBlock(average: IterateAverage): IterateAverage {
  if (average.currentCount === 0) return average;
  return {
    sums: [...average.sums, average.current].slice(-average.capacity),
    counts: [...average.counts, average.currentCount].slice(-average.capacity),
    current: new Float64Array(average.current.length),
    currentCount: 0,
    capacity: average.capacity,
  };
}

/**
 * The mean over the last `capacity` blocks, the current partial block standing in for the
 * oldest one when not empty; undefined before any iterate was added.
 */
export function averagedIterate(average: IterateAverage): Float64Array | undefined {
  const closed = closeBlock(average);
  const total = closed.counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return undefined;
  const mean = new Float64Array(closed.current.length);
  for (const sum of closed.sums) for (let i = 0; i < mean.length; i++) mean[i]! += sum[i]! / total;
  return mean;
}
