import type { Rng } from './rng.js';

// Variates by inversion of a closed-form CDF, X = F^{-1}(U) (Devroye 1986, "Non-Uniform
// Random Variate Generation", section II.2): one uniform per draw, exact up to rounding.
// Each function draws the standard member of its family (location 0, scale 1); callers
// shift and scale. Where the inverse has a pole or a cancellation, it is written so that the
// tails keep their relative precision.

/** 2^−54, half the spacing of rng.uniform()'s values. */
const HALF_SPACING = 2 ** -54;

/**
 * A uniform on the open interval (0, 1): rng.uniform() + 2^−54, i.e. (2k + 1)·2^−54 for
 * k = 0..2^53 − 1 (exact in a double), symmetric about 1/2 and never 0 or 1 — for inverses
 * with a logarithm or a pole at both ends.
 */
export function openUniform(rng: Rng): number {
  return rng.uniform() + HALF_SPACING;
}

/** Exponential with rate 1: −log(1 − U). 1 − U is exact for U a multiple of 2^−53. */
export function drawExponential(rng: Rng): number {
  return -Math.log1p(-rng.uniform());
}

/**
 * Standard Cauchy: tan(π(U − ½)). Beyond the quartiles the tangent is taken as 1/tan(π s)
 * with s = ½ − |U − ½| (exact), so the far tails are not lost to the rounding of π(U − ½)
 * next to the pole.
 */
export function drawCauchy(rng: Rng): number {
  const t = openUniform(rng) - 0.5;
  if (Math.abs(t) <= 0.25) return Math.tan(Math.PI * t);
  const s = 0.5 - Math.abs(t);
  return (t < 0 ? -1 : 1) / Math.tan(Math.PI * s);
}

/** Standard Laplace (double exponential): log(2U) below ½, −log(2(1 − U)) above. */
export function drawLaplace(rng: Rng): number {
  const u = openUniform(rng);
  return u < 0.5 ? Math.log(2 * u) : -Math.log(2 * (1 - u));
}

/** Standard logistic: log(U/(1 − U)), with log1p so that 1 − U is never rounded. */
export function drawLogistic(rng: Rng): number {
  const u = openUniform(rng);
  return Math.log(u) - Math.log1p(-u);
}

/** Weibull with shape k and scale 1: E^{1/k} with E exponential. */
export function drawWeibull(rng: Rng, shape: number): number {
  return Math.pow(drawExponential(rng), 1 / shape);
}

/** Uniform on [lower, upper). */
export function drawUniform(rng: Rng, lower: number, upper: number): number {
  return lower + (upper - lower) * rng.uniform();
}

/** Bernoulli(p): 1 with probability p (U < p), else 0. */
export function drawBernoulli(rng: Rng, p: number): number {
  return rng.uniform() < p ? 1 : 0;
}
