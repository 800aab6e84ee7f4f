import { describe, expect, it } from 'vitest';
import {
  essBasic,
  essBulk,
  essMean,
  essQuantile,
  essSd,
  essTail,
  essOfChains,
} from '../../../src/samplers/diagnostics/index.js';
import { splitChains } from '../../../src/samplers/diagnostics/chains.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { essAntithetic, essAutoregressive, essIid } from './diagnostics.checks.js';
import { autoregressiveChains, iidNormalChains } from './simulated-chains.js';

// The statistical properties are functions of the seed in diagnostics.checks.ts, run here at
// one seed and by `npm run sweep` over many (test/fixtures/seed-sweep.md).

describe('effective sample size, properties', () => {
  const iid = iidNormalChains(11, 4, 1000);

  it('is close to the number of draws for iid draws', () => expectCheckPasses(essIid));
  it('is S (1 - φ) / (1 + φ) for AR(1) chains with φ = 0.9', () => expectCheckPasses(essAutoregressive));

  it('exceeds S for antithetic chains, up to the cap S log10(S)', async () => {
    // φ = -0.5: τ = 1/3, so ESS ≈ 3S, above the cap S log10 S when S < 1000.
    const small = autoregressiveChains(13, 4, 100, -0.5);
    expect(essBasic(small)).toBeCloseTo(400 * Math.log10(400), 9);
    await expectCheckPasses(essAntithetic);
  });

  it('makes bulk-ESS invariant under increasing transforms (it depends on ranks only)', () => {
    const transformed = iid.map((chain) => chain.map(Math.exp));
    expect(essBulk(transformed)).toBeCloseTo(essBulk(iid), 9);
  });

  it('unsplit basic ESS ignores a trend that split ESS sees', () => {
    const trending = iid.map((chain) => chain.map((value, draw) => value + (3 * draw) / chain.length));
    expect(essBasic(trending)).toBeLessThan(0.5 * essBasic(trending, { split: false }));
  });
});

describe('effective sample size, edge cases', () => {
  it('is NaN for constant draws', () => {
    const constant = [new Float64Array(50).fill(2), new Float64Array(50).fill(2)];
    for (const ess of [essBasic(constant), essBulk(constant), essTail(constant), essMean(constant), essSd(constant)]) {
      expect(ess).toBeNaN();
    }
  });

  it('is NaN when any draw is NaN or infinite', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const chains = iidNormalChains(15, 2, 50);
      chains[1]![7] = bad;
      for (const ess of [essBasic(chains), essBulk(chains), essTail(chains), essQuantile(chains, 0.5)]) {
        expect(ess).toBeNaN();
      }
    }
  });

  it('needs 3 draws per split chain: NaN below 6 draws per chain', () => {
    expect(essBulk(iidNormalChains(16, 4, 5))).toBeNaN();
    expect(essBulk(iidNormalChains(16, 4, 6))).toBeGreaterThan(0);
  });

  it('works for a single chain (split into two)', () => {
    const ess = essBulk(iidNormalChains(17, 1, 2000));
    expect(ess).toBeGreaterThan(0.8 * 2000);
    expect(ess).toBeLessThan(1.2 * 2000);
  });

  it('is defined at quantile probabilities 0 and 1', () => {
    const chains = iidNormalChains(18, 2, 200);
    expect(essQuantile(chains, 1)).toBeGreaterThan(0);
    // At probability 0 only the minimum is below the quantile: a rare-event indicator.
    expect(essQuantile(chains, 0)).toBeGreaterThan(0);
  });

  it('rejects chains of different lengths, naming the function and the lengths', () => {
    const chains = [new Float64Array(10), new Float64Array(9)];
    expect(() => essBulk(chains)).toThrow('essBulk: chains have lengths [10, 9], but all chains must have the same length');
    expect(() => essTail([])).toThrow(/^essTail: chains is empty/);
    expect(() => essBasic([new Float64Array(0)])).toThrow(/^essBasic: chains have no draws/);
    expect(() => essQuantile(iidNormalChains(1, 1, 10), 1.5)).toThrow('essQuantile: probability is 1.5, but must be in [0, 1]');
  });
});

describe('essOfChains: autocovariances summed directly and by FFT', () => {
  // Geyer's scan reads a few lags, summed directly up to lag 40; past it every lag comes from
  // the FFT (autocovariance.ts). Both must give the same ESS to rounding, on chains whose scan
  // stops early (φ ≤ 0.5), late (φ = 0.9) and beyond the direct lags (φ = 0.995), split or not.
  it.each([-0.6, 0, 0.5, 0.9, 0.995])('AR(1) with coefficient %d', (coefficient) => {
    for (const [numChains, numDraws] of [[4, 1000], [2, 151], [1, 400]] as const) {
      const chains = autoregressiveChains(17, numChains, numDraws, coefficient);
      for (const draws of [chains, splitChains(chains)]) {
        const direct = essOfChains(draws);
        const byFft = essOfChains(draws, 0);
        expect(Number.isFinite(direct)).toBe(true);
        expect(Math.abs(direct - byFft) / byFft, `${numChains} × ${numDraws}: ${direct} vs ${byFft}`).toBeLessThan(1e-12);
      }
    }
  });
});
