import { checkChains, poolChains, type Chains } from './chains.js';

/**
 * Sample quantiles as R's `quantile(type = 7)` (Hyndman & Fan 1996, definition 7), which
 * posterior uses: for n sorted draws x[1..n] and probability p, with h = 1 + (n - 1) p,
 * Q(p) = x[floor h] + (h - floor h) (x[ceil h] - x[floor h]).
 */

/** Ascending copy of `values`, NaN-free input assumed. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Type-7 quantile of already sorted values. Written as (1 - h) lo + h hi and skipped when
 * lo and hi are equal, as R does, so that a quantile falling on tied draws equals them
 * exactly (indicator diagnostics compare draws to it with <=).
 */
export function quantileOfSorted(sorted: Float64Array, probability: number): number {
  const count = sorted.length;
  const position = 1 + Math.max(count - 1, 0) * probability;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const lowValue = sorted[lower - 1]!;
  const highValue = sorted[upper - 1]!;
  if (!(position > lower) || highValue === lowValue) return lowValue;
  const weight = position - lower;
  return (1 - weight) * lowValue + weight * highValue;
}

/** Median as R's `median`: the middle draw, or the mean of the two middle draws. */
export function medianOfSorted(sorted: Float64Array): number {
  const count = sorted.length;
  const half = Math.floor(count / 2);
  if (count % 2 === 1) return sorted[half]!;
  return (sorted[half - 1]! + sorted[half]!) / 2;
}

function checkProbability(place: string, probability: number): void {
  if (!(probability >= 0 && probability <= 1)) {
    throw new Error(`${place}: probability is ${probability}, but must be in [0, 1]`);
  }
}

/**
 * Type-7 quantiles of the pooled draws of all chains, one per probability. NaN when any
 * draw is NaN (R's `quantile2` gives NA); ±Infinity draws are ordered as numbers.
 */
export function quantiles(chains: Chains, probabilities: readonly number[]): Float64Array {
  checkChains('quantiles', chains);
  probabilities.forEach((probability) => checkProbability('quantiles', probability));
  if (chains.some((chain) => chain.some(Number.isNaN))) {
    return new Float64Array(probabilities.length).fill(NaN);
  }
  const sorted = sortedCopy(poolChains(chains));
  return Float64Array.from(probabilities, (probability) => quantileOfSorted(sorted, probability));
}

/** One type-7 quantile of the pooled draws; see `quantiles`. */
export function quantile(chains: Chains, probability: number): number {
  checkProbability('quantile', probability);
  return quantiles(chains, [probability])[0]!;
}

/** Median of the pooled draws (R's `median`); NaN when any draw is NaN. */
export function median(chains: Chains): number {
  checkChains('median', chains);
  if (chains.some((chain) => chain.some(Number.isNaN))) return NaN;
  return medianOfSorted(sortedCopy(poolChains(chains)));
}
