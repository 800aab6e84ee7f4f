// Elementary functions on two float64 lanes (WebAssembly SIMD has none), accurate to an ulp
// or two, so that the kernels agree with the JavaScript ones (Math.exp, Math.log1p) to about
// 1e-16 per element. No tables and no branches: every lane takes the same path.

// ln 2 split in two (Cody & Waite 1980): LN2_HI has its low 32 bits zero, so k·LN2_HI is
// exact for the |k| ≤ 1077 met here, and LN2_LO carries the rest.
const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LN2: f64 = 0.6931471805599453;
const LOG2_E: f64 = 1.4426950408889634;
// 1.5 · 2^52 + 1023: t = x log2(e) + SHIFTER rounds x log2(e) to the nearest integer k, which
// then sits in t's low mantissa bits as k + 1023 (plus 2^51), so that t's bits shifted left by
// 52 are exactly those of the double 2^k (the higher bits fall off the end).
const SHIFTER: f64 = 6755399441055744.0 + 1023.0;
const SQRT2_MINUS_1: f64 = 0.41421356237309503;

/** a·b + c per lane (two roundings: WebAssembly SIMD has no fused multiply-add). */
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  return f64x2.add(f64x2.mul(a, b), c);
}

/**
 * e^r for |r| ≤ ln 2 / 2 by its Taylor series to degree 13 (the remainder r^14/14! < 5e-18),
 * evaluated by Estrin's scheme — pairs, then the powers r², r⁴, r⁸ — so that the chain of
 * dependent operations is 5 multiply-adds long rather than Horner's 13: the GLM kernels were
 * latency-bound with Horner.
 */
// @ts-ignore: decorator
@inline
function expReduced(r: v128): v128 {
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const q0 = f64x2.add(f64x2.splat(1.0), r);
  const q1 = madd(r, f64x2.splat(1.0 / 6.0), f64x2.splat(0.5));
  const q2 = madd(r, f64x2.splat(1.0 / 120.0), f64x2.splat(1.0 / 24.0));
  const q3 = madd(r, f64x2.splat(1.0 / 5040.0), f64x2.splat(1.0 / 720.0));
  const q4 = madd(r, f64x2.splat(1.0 / 362880.0), f64x2.splat(1.0 / 40320.0));
  const q5 = madd(r, f64x2.splat(1.0 / 39916800.0), f64x2.splat(1.0 / 3628800.0));
  const q6 = madd(r, f64x2.splat(1.0 / 6227020800.0), f64x2.splat(1.0 / 479001600.0));
  const s0 = madd(r2, q1, q0);
  const s1 = madd(r2, q3, q2);
  const s2 = madd(r2, q5, q4);
  const t0 = madd(r4, s1, s0);
  const t1 = madd(r4, q6, s2);
  return madd(r8, t1, t0);
}

/** r = x − k ln 2 in two steps (Cody & Waite), for k the integer in t (see SHIFTER). */
// @ts-ignore: decorator
@inline
function reduce(x: v128, t: v128): v128 {
  const k = f64x2.sub(t, f64x2.splat(SHIFTER));
  return f64x2.sub(f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
}

/**
 * e^x per lane, for any x: x = k ln 2 + r, e^r (expReduced), then scaled by 2^k in two factors
 * 2^(k − k₂) · 2^k₂ with k₂ = k >> 1, each a normal double, so that results in the subnormal
 * range and overflow to +∞ come out right. x is first clamped to [−746, 710], beyond which e^x
 * is 0 or +∞ anyway; NaN stays NaN (wasm's min and max propagate it).
 */
// @ts-ignore: decorator
@inline
export function exp2x(x: v128): v128 {
  const xc = f64x2.max(f64x2.min(x, f64x2.splat(710.0)), f64x2.splat(-746.0));
  const t = madd(xc, f64x2.splat(LOG2_E), f64x2.splat(SHIFTER));
  const p = expReduced(reduce(xc, t));
  // t's bits minus those of 1.5 · 2^52 are k + 1023; k₂ = k >> 1.
  const biased = i64x2.sub(t, i64x2.splat(0x4338000000000000));
  const k2 = i64x2.shr_s(i64x2.sub(biased, i64x2.splat(1023)), 1);
  const scale1 = i64x2.shl(i64x2.sub(biased, k2), 52);
  const scale2 = i64x2.shl(i64x2.add(k2, i64x2.splat(1023)), 52);
  return f64x2.mul(f64x2.mul(p, scale1), scale2);
}

/**
 * e^x per lane for x ≤ 0 (e^−|η| of the logit link): x is clamped to [−708, 0], where 2^k is
 * a normal double, so one factor scales; below −708, e^x < 3.3e−308 is as good as 0 to the
 * terms it enters (1 + e, log(1 + e)).
 */
// @ts-ignore: decorator
@inline
export function expNonPositive(x: v128): v128 {
  const xc = f64x2.max(x, f64x2.splat(-708.0));
  const t = madd(xc, f64x2.splat(LOG2_E), f64x2.splat(SHIFTER));
  return f64x2.mul(expReduced(reduce(xc, t)), i64x2.shl(t, 52));
}

/**
 * log(1 + e) per lane for e in [0, 1] (the softplus term of the logit link, e = e^−|η|).
 * log(1 + f) = 2 atanh(s) with s = f / (2 + f), which has no cancellation for small f; above
 * √2 − 1 it is ln 2 + log(1 + f') with f' = (e − 1) / 2, so that |s| ≤ 3 − 2√2 ≈ 0.1716
 * always, and the series 2s Σ s^(2i) / (2i + 1) to i = 9 has a relative remainder below
 * 3e-17 (Abramowitz & Stegun 4.1.27); Estrin's scheme as in expReduced.
 */
// @ts-ignore: decorator
@inline
export function log1pUnit(e: v128): v128 {
  const high = f64x2.gt(e, f64x2.splat(SQRT2_MINUS_1));
  const f = v128.bitselect(f64x2.mul(f64x2.sub(e, f64x2.splat(1.0)), f64x2.splat(0.5)), e, high);
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  const z2 = f64x2.mul(z, z);
  const z4 = f64x2.mul(z2, z2);
  const z8 = f64x2.mul(z4, z4);
  const p0 = madd(z, f64x2.splat(1.0 / 3.0), f64x2.splat(1.0));
  const p1 = madd(z, f64x2.splat(1.0 / 7.0), f64x2.splat(1.0 / 5.0));
  const p2 = madd(z, f64x2.splat(1.0 / 11.0), f64x2.splat(1.0 / 9.0));
  const p3 = madd(z, f64x2.splat(1.0 / 15.0), f64x2.splat(1.0 / 13.0));
  const p4 = madd(z, f64x2.splat(1.0 / 19.0), f64x2.splat(1.0 / 17.0));
  const q = madd(z8, p4, madd(z4, madd(z2, p3, p2), madd(z2, p1, p0)));
  return f64x2.add(f64x2.mul(f64x2.add(s, s), q), v128.and(f64x2.splat(LN2), high));
}
