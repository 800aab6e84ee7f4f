import { lanesSum, zero } from './dense';
import { addWeightedPanels, dotPanels } from './panels';
import { ONE, SIGN_BIT, exp2x, expNonPositive, log1pUnit, splatAt } from './simd-math';

// Generalised linear models in one pass over the design matrix x (n rows, row stride kp, in
// the panel layout of panels.ts), after Stan Math's bernoulli_logit_glm_lpmf,
// poisson_log_glm_lpmf and normal_id_glm_lpdf: η = α + xβ, each observation's log likelihood and its derivative
// w = ∂/∂η, and ∂/∂β = xᵀw. x (400 KB at N = 2000, D = 25) is read once per gradient, in
// blocks of rows small enough to stay in L1 between the block's dot products and its xᵀw
// update, with the link function computed in between for the whole block, two observations
// per instruction.

export const BERNOULLI_LOGIT: i32 = 0;
export const POISSON_LOG: i32 = 1;
export const NORMAL_ID: i32 = 2;

/** Rows per block: about 16 KB of x, a multiple of 4, between 4 and 256. */
function blockRows(kp: i32): i32 {
  let rows = (2048 / kp) & ~3;
  if (rows < 4) rows = 4;
  if (rows > 256) rows = 256;
  return rows;
}

/**
 * The pass. Arguments, all in this memory: y (n doubles); α (n doubles, or one when
 * alphaStride is 0); β (kp doubles, zero-padded); σ (normal_id only: n doubles, or one when
 * sigmaStride is 0). Writes w = ∂ log p / ∂η (n doubles; they first hold the dot products),
 * and when wantBeta is nonzero xᵀw to dbeta (kp doubles). For normal_id with σ per
 * observation and dsigma nonzero, writes ∂/∂σ_i to dsigma (n doubles). `scratch` is 8 doubles
 * of work space (16-byte aligned). Returns
 *   bernoulli_logit: Σ log p(y_i | η_i);   poisson_log: Σ (y_i η_i − e^η_i), without −log y_i!;
 *   normal_id: Σ z_i², z_i = (y_i − η_i) / σ_i;
 * and writes Σ w_i to scratch[0].
 */
export function glm(
  family: i32, x: usize, n: i32, kp: i32, y: usize, alpha: usize, alphaStride: i32, beta: usize,
  sigma: usize, sigmaStride: i32, w: usize, dbeta: usize, wantBeta: i32, dsigma: usize, scratch: usize,
): f64 {
  const block = blockRows(kp);
  let value = f64x2.splat(0.0);
  if (wantBeta != 0) zero(dbeta, kp);
  for (let first = 0; first < n; first += block) {
    const end = min(first + block, n);
    dotPanels(x, kp, beta, first, end, w);
    if (family == BERNOULLI_LOGIT) value = f64x2.add(value, bernoulliBlock(first, end, y, alpha, alphaStride, w, scratch));
    else if (family == POISSON_LOG) value = f64x2.add(value, poissonBlock(first, end, y, alpha, alphaStride, w, scratch));
    else value = f64x2.add(value, normalBlock(first, end, y, alpha, alphaStride, sigma, sigmaStride, w, dsigma, scratch));
    if (wantBeta != 0) addWeightedPanels(x, kp, w, first, end, dbeta);
  }
  store<f64>(scratch, sumOf(w, n));
  return lanesSum(value);
}

/** Σ of n doubles from p, two lanes at a time. */
function sumOf(p: usize, n: i32): f64 {
  const bytes = <usize>n << 3;
  const pairBytes = bytes & ~(<usize>15);
  let s = f64x2.splat(0.0);
  for (let q: usize = 0; q < pairBytes; q += 16) s = f64x2.add(s, v128.load(p + q));
  let total = lanesSum(s);
  if (pairBytes < bytes) total += load<f64>(p + pairBytes);
  return total;
}

