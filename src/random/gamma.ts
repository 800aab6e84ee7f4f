import { openUniform } from './inversion.js';
import type { Rng } from './rng.js';

// Gamma variates by Marsaglia & Tsang (2000, "A simple method for generating gamma
// variables", ACM TOMS 26(3):363–372): for shape α ≥ 1, with d = α − 1/3 and c = 1/√(9d),
// X = d·(1 + cZ)³ for a standard normal Z is accepted with the squeeze
// U < 1 − 0.0331·Z⁴ or the full test log U < Z²/2 + d(1 − V + log V), V = (1 + cZ)³ —
// about 1.02 normals per draw at α = 1 and fewer above, for any α (no setup). For α < 1 their
// section 6 boost: X = Y·U^{1/α} with Y ~ gamma(α + 1).

function checkShape(place: string, shape: number): void {
  if (!(shape > 0) || !Number.isFinite(shape)) throw new Error(`${place}: shape is ${shape}, but must be a positive finite number`);
}

/** Marsaglia & Tsang's rejection for shape ≥ 1 (rate 1). */
function gammaAtLeastOne(rng: Rng, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = rng.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    const z2 = z * z;
    if (u < 1 - 0.0331 * z2 * z2) return d * v;
    if (Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * gamma(shape, rate 1). For shape < 1 the draw underflows to 0 with probability about
 * (1e−308)^shape/Γ(shape + 1) — 0.1% at shape 0.01: the value is below the smallest double;
 * drawLogGamma keeps such draws on the log scale.
 */
export function drawGamma(rng: Rng, shape: number): number {
  checkShape('drawGamma', shape);
  if (shape >= 1) return gammaAtLeastOne(rng, shape);
  return gammaAtLeastOne(rng, shape + 1) * Math.exp(Math.log(openUniform(rng)) / shape);
}

/**
 * The logarithm of a gamma(shape, 1) draw, finite for every shape: log Y + log(U)/shape for
 * shape < 1 (the boost on the log scale), where Y·U^{1/shape} itself would underflow. Ratios
 * of gammas (beta, Dirichlet, Student t) are formed from these.
 */
export function drawLogGamma(rng: Rng, shape: number): number {
  checkShape('drawLogGamma', shape);
  if (shape >= 1) return Math.log(gammaAtLeastOne(rng, shape));
  return Math.log(gammaAtLeastOne(rng, shape + 1)) + Math.log(openUniform(rng)) / shape;
}
