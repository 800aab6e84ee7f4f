import erfcinv from '@stdlib/math-base-special-erfcinv';
import { poolChains, type Chains } from './chains.js';

/**
 * Rank normalisation (Vehtari et al. 2021, section 4): replace every draw, pooled
 * over all chains, by its rank r (ties get their average rank, so a discrete quantity keeps
 * its number of distinct values) and map the rank through the normal quantile with Blom's
 * offset, z = Φ⁻¹((r - 3/8) / (S + 1/4)), S the total number of draws. R-hat and ESS of z
 * are then defined even for heavy-tailed quantities without a finite mean or variance.
 */

/** Standard normal quantile Φ⁻¹(p) = -√2 erfc⁻¹(2p). */
export function normalQuantile(probability: number): number {
  return -Math.SQRT2 * erfcinv(2 * probability);
}

/** 1-based ranks of finite `values`, ties given the average of the ranks they span (R's `rank`). */
export function averageRanks(values: Float64Array): Float64Array {
  const count = values.length;
  const order = Array.from({ length: count }, (_, index) => index);
  order.sort((left, right) => values[left]! - values[right]!);
  const ranks = new Float64Array(count);
  let start = 0;
  while (start < count) {
    let end = start + 1;
    while (end < count && values[order[end]!] === values[order[start]!]) end += 1;
    // Positions start..end-1 (0-based) hold equal values: ranks start+1..end average to this.
    const averageRank = (start + 1 + end) / 2;
    for (let position = start; position < end; position += 1) ranks[order[position]!] = averageRank;
    start = end;
  }
  return ranks;
}

/**
 * Rank-normalised draws with the chain structure of `chains` kept; ranks are taken over all
 * chains together. posterior's `z_scale`. Finite input assumed.
 */
export function rankNormalize(chains: Chains): Float64Array[] {
  const pooled = poolChains(chains);
  const ranks = averageRanks(pooled);
  const total = pooled.length;
  const numDraws = chains[0]!.length;
  const blomOffset = 3 / 8;
  return chains.map((_, chainIndex) => {
    const normalized = new Float64Array(numDraws);
    for (let draw = 0; draw < numDraws; draw += 1) {
      const rank = ranks[chainIndex * numDraws + draw]!;
      normalized[draw] = normalQuantile((rank - blomOffset) / (total - 2 * blomOffset + 1));
    }
    return normalized;
  });
}
