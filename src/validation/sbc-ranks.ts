import type { Rng } from '../random/rng.js';

/**
 * The rank statistic of simulation-based calibration (Talts et al. 2018, arXiv:1804.06788).
 * If θ̃ is drawn from the prior, data ỹ from the likelihood given θ̃, and θ_1..θ_L are
 * independent draws from the exact posterior given ỹ, then θ̃ and θ_1..θ_L are exchangeable
 * draws from one joint distribution, so the rank of θ̃ among them,
 *
 *   r = #{ l : θ_l < θ̃ }  ∈ {0, ..., L},
 *
 * is uniform (their Theorem 1). Ties (which have probability 0 for continuous quantities)
 * are broken uniformly at random so that the statistic stays uniform.
 */
export function rankOf(trueValue: number, draws: ArrayLike<number>, rng: Rng): number {
  if (!Number.isFinite(trueValue)) throw new Error(`rankOf: the true value is ${trueValue}, but must be finite`);
  let below = 0;
  let ties = 0;
  for (let l = 0; l < draws.length; l++) {
    const draw = draws[l]!;
    if (Number.isNaN(draw)) throw new Error(`rankOf: draws[${l}] is NaN`);
    if (draw < trueValue) below += 1;
    else if (draw === trueValue) ties += 1;
  }
  return ties === 0 ? below : below + Math.floor(rng.uniform() * (ties + 1));
}

/**
 * Counts of ranks 0..maxRank in `bins` equal bins. Talts et al. (section 4.1) choose
 * L + 1 divisible by the number of bins, so that every bin holds the same number of rank
 * values and is equally likely under uniformity.
 */
export function binRanks(ranks: readonly number[], maxRank: number, bins: number): number[] {
  if (!Number.isInteger(bins) || bins < 1 || (maxRank + 1) % bins !== 0) {
    throw new Error(`binRanks: bins is ${bins}, but must be a positive integer dividing the ${maxRank + 1} possible ranks`);
  }
  const width = (maxRank + 1) / bins;
  const counts = new Array<number>(bins).fill(0);
  ranks.forEach((rank, index) => {
    if (!Number.isInteger(rank) || rank < 0 || rank > maxRank) throw new Error(`binRanks: ranks[${index}] is ${rank}, but must be an integer in [0, ${maxRank}]`);
    counts[Math.floor(rank / width)]! += 1;
  });
  return counts;
}

/**
 * Which of `total` autocorrelated draws to keep so that `keep` nearly independent ones remain
 * (Talts et al., section 4: thin by about total / ESS). Returns the stride and the kept
 * indices (the last `keep` of a regular grid, ending at the last draw), or undefined when the
 * chain is too short: keeping `keep` draws needs a stride of at most floor(total / keep), and
 * near-independence a stride of at least ceil(total / ess).
 */
export function thinningPlan(total: number, ess: number, keep: number): { readonly stride: number; readonly indices: number[] } | undefined {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`thinningPlan: keep is ${keep}, but must be a positive integer`);
  const longest = Math.floor(total / keep);
  if (longest < 1) return undefined;
  const needed = Number.isFinite(ess) && ess > 0 ? Math.ceil(total / Math.min(ess, total)) : Infinity;
  if (needed > longest) return undefined;
  // The longest stride that still keeps `keep` draws: as independent as this chain allows.
  const stride = longest;
  const first = total - 1 - (keep - 1) * stride;
  return { stride, indices: Array.from({ length: keep }, (_, l) => first + l * stride) };
}

/** Total draws a chain needs so that thinning by total / ess keeps `keep` draws, with 20% to spare. */
export function drawsNeeded(total: number, ess: number, keep: number): number {
  // An undiagnosable chain (NaN ESS: stuck or non-finite draws) counts as one independent draw.
  const effective = Number.isFinite(ess) && ess > 1 ? Math.min(ess, total) : 1;
  const drawsPerIndependent = total / effective;
  return Math.ceil(1.2 * keep * Math.max(1, drawsPerIndependent));
}