// Each block function runs the link over rows first..end − 1 two at a time: η from the dot
// product in w and α, the terms summed into the returned lanes, w overwritten with ∂/∂η.
// An odd last row runs in both lanes of a pair copied to scratch, and only lane 0 is kept.

/** α for rows i, i + 1: two per-observation values, or the one broadcast. */
// @ts-ignore: decorator
@inline
function alphaPair(alpha: usize, alphaStride: i32, at: usize): v128 {
  return alphaStride != 0 ? v128.load(alpha + at) : v128.load64_splat(alpha);
}

/** The pair at `at` (rows end − 1 twice) of y, α + dot and σ moved to scratch[2..7]. */
// @ts-ignore: decorator
@inline
function oddRow(at: usize, y: usize, alpha: usize, alphaStride: i32, sigma: usize, sigmaStride: i32, w: usize, scratch: usize): void {
  v128.store(scratch + 16, v128.load64_splat(y + at));
  v128.store(scratch + 32, f64x2.add(v128.load64_splat(alpha + (alphaStride != 0 ? at : 0)), v128.load64_splat(w + at)));
  v128.store(scratch + 48, v128.load64_splat(sigma + (sigmaStride != 0 ? at : 0)));
}

// Bernoulli logit: log p = −(max(∓η, 0) + log1p(e)) with e = e^−|η| (the sign − for y = 1),
// ∂/∂η = y − σ(η) with σ(η) = 1 / (1 + e) for η ≥ 0 and e / (1 + e) otherwise: one exp and
// one log1p per observation, as in the JavaScript kernel. A block runs in two passes, all the
// e first (into EXPONENTIALS), then the rest: one observation's chain of dependent
// operations (exp, then log1p and the division) is long, and split in two the processor
// overlaps more observations (3 µs of 39 per logistic_regression gradient).

/** e = e^−|η| per lane (−|η| is η with its sign bit set). */
// @ts-ignore: decorator
@inline
function bernoulliExp(eta: v128): v128 {
  return expNonPositive(v128.or(eta, splatAt(SIGN_BIT)));
}

/** Writes ∂/∂η to wOut; returns the negated terms max(∓η, 0) + log1p(e) (the block subtracts them). */
// @ts-ignore: decorator
@inline
function bernoulliTerms(yv: v128, eta: v128, e: v128, wOut: usize): v128 {
  const one = splatAt(ONE);
  const signed = f64x2.mul(f64x2.sub(one, f64x2.add(yv, yv)), eta);
  const numerator = v128.bitselect(one, e, f64x2.ge(eta, f64x2.splat(0.0)));
  v128.store(wOut, f64x2.sub(yv, f64x2.div(numerator, f64x2.add(one, e))));
  return f64x2.add(f64x2.pmax(signed, f64x2.splat(0.0)), log1pUnit(e));
}

/** A block's e^−|η| (blockRows ≤ 256 doubles), in this instance's memory: one call runs at a time. */
const EXPONENTIALS = memory.data(256 << 3, 16);

function bernoulliBlock(first: i32, end: i32, y: usize, alpha: usize, alphaStride: i32, w: usize, scratch: usize): v128 {
  let value = f64x2.splat(0.0);
  const pairsEnd = first + ((end - first) & ~1);
  const base = <usize>first << 3;
  for (let i = first; i < pairsEnd; i += 2) {
    const at = <usize>i << 3;
    v128.store(EXPONENTIALS + (at - base), bernoulliExp(f64x2.add(alphaPair(alpha, alphaStride, at), v128.load(w + at))));
  }
  for (let i = first; i < pairsEnd; i += 2) {
    const at = <usize>i << 3;
    const eta = f64x2.add(alphaPair(alpha, alphaStride, at), v128.load(w + at));
    value = f64x2.sub(value, bernoulliTerms(v128.load(y + at), eta, v128.load(EXPONENTIALS + (at - base)), w + at));
  }
  if (pairsEnd < end) {
    const at = <usize>pairsEnd << 3;
    oddRow(at, y, alpha, alphaStride, scratch, 0, w, scratch);
    const eta = v128.load(scratch + 32);
    const terms = bernoulliTerms(v128.load(scratch + 16), eta, bernoulliExp(eta), scratch);
    value = f64x2.sub(value, f64x2.replace_lane(terms, 1, 0.0));
    store<f64>(w + at, load<f64>(scratch));
  }
  return value;
}

