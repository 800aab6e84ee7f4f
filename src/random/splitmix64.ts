// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators",
// OOPSLA; the output function is Stafford's "Mix13" variant of MurmurHash3's 64-bit
// finaliser, as in Vigna's splitmix64.c): used here only to turn (seed, stream) into the
// state of the fast generator, as Blackman & Vigna (2021, section 10) advise for seeding
// xoshiro generators. Its 64-bit arithmetic is done on pairs of unsigned 32-bit words
// (high, low): BigInt would do, but costs more than the rest of seeding together, and a
// generator is seeded once per chain and once per predictive draw.

/** A 64-bit unsigned integer as two unsigned 32-bit words. */
export interface Word64 {
  readonly hi: number;
  readonly lo: number;
}

/** The golden-ratio increment of SplitMix64, 0x9E3779B97F4A7C15. */
const GAMMA: Word64 = { hi: 0x9e3779b9, lo: 0x7f4a7c15 };
const MIX_1: Word64 = { hi: 0xbf58476d, lo: 0x1ce4e5b9 };
const MIX_2: Word64 = { hi: 0x94d049bb, lo: 0x133111eb };

/** The high 32 bits of the 64-bit product of two unsigned 32-bit words. */
export function mulHigh32(a: number, b: number): number {
  // Split into 16-bit halves: every partial product and the middle sum (< 3·2^32) is exact
  // in a double.
  const a1 = a >>> 16;
  const a0 = a & 0xffff;
  const b1 = b >>> 16;
  const b0 = b & 0xffff;
  const middle = a1 * b0 + a0 * b1 + ((a0 * b0) >>> 16);
  return (a1 * b1 + Math.floor(middle / 65536)) >>> 0;
}

/** a·b mod 2^64. */
export function mul64(a: Word64, b: Word64): Word64 {
  return {
    hi: (mulHigh32(a.lo, b.lo) + Math.imul(a.hi, b.lo) + Math.imul(a.lo, b.hi)) >>> 0,
    lo: Math.imul(a.lo, b.lo) >>> 0,
  };
}

/** a + b mod 2^64. */
export function add64(a: Word64, b: Word64): Word64 {
  const lo = a.lo + b.lo;
  return { hi: (a.hi + b.hi + (lo > 0xffffffff ? 1 : 0)) >>> 0, lo: lo >>> 0 };
}

export function xor64(a: Word64, b: Word64): Word64 {
  return { hi: (a.hi ^ b.hi) >>> 0, lo: (a.lo ^ b.lo) >>> 0 };
}

/** z ^ (z >>> shift) for 0 < shift < 32. */
function xorShiftRight(z: Word64, shift: number): Word64 {
  return { hi: (z.hi ^ (z.hi >>> shift)) >>> 0, lo: (z.lo ^ ((z.lo >>> shift) | (z.hi << (32 - shift)))) >>> 0 };
}

/**
 * SplitMix64's output function: a bijection of 64-bit words in which every input bit
 * affects every output bit (avalanche), so nearby inputs give unrelated outputs.
 */
export function mix64(z: Word64): Word64 {
  const a = mul64(xorShiftRight(z, 30), MIX_1);
  const b = mul64(xorShiftRight(a, 27), MIX_2);
  return xorShiftRight(b, 31);
}

/** The n-th output (n ≥ 1) of SplitMix64 started at `state`: mix64(state + n·γ). */
export function splitMix64(state: Word64, n: number): Word64 {
  return mix64(add64(state, mul64(GAMMA, { hi: 0, lo: n >>> 0 })));
}
