import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add64, mix64, mul64, mulHigh32, splitMix64, type Word64 } from '../../src/random/splitmix64.js';

// The 64-bit arithmetic on pairs of 32-bit words against BigInt, and SplitMix64 against the
// outputs of the reference C code (Vigna's splitmix64.c, x = 0: 0xe220a8397b1dcdaf, ...,
// which a C compilation of the same three lines reproduces).

const MASK = (1n << 64n) - 1n;
const big = (w: Word64): bigint => (BigInt(w.hi) << 32n) | BigInt(w.lo);
const word = (b: bigint): Word64 => ({ hi: Number((b >> 32n) & 0xffffffffn), lo: Number(b & 0xffffffffn) });
const word32 = fc.integer({ min: 0, max: 0xffffffff });
const word64 = fc.record({ hi: word32, lo: word32 });
const edges = [0, 1, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

describe('64-bit arithmetic in 32-bit halves', () => {
  it('mulHigh32 is the high word of the 64-bit product', () => {
    for (const a of edges) for (const b of edges) expect(mulHigh32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
    fc.assert(fc.property(word32, word32, (a, b) => mulHigh32(a, b) === Number((BigInt(a) * BigInt(b)) >> 32n)), { numRuns: 2000 });
  });

  it('mul64 and add64 are products and sums mod 2^64', () => {
    fc.assert(
      fc.property(word64, word64, (a, b) => {
        expect(big(mul64(a, b))).toBe((big(a) * big(b)) & MASK);
        expect(big(add64(a, b))).toBe((big(a) + big(b)) & MASK);
      }),
      { numRuns: 2000 },
    );
  });

  it('mix64 is the SplitMix64 output function', () => {
    const reference = (z0: bigint): bigint => {
      let z = z0;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
      return z ^ (z >> 31n);
    };
    fc.assert(fc.property(word64, (z) => big(mix64(z)) === reference(big(z))), { numRuns: 2000 });
  });
});

describe('SplitMix64', () => {
  it('reproduces the reference outputs from state 0', () => {
    const zero = { hi: 0, lo: 0 };
    expect([1, 2, 3].map((n) => big(splitMix64(zero, n)).toString(16).padStart(16, '0'))).toEqual(['e220a8397b1dcdaf', '6e789e6aa1b965f4', '06c45d188009454f']);
    expect(word(0xe220a8397b1dcdafn)).toEqual(splitMix64(zero, 1));
  });
});
