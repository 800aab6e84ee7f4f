import { describe, expect, it } from 'vitest';
import { mcseMean, mcseQuantile, mcseSd } from '../../../src/samplers/diagnostics/index.js';
import { autoregressiveChains, iidNormalChains } from './simulated-chains.js';

// For S iid N(0, 1) draws the standard errors are known: mean 1/sqrt(S), sd 1/sqrt(2S),
// quantile q_p sqrt(p (1 - p) / S) / φ(q_p). Over 30 seeds the mean and sd MCSE stayed
// within 10% of these at S = 4000.

describe('Monte Carlo standard errors', () => {
  const draws = 4000;
  const iid = iidNormalChains(31, 4, 1000);

  it('of the mean is about sd / sqrt(S) for iid draws', () => {
    expect(mcseMean(iid) * Math.sqrt(draws)).toBeGreaterThan(0.85);
    expect(mcseMean(iid) * Math.sqrt(draws)).toBeLessThan(1.15);
  });

  it('of the sd is about 1 / sqrt(2S) for iid normal draws', () => {
    expect(mcseSd(iid) * Math.sqrt(2 * draws)).toBeGreaterThan(0.85);
    expect(mcseSd(iid) * Math.sqrt(2 * draws)).toBeLessThan(1.15);
  });

  it('of the median is about sqrt(π / (2S)) for iid normal draws', () => {
    const expected = Math.sqrt(Math.PI / (2 * draws));
    expect(mcseQuantile(iid, 0.5)).toBeGreaterThan(0.7 * expected);
    expect(mcseQuantile(iid, 0.5)).toBeLessThan(1.3 * expected);
  });

  it('grows with autocorrelation', () => {
    const correlated = autoregressiveChains(32, 4, 1000, 0.9);
    // ESS shrinks by about 19, the standard error grows by about sqrt(19) ≈ 4.4.
    expect(mcseMean(correlated) / mcseMean(iid)).toBeGreaterThan(2.5);
    expect(mcseQuantile(correlated, 0.05)).toBeGreaterThan(mcseQuantile(iid, 0.05));
  });

  it('is NaN for constant or non-finite draws', () => {
    const constant = [new Float64Array(30).fill(1), new Float64Array(30).fill(1)];
    expect(mcseMean(constant)).toBeNaN();
    expect(mcseSd(constant)).toBeNaN();
    expect(mcseQuantile(constant, 0.5)).toBeNaN();
    const infinite = iidNormalChains(33, 2, 30);
    infinite[1]![3] = -Infinity;
    expect(mcseMean(infinite)).toBeNaN();
    expect(mcseSd(infinite)).toBeNaN();
  });

  it('rejects a probability outside [0, 1]', () => {
    expect(() => mcseQuantile(iid, -0.1)).toThrow('mcseQuantile: probability is -0.1, but must be in [0, 1]');
  });
});
