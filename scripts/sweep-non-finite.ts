/**
 * The seed sweep behind test/samplers/run/non-finite.test.ts: over 40 seeds, the smallest
 * number of non-finite rejections per chain (the test asserts > 5) and the largest number
 * of divergences (the test asserts 0) of each sampler on a standard normal whose log
 * density is +Infinity above 1.5 and NaN below -1.5. Run: npx tsx scripts/sweep-non-finite.ts
 */
import { densityModel } from '../src/models/model.js';
import { sample } from '../src/samplers/run/sample.js';

const brokenTails = densityModel({
  dim: 1,
  logDensityAndGradient: (theta) => {
    const x = theta[0]!;
    if (x > 1.5) return { logDensity: Infinity, gradient: Float64Array.of(-x) };
    if (x < -1.5) return { logDensity: NaN, gradient: Float64Array.of(NaN) };
    return { logDensity: -0.5 * x * x, gradient: Float64Array.of(-x) };
  },
});

for (const method of ['metropolis', 'nuts', 'hmc'] as const) {
  let fewest = Infinity;
  let fewestWarmup = Infinity;
  let divergences = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const fit = sample(brokenTails, { method, chains: 2, warmup: 300, draws: 400, seed, initRadius: 1 });
    for (const chain of fit.chains) {
      fewest = Math.min(fewest, chain.nonFiniteTransitions);
      fewestWarmup = Math.min(fewestWarmup, chain.warmupNonFiniteTransitions);
      divergences = Math.max(divergences, chain.divergentPositions.length);
    }
  }
  console.log(`${method}: fewest non-finite per chain ${fewest} (warm-up ${fewestWarmup}), most divergences per chain ${divergences}`);
}
