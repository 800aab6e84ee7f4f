import { densityModel } from '../../../src/models/model.js';
import { columnDraws, type Fit, type SamplerMethod } from '../../../src/samplers/run/fit.js';
import { sample } from '../../../src/samplers/run/sample.js';
import { boundOutcome, combineOutcomes, defineSeededCheck, type SeededCheck } from '../../helpers/seeded-check.js';

// The statistical part of non-finite.test.ts as functions of the seed
// (test/helpers/seeded-check.ts, test/fixtures/seed-sweep.md): how many proposals land where
// the log density is not finite, and that none of them is called a divergence, depend on the
// draws; the bookkeeping around them (CSV columns, flags, the warning) does not and stays in
// the test.

/**
 * A standard normal whose log density is +Infinity above 1.5 (an overflow) and NaN below
 * -1.5 (a failed evaluation): every sampler must reject those proposals, count them per
 * chain apart from divergences, and finish; the draws are the normal truncated to [-1.5, 1.5].
 */
export const brokenTails = densityModel({
  dim: 1,
  logDensityAndGradient: (theta) => {
    const x = theta[0]!;
    if (x > 1.5) return { logDensity: Infinity, gradient: Float64Array.of(-x) };
    if (x < -1.5) return { logDensity: NaN, gradient: Float64Array.of(NaN) };
    return { logDensity: -0.5 * x * x, gradient: Float64Array.of(-x) };
  },
});

export const brokenTailsFit = (method: SamplerMethod, seed: number): Fit => sample(brokenTails, { method, chains: 2, warmup: 300, draws: 400, seed, initRadius: 1 });

export const nonFiniteChecks: readonly SeededCheck[] = (['metropolis', 'nuts', 'hmc'] as const).map((method) =>
  defineSeededCheck({
    name: `run/non-finite-${method}`,
    seed: 11,
    design: 'normal truncated by +Inf above 1.5 and NaN below −1.5, 2 × 400 draws: every draw in [−1.5, 1.5]; non-finite rejections > 5 per chain (sampling) and > 0 (warm-up); no divergence',
    run: (seed) => {
      // Proposals leave [-1.5, 1.5] (probability 0.13 under the normal) often: counted, not fatal.
      const fit = brokenTailsFit(method, seed);
      const outside = columnDraws(fit, 'x[1]').reduce((count, draws) => count + draws.filter((x) => !(x >= -1.5 && x <= 1.5)).length, 0);
      return combineOutcomes({
        inside: boundOutcome('drawsOutside', outside, '<=', 0),
        sampling: boundOutcome('minPerChain', Math.min(...fit.chains.map((chain) => chain.nonFiniteTransitions)), '>', 5),
        warmup: boundOutcome('minPerChain', Math.min(...fit.chains.map((chain) => chain.warmupNonFiniteTransitions)), '>', 0),
        // A standard normal at an adapted step size does not diverge.
        divergences: boundOutcome('count', fit.chains.reduce((sum, chain) => sum + chain.divergentPositions.length, 0), '<=', 0),
      });
    },
  }),
);
