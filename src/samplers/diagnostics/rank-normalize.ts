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

/** Digits of the radix sort: 11 bits, so six passes cover a 64-bit key. */
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const PASSES = 6;
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * The indices of `values` in ascending order of value: an LSD radix sort (Knuth, TAOCP vol. 3,
 * section 5.2.5) of the doubles' bit patterns, made to sort as the numbers do by flipping
 * every bit of a negative number and the sign bit of a positive one (Herf 2001, "Radix
 * tricks"). Linear in the number of values, with no comparator calls: ranking the draws of
 * every quantity was most of the time of a large model's summary. Finite input assumed
 * (-0 sorts just before +0, which the callers treat as ties).
 */
export function sortOrder(values: Float64Array): Uint32Array {
  const count = values.length;
  const low = new Uint32Array(count);
  const high = new Uint32Array(count);
  // The two 32-bit words of each double, low word first whatever the platform's byte order.
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * count);
  const lowWord = LITTLE_ENDIAN ? 0 : 1;
  for (let index = 0; index < count; index++) {
    const lo = words[2 * index + lowWord]!;
    const hi = words[2 * index + 1 - lowWord]!;
    if (hi >= 0x80000000) {
      low[index] = ~lo >>> 0;
      high[index] = ~hi >>> 0;
    } else {
      low[index] = lo;
      high[index] = (hi | 0x80000000) >>> 0;
    }
  }
  let order = new Uint32Array(count);
  let next = new Uint32Array(count);
  for (let index = 0; index < count; index++) order[index] = index;
  const digits = new Uint16Array(count);
  const counts = new Uint32Array(BUCKETS + 1);
  for (let pass = 0; pass < PASSES; pass++) {
    const shift = pass * DIGIT_BITS;
    counts.fill(0);
    for (let index = 0; index < count; index++) {
      let digit: number;
      if (shift >= 32) digit = high[index]! >>> (shift - 32);
      else if (shift + DIGIT_BITS > 32) digit = (low[index]! >>> shift) | (high[index]! << (32 - shift));
      else digit = low[index]! >>> shift;
      digit &= BUCKETS - 1;
      digits[index] = digit;
      counts[digit + 1]! += 1;
    }
    // A digit shared by every value (often the sign and exponent bits) leaves the order as it is.
    if (counts[digits[0]! + 1] === count) continue;
    for (let bucket = 0; bucket < BUCKETS; bucket++) counts[bucket + 1]! += counts[bucket]!;
    for (let position = 0; position < count; position++) {
      const index = order[position]!;
      next[counts[digits[index]!]!++] = index;
    }
    [order, next] = [next, order];
  }
  return order;
}

/**
 * Twice the 1-based average ranks of finite `values` (integers, so they index tables): the
 * ties at sorted positions s..e-1 share rank (s + 1 + e) / 2, as R's `rank` gives them.
 */
export function twiceAverageRanks(values: Float64Array): Int32Array {
  const count = values.length;
  const order = sortOrder(values);
  const twice = new Int32Array(count);
  let start = 0;
  while (start < count) {
    const value = values[order[start]!]!;
    let end = start + 1;
    while (end < count && values[order[end]!] === value) end += 1;
    for (let position = start; position < end; position++) twice[order[position]!] = start + 1 + end;
    start = end;
  }
  return twice;
}

/** 1-based ranks of finite `values`, ties given the average of the ranks they span (R's `rank`). */
export function averageRanks(values: Float64Array): Float64Array {
  return Float64Array.from(twiceAverageRanks(values), (twice) => twice / 2);
}

const BLOM_OFFSET = 3 / 8;

/**
 * The normal scores z(r) = Φ⁻¹((r - 3/8) / (S + 1/4)) of `total` = S draws, memoised by rank
 * (ranks are multiples of 1/2, so a table of 2S + 1 entries, NaN until computed, holds them
 * all). A summary of many quantities with the same number of draws shares one, computing
 * each score once instead of once per draw and quantity; every score is the same number
 * either way.
 */
export interface NormalScores {
  readonly total: number;
  readonly table: Float64Array;
}

export function normalScores(total: number): NormalScores {
  return { total, table: new Float64Array(2 * total + 1).fill(NaN) };
}

/**
 * Rank-normalised draws with the chain structure of `chains` kept; ranks are taken over all
 * chains together. posterior's `z_scale`. Finite input assumed. `scores`, if given, must be
 * for the total number of draws.
 */
export function rankNormalize(chains: Chains, scores?: NormalScores): Float64Array[] {
  const pooled = poolChains(chains);
  const twice = twiceAverageRanks(pooled);
  const total = pooled.length;
  const numDraws = chains[0]!.length;
  const table = (scores !== undefined && scores.total === total ? scores : normalScores(total)).table;
  const denominator = total - 2 * BLOM_OFFSET + 1;
  return chains.map((_, chainIndex) => {
    const normalized = new Float64Array(numDraws);
    for (let draw = 0; draw < numDraws; draw += 1) {
      const slot = twice[chainIndex * numDraws + draw]!;
      let z = table[slot]!;
      if (z !== z) {
        z = normalQuantile((slot / 2 - BLOM_OFFSET) / denominator);
        table[slot] = z;
      }
      normalized[draw] = z;
    }
    return normalized;
  });
}
