import { describe, expect, it } from 'vitest';
import { mcseMean, mcseQuantile, mcseSd } from '../../../src/samplers/diagnostics/index.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { mcseProperties } from './diagnostics.checks.js';
import { iidNormalChains } from './simulated-chains.js';

// For S iid N(0, 1) draws the standard errors are known: mean 1/sqrt(S), sd 1/sqrt(2S),
// quantile q_p sqrt(p (1 - p) / S) / φ(q_p). Those bounds are functions of the seed in
// diagnostics.checks.ts, run here at one seed and by `npm run sweep` over many.

describe('Monte Carlo standard errors', () => {
  const iid = iidNormalChains(31, 4, 1000);

  it('of the mean, sd and median are about 1/√S, 1/√(2S) and √(π/2S) for iid normal draws, and grow with autocorrelation', () =>
    expectCheckPasses(mcseProperties));

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
