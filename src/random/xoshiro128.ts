import type { Rng } from './rng.js';
import { ACCEPT, outsideCore, standardNormal, WIDTH } from './ziggurat.js';

// xoshiro128** 1.1 (Blackman & Vigna 2021, "Scrambled linear pseudorandom number
// generators", ACM TOMS 47(4):36; the reference code is xoshiro128starstar.c): a 128-bit
// xor/shift/rotate linear engine with the "**" scrambler (multiply by 5, rotate by 7,
// multiply by 9). Why this one for leapfrog:
// - Speed in JavaScript engines: the state is four 32-bit words and a step is shifts, xors,
//   rotations and two Math.imul — all 32-bit integer operations, which V8 compiles to single
//   machine instructions. The 64-bit generators (xoshiro256**, PCG64, SplitMix64) need
//   BigInt, or pairs of words with carries, in JavaScript; counter-based generators
//   (Philox4x32-10, Salmon et al. 2011) need ten rounds of 32×32→64-bit products per four
//   words, and the high halves cost several operations each without native 64-bit integers.
// - Quality: all 32 bits of the ** output pass BigCrush and PractRand (Blackman & Vigna 2021,
//   section 10) — unlike the "+" variants, whose low bits are linear — so both halves of a
//   53-bit double and the ziggurat's index bits are usable. Our own checks are in test/random
//   (goodness of fit, stream independence, every bit); scripts/random-stream.ts feeds the
//   stream to dieharder (results in test/fixtures/random/dieharder.txt: no failures).
// - Period 2^128 − 1: with streams started at random points (seeded by SplitMix64 from a
//   hash of (seed, stream)), n streams of length L overlap with probability about
//   n²·L/2^128 — 2^−40 for 2^24 streams of 2^40 numbers each.
// The state lives in an Int32Array: V8 keeps 32-bit integers in object fields as boxed heap
// numbers (pointer compression leaves 31-bit small integers), which would allocate per step.

/** 2^−53: a 53-bit integer times this is a double in [0, 1), exactly. */
const TWO_TO_MINUS_53 = 1.1102230246251565e-16;

/** A seeded xoshiro128** generator: the `Rng` that makeRng returns. */
export class Xoshiro128StarStar implements Rng {
  private readonly state = new Int32Array(4);

  /** The 128-bit state as four 32-bit words; not all zero (the all-zero state is fixed). */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    if ((s0 | s1 | s2 | s3) === 0) throw new Error('Xoshiro128StarStar: the state is all zero, but must have a non-zero bit');
    this.state[0] = s0;
    this.state[1] = s1;
    this.state[2] = s2;
    this.state[3] = s3;
  }

  /** The state itself (Rng.xoshiro128State), read and written by a kernel that steps this generator. */
  get xoshiro128State(): Int32Array {
    return this.state;
  }

  /** The next 32-bit output, as an unsigned integer. */
  uint32(): number {
    const s = this.state;
    let s0 = s[0]!;
    let s1 = s[1]!;
    let s2 = s[2]!;
    let s3 = s[3]!;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    return result;
  }

  /**
   * A double in [0, 1) with 53 random bits: the top 27 bits of one output and the top 26 of
   * the next, as (a·2^26 + b)·2^−53 (every multiple of 2^−53 in [0, 1) equally likely). Two
   * steps written out, so the state is read and written once.
   */
  uniform(): number {
    const s = this.state;
    let s0 = s[0]!;
    let s1 = s[1]!;
    let s2 = s[2]!;
    let s3 = s[3]!;
    let m = Math.imul(s1, 5);
    const a = Math.imul((m << 7) | (m >>> 25), 9) >>> 5;
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    m = Math.imul(s1, 5);
    const b = Math.imul((m << 7) | (m >>> 25), 9) >>> 6;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    return (a * 67108864 + b) * TWO_TO_MINUS_53;
  }

  /**
   * out.length standard normal draws, the same numbers as out.length calls of `normal`: the
   * ziggurat's common case (ziggurat.ts normalFromWords) written out over two generator steps
   * with the state in locals; the 1% of draws outside a layer's core store the state back and
   * go through `outsideCore`, which draws from this generator. NUTS draws its momenta so.
   */
  fillNormals(out: Float64Array): void {
    const s = this.state;
    let s0 = s[0]!;
    let s1 = s[1]!;
    let s2 = s[2]!;
    let s3 = s[3]!;
    for (let i = 0; i < out.length; i++) {
      let m = Math.imul(s1, 5);
      const a = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      m = Math.imul(s1, 5);
      const b = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const layer = a & 0xff;
      const u = (a >>> 9) * 536870912 + (b >>> 3);
      if (u < ACCEPT[layer]!) {
        out[i] = u * WIDTH[layer]! * (1 - ((a >>> 7) & 2));
        continue;
      }
      s[0] = s0;
      s[1] = s1;
      s[2] = s2;
      s[3] = s3;
      out[i] = outsideCore(layer, u, (a & 0x100) !== 0, this);
      s0 = s[0]!;
      s1 = s[1]!;
      s2 = s[2]!;
      s3 = s[3]!;
    }
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
  }

  /** A standard normal draw (the ziggurat of ziggurat.ts). */
  normal(): number {
    return standardNormal(this);
  }
}
