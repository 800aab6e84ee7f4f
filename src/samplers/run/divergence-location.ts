import type { Fit } from './fit.js';

/**
 * Where in parameter space the divergences are: for each unconstrained coordinate, how far
 * the mean over divergent transitions lies from the mean over all sampling transitions, in
 * posterior standard deviations. Divergences in a funnel, for instance, sit at small values of
 * the log scale, so that coordinate shows a large negative shift (Betancourt & Girolami 2015,
 * "Hamiltonian Monte Carlo for hierarchical models", section 4; the pairs-plot diagnosis of
 * Gabry et al. 2019, "Visualization in Bayesian workflow", section 4.1, reduced to numbers).
 */

export interface DivergenceShift {
  /** Name of the unconstrained coordinate. */
  readonly name: string;
  readonly index: number;
  readonly divergentMean: number;
  readonly overallMean: number;
  /** (divergentMean - overallMean) / overall sd. */
  readonly standardizedShift: number;
}

/** Pooled mean and variance of the unconstrained position over chains (law of total variance). */
function pooledMoments(fit: Fit): { mean: Float64Array; variance: Float64Array } {
  const numChains = fit.chains.length;
  const mean = new Float64Array(fit.dim);
  const variance = new Float64Array(fit.dim);
  for (let i = 0; i < fit.dim; i++) {
    let sum = 0;
    for (const chain of fit.chains) sum += chain.unconstrainedMean[i]!;
    mean[i] = sum / numChains;
    let within = 0;
    let between = 0;
    for (const chain of fit.chains) {
      within += chain.unconstrainedVariance[i]!;
      between += (chain.unconstrainedMean[i]! - mean[i]!) ** 2;
    }
    variance[i] = within / numChains + between / numChains;
  }
  return { mean, variance };
}

/** Coordinates sorted by |standardizedShift|, largest first; empty without divergences. */
export function divergenceLocations(fit: Fit): DivergenceShift[] {
  const divergent = fit.chains.flatMap((chain) => chain.divergentPositions);
  if (divergent.length === 0) return [];
  const { mean, variance } = pooledMoments(fit);
  const shifts: DivergenceShift[] = [];
  for (let i = 0; i < fit.dim; i++) {
    let sum = 0;
    for (const position of divergent) sum += position[i]!;
    const divergentMean = sum / divergent.length;
    const sd = Math.sqrt(variance[i]!);
    const standardizedShift = sd > 0 ? (divergentMean - mean[i]!) / sd : 0;
    shifts.push({ name: fit.unconstrainedNames[i]!, index: i, divergentMean, overallMean: mean[i]!, standardizedShift });
  }
  return shifts.sort((a, b) => Math.abs(b.standardizedShift) - Math.abs(a.standardizedShift));
}
