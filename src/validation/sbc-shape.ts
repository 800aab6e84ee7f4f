/**
 * Reading a non-uniform SBC rank histogram (Talts et al. 2018, section 4.2, Figures 3–6):
 *
 *   ∪ shape, ranks piled at both ends: the fitted posterior is too narrow (overconfident),
 *     the true value often falls outside the draws;
 *   ∩ shape, ranks piled in the middle: the fitted posterior is too wide (underconfident);
 *   ranks piled at one end: biased. Low ranks mean the true value lies below most draws,
 *     so the fitted posterior sits too high; high ranks, too low.
 *
 * With u = (r + ½) / (L + 1), uniform ranks give E[u] = ½ and Var[u] ≈ 1/12 (exactly
 * (1 − (L + 1)⁻²) / 12). The z-scores compare the observed mean and variance with these,
 * using Var(ū) = Var[u] / R and, for the variance of a uniform sample, Var(s²) ≈ (μ₄ − σ⁴) / R
 * with μ₄ = 1/80 and σ⁴ = 1/144 (continuous uniform).
 */

export type RankReading = 'consistent with uniform' | 'too narrow (overconfident)' | 'too wide (underconfident)' | 'biased: fitted posterior too high' | 'biased: fitted posterior too low';

export interface RankShape {
  /** Mean of u − ½: negative when true values sit below the draws. */
  readonly meanOffset: number;
  readonly meanZ: number;
  /** Var[u] relative to the uniform's: above 1 for ∪ shapes, below 1 for ∩ shapes. */
  readonly spreadRatio: number;
  readonly spreadZ: number;
  readonly reading: RankReading;
}

/** Beyond this |z| a pattern counts as present. */
const PATTERN_THRESHOLD = 3;

export function rankShape(ranks: readonly number[], maxRank: number): RankShape {
  const count = ranks.length;
  if (count < 2) throw new Error(`rankShape: ${count} rank(s) given, but at least 2 are needed`);
  const positions = ranks.map((rank) => (rank + 0.5) / (maxRank + 1));
  const mean = positions.reduce((sum, u) => sum + u, 0) / count;
  const variance = positions.reduce((sum, u) => sum + (u - mean) ** 2, 0) / (count - 1);
  const uniformVariance = (1 - (maxRank + 1) ** -2) / 12;
  const meanZ = (mean - 0.5) / Math.sqrt(uniformVariance / count);
  const spreadZ = (variance - uniformVariance) / Math.sqrt((1 / 80 - 1 / 144) / count);
  let reading: RankReading = 'consistent with uniform';
  if (Math.abs(meanZ) > PATTERN_THRESHOLD && Math.abs(meanZ) >= Math.abs(spreadZ)) {
    reading = meanZ < 0 ? 'biased: fitted posterior too high' : 'biased: fitted posterior too low';
  } else if (spreadZ > PATTERN_THRESHOLD) {
    reading = 'too narrow (overconfident)';
  } else if (spreadZ < -PATTERN_THRESHOLD) {
    reading = 'too wide (underconfident)';
  }
  return { meanOffset: mean - 0.5, meanZ, spreadRatio: variance / uniformVariance, spreadZ, reading };
}