// Poisson log: log p = y η − e^η − log y! (log y! added by the caller), ∂/∂η = y − e^η.
// @ts-ignore: decorator
@inline
function poissonPair(yv: v128, eta: v128, wOut: usize): v128 {
  const rate = exp2x(eta);
  v128.store(wOut, f64x2.sub(yv, rate));
  return f64x2.sub(f64x2.mul(yv, eta), rate);
}

function poissonBlock(first: i32, end: i32, y: usize, alpha: usize, alphaStride: i32, w: usize, scratch: usize): v128 {
  let value = f64x2.splat(0.0);
  const pairsEnd = first + ((end - first) & ~1);
  for (let i = first; i < pairsEnd; i += 2) {
    const at = <usize>i << 3;
    value = f64x2.add(value, poissonPair(v128.load(y + at), f64x2.add(alphaPair(alpha, alphaStride, at), v128.load(w + at)), w + at));
  }
  if (pairsEnd < end) {
    const at = <usize>pairsEnd << 3;
    oddRow(at, y, alpha, alphaStride, scratch, 0, w, scratch);
    const terms = poissonPair(v128.load(scratch + 16), v128.load(scratch + 32), scratch);
    value = f64x2.add(value, f64x2.replace_lane(terms, 1, 0.0));
    store<f64>(w + at, load<f64>(scratch));
  }
  return value;
}

// Normal identity: z = (y − η) / σ, term z² (the caller forms −z²/2 − log σ − log √(2π)),
// ∂/∂η = z / σ, ∂/∂σ = (z² − 1) / σ, as the JavaScript kernel computes them.
// @ts-ignore: decorator
@inline
function normalPair(yv: v128, eta: v128, s: v128, wOut: usize, dsigmaOut: usize): v128 {
  const inverse = f64x2.div(f64x2.splat(1.0), s);
  const z = f64x2.mul(f64x2.sub(yv, eta), inverse);
  const z2 = f64x2.mul(z, z);
  v128.store(wOut, f64x2.mul(z, inverse));
  if (dsigmaOut != 0) v128.store(dsigmaOut, f64x2.mul(f64x2.sub(z2, f64x2.splat(1.0)), inverse));
  return z2;
}

function normalBlock(
  first: i32, end: i32, y: usize, alpha: usize, alphaStride: i32, sigma: usize, sigmaStride: i32, w: usize, dsigma: usize, scratch: usize,
): v128 {
  let value = f64x2.splat(0.0);
  const perSigma = dsigma != 0 && sigmaStride != 0;
  const pairsEnd = first + ((end - first) & ~1);
  for (let i = first; i < pairsEnd; i += 2) {
    const at = <usize>i << 3;
    const s = sigmaStride != 0 ? v128.load(sigma + at) : v128.load64_splat(sigma);
    const eta = f64x2.add(alphaPair(alpha, alphaStride, at), v128.load(w + at));
    value = f64x2.add(value, normalPair(v128.load(y + at), eta, s, w + at, perSigma ? dsigma + at : 0));
  }
  if (pairsEnd < end) {
    const at = <usize>pairsEnd << 3;
    oddRow(at, y, alpha, alphaStride, sigma, sigmaStride, w, scratch);
    const terms = normalPair(v128.load(scratch + 16), v128.load(scratch + 32), v128.load(scratch + 48), scratch, perSigma ? scratch + 16 : 0);
    value = f64x2.add(value, f64x2.replace_lane(terms, 1, 0.0));
    store<f64>(w + at, load<f64>(scratch));
    if (perSigma) store<f64>(dsigma + at, load<f64>(scratch + 16));
  }
  return value;
}
