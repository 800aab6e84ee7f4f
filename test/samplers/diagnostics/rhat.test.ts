import { describe, expect, it } from 'vitest';
import { rhat, rhatBasic, rhatBulk, rhatTail } from '../../../src/samplers/diagnostics/index.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { rhatProperties } from './diagnostics.checks.js';
import { iidNormalChains } from './simulated-chains.js';

// The statistical properties are functions of the seed in diagnostics.checks.ts, run here at
// one seed and by `npm run sweep` over many (test/fixtures/seed-sweep.md).

describe('R-hat, properties', () => {
  const iid = iidNormalChains(21, 4, 1000);

  it('is near 1 for iid chains, and flags a shifted chain, a wider chain (tail R-hat only) and a trend (split only)', () =>
    expectCheckPasses(rhatProperties));

  it('is the folded (tail) R-hat when that is the larger', () => {
    const wide = iid.map((chain, index) => (index === 0 ? chain.map((value) => 4 * value) : chain));
    expect(rhat(wide)).toBe(rhatTail(wide));
    expect(rhat(iid)).toBe(Math.max(rhatBulk(iid), rhatTail(iid)));
  });

  it('makes bulk R-hat invariant under increasing transforms', () => {
    const transformed = iid.map((chain) => chain.map((value) => value ** 3));
    expect(rhatBulk(transformed)).toBeCloseTo(rhatBulk(iid), 12);
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
