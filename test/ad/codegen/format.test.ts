import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatNumber, identifier } from '../../../src/ad/codegen/format.js';

// The one number formatter of generated code: exact round trips, and nothing but numbers.

describe('formatNumber', () => {
  it('writes every finite double so that it reads back as the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = formatNumber(x);
        // The text is a JavaScript expression: parenthesised negatives, plain digits otherwise.
        expect(/^\(?-?[0-9.e+-]+\)?$/.test(text), text).toBe(true);
        expect(Object.is(Number(text.replace(/[()]/g, '')), x), `${x} -> ${text}`).toBe(true);
      }),
      { numRuns: 2000, seed: 7 },
    );
    for (const x of [Number.MIN_VALUE, Number.MAX_VALUE, -Number.MIN_VALUE, 0.1, 1 / 3, 2 ** 53 + 2, 5e-324]) {
      expect(Object.is(Number(formatNumber(x).replace(/[()]/g, '')), x)).toBe(true);
    }
  });

  it('writes NaN, the infinities and −0 as expressions with those values', () => {
    expect(formatNumber(NaN)).toBe('(0 / 0)');
    expect(formatNumber(Infinity)).toBe('(1 / 0)');
    expect(formatNumber(-Infinity)).toBe('(-1 / 0)');
    expect(formatNumber(-0)).toBe('(-0)');
    // Evaluated as JavaScript arithmetic (here by hand: the same operations).
    expect(Number.isNaN(0 / 0)).toBe(true);
    expect(Object.is(-0, -0)).toBe(true);
  });

  it('refuses anything that is not a number, so no string can pass through it', () => {
    expect(() => formatNumber('1); process.exit(1); (' as unknown as number)).toThrow(TypeError);
    expect(() => formatNumber({ valueOf: () => 1 } as unknown as number)).toThrow(TypeError);
    expect(() => formatNumber(1n as unknown as number)).toThrow(TypeError);
  });

  it('makes identifiers from a fixed prefix and a counter only', () => {
    expect(identifier('t', 12)).toBe('t12');
    expect(() => identifier('t', -1)).toThrow();
    expect(() => identifier('t', 1.5)).toThrow();
  });
});
