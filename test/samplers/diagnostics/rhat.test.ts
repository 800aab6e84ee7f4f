import { describe, expect, it } from 'vitest';
import { rhat, rhatBasic, rhatBulk, rhatTail } from '../../../src/samplers/diagnostics/index.js';
import { iidNormalChains } from './simulated-chains.js';

// Over 30 seeds, R-hat of 4 iid chains of 1000 draws stayed below 1.001.

describe('R-hat, properties', () => {
  const iid = iidNormalChains(21, 4, 1000);

  it('is near 1 for iid chains', () => {
    for (const value of [rhat(iid), rhatBasic(iid), rhatBulk(iid), rhatTail(iid)]) {
      expect(value).toBeGreaterThan(0.99);
      expect(value).toBeLessThan(1.01);
    }
  });

  it('flags a chain shifted by two standard deviations', () => {
    // Split R-hat² ≈ 1 + var(split-chain means) / W = 1 + 0.86 for this shift.
    const shifted = iid.map((chain, index) => (index === 3 ? chain.map((value) => value + 2) : chain));
    expect(rhat(shifted)).toBeGreaterThan(1.2);
    expect(rhatBasic(shifted)).toBeGreaterThan(1.2);
  });

  it('flags a chain with a different scale through the folded (tail) R-hat only', () => {
    const wide = iid.map((chain, index) => (index === 0 ? chain.map((value) => 4 * value) : chain));
    expect(rhatBulk(wide)).toBeLessThan(1.01);
    expect(rhatTail(wide)).toBeGreaterThan(1.1);
    expect(rhat(wide)).toBe(rhatTail(wide));
  });

  it('flags a trend within chains only when splitting them', () => {
    const trending = iid.map((chain) => chain.map((value, draw) => value + (4 * draw) / chain.length));
    expect(rhatBasic(trending)).toBeGreaterThan(1.1);
    expect(rhatBasic(trending, { split: false })).toBeLessThan(1.01);
  });

  it('makes bulk R-hat invariant under increasing transforms', () => {
    const transformed = iid.map((chain) => chain.map((value) => value ** 3));
    expect(rhatBulk(transformed)).toBeCloseTo(rhatBulk(iid), 12);
  });

  it('stays defined for heavy tails where basic R-hat is unreliable', () => {
    const cauchy = iid.map((chain, index) => {
      const other = iid[(index + 1) % iid.length]!;
      return chain.map((value, draw) => value / other[draw]!);
    });
    expect(rhat(cauchy)).toBeLessThan(1.01);
  });
});

describe('R-hat, edge cases', () => {
  it('is NaN for constant draws, and for non-finite draws', () => {
    const constant = [new Float64Array(20).fill(-3), new Float64Array(20).fill(-3)];
    expect(rhat(constant)).toBeNaN();
    expect(rhatBasic(constant)).toBeNaN();
    for (const bad of [NaN, Infinity]) {
      const chains = iidNormalChains(22, 3, 20);
      chains[0]![0] = bad;
      for (const value of [rhat(chains), rhatBasic(chains), rhatBulk(chains), rhatTail(chains)]) {
        expect(value).toBeNaN();
      }
    }
  });

  it('needs 2 draws per split chain: NaN below 4 draws per chain', () => {
    expect(rhat(iidNormalChains(23, 4, 3))).toBeNaN();
    expect(rhat(iidNormalChains(23, 4, 4))).toBeGreaterThan(0);
  });

  it('is NaN for a single unsplit chain', () => {
    expect(rhatBasic(iidNormalChains(24, 1, 100), { split: false })).toBeNaN();
    expect(rhatBasic(iidNormalChains(24, 1, 100))).toBeGreaterThan(0);
  });

  it('rejects ragged chains, naming the function', () => {
    expect(() => rhat([new Float64Array(4), new Float64Array(5)])).toThrow(
      'rhat: chains have lengths [4, 5], but all chains must have the same length',
    );
    expect(() => rhatBasic([new Float64Array(4), [1, 2, 3, 4] as unknown as Float64Array])).toThrow(
      'rhatBasic: chains[1] is not a Float64Array',
    );
  });
});
