import { describe, expect, it } from 'vitest';
import { fitFromStanCsv } from '../../../src/io/fit-from-csv.js';
import { parseStanCsv } from '../../../src/io/read-stan-csv.js';
import { sampleCsvText } from '../../../src/io/sample-csv.js';
import { densityModel } from '../../../src/models/model.js';
import { columnDraws, type SamplerMethod } from '../../../src/samplers/run/fit.js';
import { sample } from '../../../src/samplers/run/sample.js';
import { summary } from '../../../src/samplers/run/summary.js';
import { runInfo } from '../../io/fixtures.js';

/**
 * A standard normal whose log density is +Infinity above 1.5 (an overflow) and NaN below
 * -1.5 (a failed evaluation): every sampler must reject those proposals, count them per
 * chain apart from divergences, and finish; the draws are the normal truncated to [-1.5, 1.5].
 */
const brokenTails = densityModel({
  dim: 1,
  logDensityAndGradient: (theta) => {
    const x = theta[0]!;
    if (x > 1.5) return { logDensity: Infinity, gradient: Float64Array.of(-x) };
    if (x < -1.5) return { logDensity: NaN, gradient: Float64Array.of(NaN) };
    return { logDensity: -0.5 * x * x, gradient: Float64Array.of(-x) };
  },
});

const methods: SamplerMethod[] = ['metropolis', 'nuts', 'hmc'];

describe.each(methods)('%s with non-finite log densities', (method) => {
  const fit = sample(brokenTails, { method, chains: 2, warmup: 300, draws: 400, seed: 11, initRadius: 1 });

  it('finishes, never leaves the finite region, and counts the rejections per chain', () => {
    for (const draws of columnDraws(fit, 'x[1]')) expect(draws.every((x) => x >= -1.5 && x <= 1.5)).toBe(true);
    for (const chain of fit.chains) {
      // Proposals leave [-1.5, 1.5] (probability 0.13 under the normal) often: counted, not fatal.
      expect(chain.nonFiniteTransitions).toBeGreaterThan(5);
      expect(chain.nonFiniteTransitions).toBeLessThanOrEqual(fit.config.draws);
      expect(chain.warmupNonFiniteTransitions).toBeGreaterThan(0);
      // A standard normal at an adapted step size does not diverge: none of these is a divergence.
      expect(chain.divergentPositions).toHaveLength(0);
      expect(chain.nonFiniteDraws).toHaveLength(chain.nonFiniteTransitions);
      // Stan's divergent__ flags them, and exactly them.
      const flags = columnDraws(fit, 'divergent__')[chain.chain]!;
      expect(flags.reduce((sum, flag) => sum + flag, 0)).toBe(chain.nonFiniteTransitions);
      for (const draw of chain.nonFiniteDraws) expect(flags[draw]).toBe(1);
    }
  });

  it('warns that the log density was not finite, with model advice rather than adapt-delta', () => {
    const result = summary(fit);
    const count = fit.chains.reduce((sum, chain) => sum + chain.nonFiniteTransitions, 0);
    const warning = result.warnings.find((candidate) => candidate.kind === 'non-finite');
    expect(warning?.count).toBe(count);
    expect(warning?.perChain).toEqual(fit.chains.map((chain) => chain.nonFiniteTransitions));
    expect(warning?.message).toContain(`The log density was not finite at ${count} proposals (e.g. outside the support, or overflow)`);
    expect(warning?.message).not.toMatch(/curvature|Increase adaptDelta/);
    expect(result.warnings.some((candidate) => candidate.kind === 'divergences')).toBe(false);
  });

  it('keeps the counts through the CSV files, which keep Stan\'s columns', () => {
    const reread = fitFromStanCsv(fit.chains.map((_, chain) => parseStanCsv(sampleCsvText({ ...runInfo, outputFile: `chain_${chain + 1}.csv` }, fit, chain)))).fit;
    reread.chains.forEach((chain, index) => {
      const original = fit.chains[index]!;
      expect(chain.nonFiniteTransitions).toBe(original.nonFiniteTransitions);
      expect(chain.warmupNonFiniteTransitions).toBe(original.warmupNonFiniteTransitions);
      expect(chain.nonFiniteDraws).toEqual(original.nonFiniteDraws);
      expect(chain.divergentPositions).toHaveLength(0);
    });
    expect(summary(reread).warnings.map((warning) => warning.kind)).toEqual(summary(fit).warnings.map((warning) => warning.kind));
  });
});

describe('divergences stay divergences', () => {
  it('a read-back file without leapfrog\'s counts (CmdStan, an interrupted run) counts every flag as a divergence, and says so', () => {
    const fit = sample(brokenTails, { method: 'nuts', chains: 1, warmup: 200, draws: 200, seed: 3, initRadius: 1 });
    const text = sampleCsvText(runInfo, fit, 0).replace(/# Divergent transitions.*\n|# Transitions rejected.*\n|# Saved draws among them.*\n/g, '');
    const { fit: reread, notes } = fitFromStanCsv([parseStanCsv(text)]);
    expect(reread.chains[0]!.divergentPositions).toHaveLength(fit.chains[0]!.nonFiniteDraws.length);
    expect(notes.join(' ')).toMatch(/no count of non-finite rejections .* counted as a divergence/);
  });
});
