import { describe, expect, it } from 'vitest';
import { checkApproximation, checkFromParetoK } from '../../../src/samplers/diagnostics/approximation-check.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { approximationNarrow, approximationReliable, approximationShifted, gaussianDraws as drawsOf, paretoRatiosK } from './approximation.checks.js';
import { importanceShifts } from '../../../src/samplers/diagnostics/importance-shift.js';

/**
 * Yao et al. (2018)'s check on Gaussian targets and approximations whose importance ratios
 * have a known tail: x ~ q = N(m, s²) for p = N(0, 1) with s < 1 gives ratios with tail index
 * k = 1 − s² (psis.test.ts's fixtures show the same against R).
 */
describe('checkApproximation (Yao et al. 2018)', () => {
  it('calls an exact or slightly wide approximation reliable (a check of the seed, swept by npm run sweep)', async () => {
    const exact = drawsOf(1, 1000, 0, 1);
    // Equal ratios: no tail to fit, bounded weights.
    expect(checkApproximation(exact.logDensity, exact.logApproximation).paretoK).toBe(0);
    // Equal up to rounding (the log densities computed two ways, as Laplace's of a normal
    // posterior): a Pareto fit to the rounding noise would fail; the weights are bounded.
    for (const count of [1000, 10_000]) {
      const rounded = drawsOf(2, count, 0, 1);
      const noisy = rounded.logDensity.map((value, s) => value + ((s * 7919) % 13) * 1e-14);
      expect(checkApproximation(noisy, rounded.logApproximation)).toMatchObject({ paretoK: 0, verdict: 'reliable' });
    }
    await expectCheckPasses(approximationReliable);
  });

  it('calls a much too narrow approximation unreliable (k = 1 - 0.1^2 = 0.99)', () => expectCheckPasses(approximationNarrow));

  it('maps k to the verdict (0.3, 0.6, 0.85), and k-hat of Pareto ratios estimates k', async () => {
    expect([0.3, 0.6, 0.85].map((k) => checkFromParetoK(k, 100_000).verdict)).toEqual(['reliable', 'use-with-care', 'unreliable']);
    await expectCheckPasses(paretoRatiosK);
  });

  it('flags a shifted mean even where k is small', () => expectCheckPasses(approximationShifted));

  it('computes the shift and its MCSE as documented', () => {
    // Two draws, weights 0.75 / 0.25: shift = 0.75·0 + 0.25·2 − 1 = −0.5; sd = sqrt(2).
    const [shift] = importanceShifts(['y'], [Float64Array.of(0, 2)], Float64Array.of(0.75, 0.25), { minShift: 0, minZ: 0 });
    expect(shift!.weightedMean).toBeCloseTo(0.5, 15);
    expect(shift!.shiftInSd).toBeCloseTo(-0.5 / Math.SQRT2, 15);
    // MCSE² = 0.25² (0 − 0.5)² + 0.25² (2 − 0.5)² = 0.15625
    expect(shift!.z).toBeCloseTo(0.5 / Math.sqrt(0.15625), 12);
  });

  it('gives zero weight to draws outside the target support and refuses mismatched lengths', () => {
    const check = checkApproximation(Float64Array.of(-Infinity, 0, 0, 0, 0, 0), new Float64Array(6));
    expect(check.draws).toBe(6);
    expect(check.effectiveSampleSize).toBeCloseTo(5, 10);
    const nowhere = checkApproximation(Float64Array.of(-Infinity, NaN), new Float64Array(2), 'q');
    expect(nowhere.verdict).toBe('unreliable');
    expect(nowhere.message).toContain('Every one of the 2 draws of the q has log density -Infinity');
    expect(() => checkApproximation(new Float64Array(3), new Float64Array(2))).toThrow('checkApproximation: 3 log densities but 2 approximation log densities');
  });
});
