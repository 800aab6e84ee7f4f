import { mix64, splitMix64, xor64, type Word64 } from './splitmix64.js';
import { Xoshiro128StarStar } from './xoshiro128.js';

/**
 * An explicit, seeded source of randomness. Every sampler, VI routine and distribution
 * sampler takes one as an argument; nothing in leapfrog calls Math.random.
 */
export interface Rng {
  /** Uniform on [0, 1): a multiple of 2^−53, each equally likely (53 random bits). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** 32 random bits, as an unsigned integer in [0, 2^32). */
  uint32(): number;
  /**
   * Optional: fills `out` with the numbers that out.length calls of the ziggurat's
   * standardNormal(this) would give (ziggurat.ts `normals` uses it when present).
   */
  fillNormals?(out: Float64Array): void;
  /**
   * Optional: the live state of a xoshiro128** generator, four 32-bit words, for a kernel
   * that steps the same generator elsewhere and writes the state back (NUTS's momentum
   * draws in WebAssembly, assembly/nuts.ts nutsNormals: the same numbers as fillNormals).
   */
  readonly xoshiro128State?: Int32Array;
}

/** Stream indices are exact integers below this. */
const MAX_STREAM = 2 ** 53;

/** The IEEE 754 bits of a double (−0 read as +0, so that seed −0 is seed 0). */
function bitsOf(value: number): Word64 {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value === 0 ? 0 : value);
  return { hi: view.getUint32(0), lo: view.getUint32(4) };
}

/**
 * The generator of stream `stream` under `seed`: xoshiro128** (see xoshiro128.ts) whose
 * state is a function of (seed, stream) only, so that chain k, seeded with (seed, k), draws
 * the same numbers however many chains run and on whichever thread.
 *
 * Seeding: key = mix64(mix64(bits(seed)) ⊕ stream), where bits(seed) is the seed's IEEE 754
 * pattern and mix64 SplitMix64's bijective output function (splitmix64.ts); the state is
 * the first two outputs of SplitMix64 started at the key, as Blackman & Vigna (2021)
 * advise. For one seed, distinct streams give distinct keys (mix64 and ⊕ stream are
 * bijections), and the state is never all zero (the two outputs are mix64 of two different
 * words, and only 0 maps to 0). This mapping is part of leapfrog's reproducibility
 * contract: test/random/rng.test.ts pins its first outputs.
 */
export function makeRng(seed: number, stream = 0): Rng {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new Error(`makeRng: seed is ${String(seed)}, but must be a finite number`);
  if (!Number.isInteger(stream) || stream < 0 || stream >= MAX_STREAM) {
    throw new Error(`makeRng: stream is ${stream}, but must be an integer in [0, 2^53)`);
  }
  const streamBits: Word64 = { hi: Math.floor(stream / 2 ** 32) >>> 0, lo: stream >>> 0 };
  const key = mix64(xor64(mix64(bitsOf(seed)), streamBits));
  const first = splitMix64(key, 1);
  const second = splitMix64(key, 2);
  return new Xoshiro128StarStar(first.lo, first.hi, second.lo, second.hi);
}
