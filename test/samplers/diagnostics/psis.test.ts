import { describe, expect, it } from 'vitest';
import { fitGeneralizedPareto, generalizedParetoQuantile } from '../../../src/samplers/diagnostics/generalized-pareto.js';
import { describeParetoK, drawsNeededForParetoK, paretoKCategory, paretoKThreshold } from '../../../src/samplers/diagnostics/pareto-k.js';
import { normalizedLogWeights, psis, psisEffectiveSampleSize, psisTailLength } from '../../../src/samplers/diagnostics/psis.js';
import { makeRng } from '../../../src/random/rng.js';
import { closeTo, readLooFixture } from '../../loo/fixture.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { gpdShapeRecovery } from './approximation.checks.js';

/** PSIS and the generalized Pareto fit against R's loo (test/fixtures/loo/generate.R), to 1e-6. */
const fixture = readLooFixture();

describe('generalized Pareto fit (Zhang & Stephens 2009, with loo\'s weakly informative prior)', () => {
  it.each(fixture.gpd.map((c) => [c.name, c] as const))('%s: k and sigma equal loo::gpdfit', (_name, c) => {
    const fit = fitGeneralizedPareto(Float64Array.from(c.x));
    expect(closeTo(fit.k, c.k), `k ${fit.k} vs R ${c.k}`).toBe(true);
    expect(closeTo(fit.sigma, c.sigma), `sigma ${fit.sigma} vs R ${c.sigma}`).toBe(true);
  });

  // k and σ against their asymptotic standard errors: a check of the seed (approximation.checks.ts).
  it('recovers the shape of a large GPD sample within its standard error', () => expectCheckPasses(gpdShapeRecovery));

  it('has quantiles that invert the distribution function', () => {
    for (const k of [-0.4, 0, 0.3, 1.2]) {
      for (const p of [0.01, 0.5, 0.99]) {
        const x = generalizedParetoQuantile(p, { k, sigma: 2 });
        const survival = k === 0 ? Math.exp(-x / 2) : (1 + (k * x) / 2) ** (-1 / k);
        expect(survival).toBeCloseTo(1 - p, 12);
      }
    }
    expect(generalizedParetoQuantile(0.5, { k: 0.5, sigma: 0 })).toBeNaN();
  });

  it('refuses an empty sample', () => {
    expect(() => fitGeneralizedPareto(new Float64Array(0))).toThrow('fitGeneralizedPareto: no exceedances given');
  });
});

describe('psis (Vehtari et al. 2024) against loo::psis', () => {
  it.each(fixture.psis.map((c) => [c.name, c] as const))('%s: every smoothed log weight, k and the tail length', (_name, c) => {
    const result = psis(Float64Array.from(c.log_ratios), { relativeEfficiency: c.r_eff });
    expect(result.tailLength).toBe(c.tail_len);
    const expectedK = c.pareto_k === 'Inf' ? Infinity : c.pareto_k;
    expect(closeTo(result.paretoK, expectedK), `k ${result.paretoK} vs R ${expectedK}`).toBe(true);
    const bad = c.log_weights.flatMap((expected, i) => (closeTo(result.logWeights[i]!, expected) ? [] : [`[${i}] ${result.logWeights[i]} vs R ${expected} (log ratio ${c.log_ratios[i]})`]));
    expect(bad, bad.slice(0, 5).join('; ')).toEqual([]);
  });

  it('says why a tail was not smoothed', () => {
    expect(psis(Float64Array.from({ length: 20 }, (_, i) => i / 10)).problem).toBe('tail-too-short');
    const flatTail = Float64Array.from({ length: 100 }, (_, i) => (i < 50 ? -i : 0));
    const result = psis(flatTail);
    expect(result.problem).toBe('tail-constant');
    expect(result.paretoK).toBe(Infinity);
  });

  it('truncates at the largest raw weight and leaves the body alone', () => {
    const rng = makeRng(4);
    const logRatios = Float64Array.from({ length: 500 }, () => 2 * rng.normal());
    const result = psis(logRatios);
    const max = Math.max(...logRatios);
    expect(Math.max(...result.logWeights)).toBeLessThanOrEqual(max);
    const order = [...logRatios.keys()].sort((a, b) => logRatios[a]! - logRatios[b]!);
    // Up to the rounding of shifting by the maximum and back.
    for (const i of order.slice(0, 500 - result.tailLength)) expect(result.logWeights[i]).toBeCloseTo(logRatios[i]!, 13);
  });

  it('gives normalised weights summing to one and an ESS between 1 and S', () => {
    const rng = makeRng(5);
    const result = psis(Float64Array.from({ length: 1000 }, () => rng.normal()));
    const sum = normalizedLogWeights(result.logWeights).reduce((total, value) => total + Math.exp(value), 0);
    expect(sum).toBeCloseTo(1, 12);
    const ess = psisEffectiveSampleSize(result);
    expect(ess).toBeGreaterThan(1);
    expect(ess).toBeLessThan(1000);
    expect(psisEffectiveSampleSize(psis(new Float64Array(100).fill(0.5)))).toBeCloseTo(100, 10);
  });

  it('uses the tail length min(S/5, 3 sqrt(S / r_eff))', () => {
    expect(psisTailLength(100)).toBe(20);
    expect(psisTailLength(4000)).toBe(190);
    expect(psisTailLength(4000, 0.25)).toBe(380);
  });

  it('rejects NaN and +Infinity, allows -Infinity as zero weight', () => {
    expect(() => psis(Float64Array.of(0, NaN, 1))).toThrow('psis: logRatios[1] is NaN, but must be a finite number or -Infinity');
    expect(() => psis(Float64Array.of(0, Infinity))).toThrow('logRatios[1] is Infinity');
    expect(() => psis(Float64Array.of(0, 1), { relativeEfficiency: 0 })).toThrow('psis: relativeEfficiency is 0');
    expect(() => psis(Float64Array.of(-Infinity, -Infinity))).toThrow('every log ratio is -Infinity');
    const withZero = psis(Float64Array.of(-Infinity, 0, 1));
    expect(withZero.logWeights[0]).toBe(-Infinity);
  });
});

describe('Pareto k thresholds (Vehtari et al. 2024, section 3)', () => {
  it('is min(1 - 1/log10(S), 0.7)', () => {
    expect(paretoKThreshold(100)).toBeCloseTo(0.5, 14);
    expect(paretoKThreshold(1000)).toBeCloseTo(2 / 3, 14);
    expect(paretoKThreshold(4000)).toBe(0.7);
    expect(() => paretoKThreshold(1)).toThrow('paretoKThreshold: draws is 1');
  });

  it('puts k in loo\'s categories and says what each means', () => {
    expect(paretoKCategory(0.6, 4000)).toBe('good');
    expect(paretoKCategory(0.6, 100)).toBe('bad');
    expect(paretoKCategory(0.9, 4000)).toBe('bad');
    expect(paretoKCategory(1.2, 4000)).toBe('very-bad');
    expect(paretoKCategory(NaN, 4000)).toBe('very-bad');
    expect(describeParetoK(0.3, 1000)).toContain('reliable');
    expect(describeParetoK(0.69, 1000)).toContain(`about ${Math.ceil(drawsNeededForParetoK(0.69))} draws would make it so`);
    expect(describeParetoK(0.8, 1000)).toContain('large bias');
    expect(describeParetoK(1.3, 1000)).toContain('no finite mean');
    expect(drawsNeededForParetoK(0.5)).toBeCloseTo(100, 10);
  });
});
