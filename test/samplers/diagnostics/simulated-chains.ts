import { makeRng } from '../../../src/random/rng.js';

/** Test draws from the project's explicit RNG: chain c uses stream c of `seed`. */

/** `numChains` chains of `numDraws` iid standard normal draws. */
export function iidNormalChains(seed: number, numChains: number, numDraws: number): Float64Array[] {
  return Array.from({ length: numChains }, (_, chain) => {
    const rng = makeRng(seed, chain);
    return Float64Array.from({ length: numDraws }, () => rng.normal());
  });
}

/**
 * Stationary AR(1) chains x_t = φ x_{t-1} + sqrt(1 - φ²) ε_t with unit marginal variance,
 * whose integrated autocorrelation time is (1 + φ)/(1 - φ), so ESS ≈ S (1 - φ)/(1 + φ).
 */
export function autoregressiveChains(
  seed: number,
  numChains: number,
  numDraws: number,
  coefficient: number,
): Float64Array[] {
  const innovationScale = Math.sqrt(1 - coefficient * coefficient);
  return Array.from({ length: numChains }, (_, chain) => {
    const rng = makeRng(seed, chain);
    const draws = new Float64Array(numDraws);
    draws[0] = rng.normal();
    for (let draw = 1; draw < numDraws; draw += 1) {
      draws[draw] = coefficient * draws[draw - 1]! + innovationScale * rng.normal();
    }
    return draws;
  });
}
