import { logPoissonPmf } from './log-pmf.js';
import type { Rng } from './rng.js';

// Poisson variates: PTRS, the transformed rejection with squeeze of Hörmann (1993, "The
// transformed rejection method for generating Poisson random variables", Insurance:
// Mathematics and Economics 12:39–45), for means of 10 and more — a bounded expected cost
// (about 2.3 uniforms) however large the mean — and inversion by sequential search from 0
// below (Devroye 1986, section X.3.2), about mean + 1 steps.

/** Where PTRS takes over (Hörmann's condition, mean ≥ 10). */
const PTRS_THRESHOLD = 10;
/** Above this a count is not exactly an integer in a double. */
const MAX_MEAN = 2 ** 52;

/** Inversion from 0: P(0) = e^{−μ}, P(k)/P(k − 1) = μ/k. mean < 10. */
function poissonInversion(rng: Rng, mean: number): number {
  const first = Math.exp(-mean);
  for (;;) {
    let u = rng.uniform();
    let mass = first;
    // P(K > 200) < 1e−180 for mean < 10: past it only rounding of the running sum can remain.
    for (let k = 0; k <= 200; k++) {
      if (u < mass) return k;
      u -= mass;
      mass *= mean / (k + 1);
    }
  }
}

/** Hörmann's PTRS for mean ≥ 10 (his step numbers in the comments). */
function ptrs(rng: Rng, mean: number): number {
  const root = Math.sqrt(mean);
  const b = 0.931 + 2.53 * root;
  const a = -0.059 + 0.02483 * b;
  const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    // 1: a point of the transformed hat.
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    // 2: the squeeze, which holds for most draws.
    if (us >= 0.07 && v <= vr) return k;
    // 3: outside the support, or in the part of the hat's tails that lies above it.
    if (k < 0 || (us < 0.013 && v > us)) continue;
    // 4: the exact test, log(v/(α·(a/us² + b))) ≤ log P(K = k).
    if (Math.log((v * inverseAlpha) / (a / (us * us) + b)) <= logPoissonPmf(k, mean)) return k;
  }
}

/** Poisson(mean), mean ≥ 0 (0 gives 0). */
export function drawPoisson(rng: Rng, mean: number): number {
  if (!(mean >= 0 && mean < MAX_MEAN)) throw new Error(`drawPoisson: mean is ${mean}, but must be in [0, 2^52)`);
  if (mean === 0) return 0;
  return mean < PTRS_THRESHOLD ? poissonInversion(rng, mean) : ptrs(rng, mean);
}
