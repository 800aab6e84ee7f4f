import { drawLogGamma } from './gamma.js';
import type { Rng } from './rng.js';

// Variates built from gamma variates (Devroye 1986, "Non-Uniform Random Variate
// Generation", sections IX.3–IX.4 and XI.4): beta as G_a/(G_a + G_b), Dirichlet as
// normalised gammas, inverse gamma as 1/G, Student t as Z/√(G/(ν/2)). All are formed from
// drawLogGamma, so that small shapes — whose gamma draws underflow to 0 — still give the
// right ratios instead of 0/0.

/** beta(a, b): 1/(1 + exp(log G_b − log G_a)). */
export function drawBeta(rng: Rng, a: number, b: number): number {
  const logA = drawLogGamma(rng, a);
  const logB = drawLogGamma(rng, b);
  return 1 / (1 + Math.exp(logB - logA));
}

/** inv_gamma(shape, scale 1): 1/G with G ~ gamma(shape, 1). */
export function drawInverseGamma(rng: Rng, shape: number): number {
  return Math.exp(-drawLogGamma(rng, shape));
}

/**
 * Student t with ν degrees of freedom, location 0 and scale 1: Z/√(χ²_ν/ν) with
 * χ²_ν/ν = G/(ν/2), G ~ gamma(ν/2, 1), taken on the log scale.
 */
export function drawStudentT(rng: Rng, nu: number): number {
  if (!(nu > 0) || !Number.isFinite(nu)) throw new Error(`drawStudentT: nu is ${nu}, but must be a positive finite number`);
  const z = rng.normal();
  return z * Math.exp(0.5 * (Math.log(0.5 * nu) - drawLogGamma(rng, 0.5 * nu)));
}

/**
 * Dirichlet(alpha) into out (same length): out_k = G_k/Σ_j G_j with G_k ~ gamma(α_k, 1),
 * normalised on the log scale (relative to the largest log G_k). Returns out.
 */
export function drawDirichlet(rng: Rng, alpha: ArrayLike<number>, out: Float64Array): Float64Array {
  if (out.length !== alpha.length) throw new Error(`drawDirichlet: out has length ${out.length}, but alpha has ${alpha.length}`);
  let top = -Infinity;
  for (let k = 0; k < alpha.length; k++) {
    out[k] = drawLogGamma(rng, alpha[k]!);
    top = Math.max(top, out[k]!);
  }
  let total = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = Math.exp(out[k]! - top);
    total += out[k]!;
  }
  for (let k = 0; k < out.length; k++) out[k] = out[k]! / total;
  return out;
}
