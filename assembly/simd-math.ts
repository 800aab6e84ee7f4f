// Elementary functions on two float64 lanes (WebAssembly SIMD has none), accurate to an ulp
// or two, so that the kernels agree with the JavaScript ones (Math.exp, Math.log1p) to about
// 1e-16 per element. No tables and no branches: every lane takes the same path.
//
// What V8 makes of these instructions sets the cost (the link functions of the GLM kernels
// are bound by the count of machine instructions, not by memory): f64x2.min and max follow
// IEEE's NaN and −0 rules in several instructions each, where pmin and pmax are one (and
// propagate a NaN in their first argument, which is all these functions need); a constant
// written as f64x2.splat(literal) compiled to slower code than one loaded and splatted from
// memory (v128.load64_splat), so the constants live in memory (each `memory.data` below is
// the address of one double, read with `splatAt`).

/** The double at address `at` in both lanes. */
// @ts-ignore: decorator
@inline
export function splatAt(at: usize): v128 {
  return v128.load64_splat(at);
}

// ln 2 split in two (Cody & Waite 1980): LN2_HI has its low 32 bits zero, so k·LN2_HI is
// exact for the |k| ≤ 1077 met here, and LN2_LO carries the rest.
const LN2_HI = memory.data<f64>([6.93147180369123816490e-01]);
const LN2_LO = memory.data<f64>([1.90821492927058770002e-10]);
const LN2 = memory.data<f64>([0.6931471805599453]);
const LOG2_E = memory.data<f64>([1.4426950408889634]);
// 1.5 · 2^52 + 1023: t = x log2(e) + SHIFTER rounds x log2(e) to the nearest integer k, which
// then sits in t's low mantissa bits as k + 1023 (plus 2^51), so that t's bits shifted left by
// 52 are exactly those of the double 2^k (the higher bits fall off the end).
const SHIFTER_VALUE: f64 = 6755399441055744.0 + 1023.0;
const SHIFTER = memory.data<f64>([SHIFTER_VALUE]);
const SQRT2_MINUS_1 = memory.data<f64>([0.41421356237309503]);
export const ONE = memory.data<f64>([1.0]);
const HALF = memory.data<f64>([0.5]);
const TWO = memory.data<f64>([2.0]);
/** −0: its bits are the sign bit alone (v128.or with it gives −|x|). */
export const SIGN_BIT = memory.data<f64>([-0.0]);
const EXP_LOW = memory.data<f64>([-746.0]);
const EXP_HIGH = memory.data<f64>([710.0]);
const EXP_NORMAL_LOW = memory.data<f64>([-708.0]);

// e^r = Σ_i E[i] r^i for |r| ≤ ln 2 / 2 (E0 = E1 = 1): a polynomial of degree 11 fitted to
// e^r on that interval at its Chebyshev nodes (a near-minimax fit, made at 50 digits by
// scripts/fit-simd-polynomials.py: maximum error 3.2e-18, below half an ulp of the result;
// Taylor's series needs degree 13 for the same accuracy).
const E2 = memory.data<f64>([0.5000000000000019]);
const E3 = memory.data<f64>([0.1666666666666668]);
const E4 = memory.data<f64>([0.04166666666648795]);
const E5 = memory.data<f64>([0.008333333333319589]);
const E6 = memory.data<f64>([0.0013888888952352863]);
const E7 = memory.data<f64>([0.00019841269890076403]);
const E8 = memory.data<f64>([2.4801485441561313e-5]);
const E9 = memory.data<f64>([2.755724088722987e-6]);
const E10 = memory.data<f64>([2.763265472252779e-7]);
const E11 = memory.data<f64>([2.5110049204818658e-8]);

// 2 atanh(s) / s = Σ_i L[i] z^i with z = s² ≤ (3 − 2√2)² ≈ 0.0294: degree 7, fitted the same
// way (L0 = 2; maximum error 2.3e-18; the series 2 Σ z^i / (2i + 1) needs degree 9 for it).
const L1 = memory.data<f64>([0.6666666666666765]);
const L2 = memory.data<f64>([0.3999999999930191]);
const L3 = memory.data<f64>([0.2857142876073828]);
const L4 = memory.data<f64>([0.22222197046404274]);
const L5 = memory.data<f64>([0.18183632241617026]);
const L6 = memory.data<f64>([0.153125131147383]);
const L7 = memory.data<f64>([0.14809867572313062]);

/** a·b + c per lane (two roundings: WebAssembly SIMD has no fused multiply-add). */
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  return f64x2.add(f64x2.mul(a, b), c);
}

/**
 * e^r for |r| ≤ ln 2 / 2 (the polynomial E above), by Estrin's scheme — pairs, then the
 * powers r², r⁴, r⁸ — so that the chain of dependent operations is short (Horner's would be
 * 11 multiply-adds long).
 */
// @ts-ignore: decorator
@inline
function expReduced(r: v128): v128 {
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const p0 = f64x2.add(splatAt(ONE), r);
  const p1 = madd(r, splatAt(E3), splatAt(E2));
  const p2 = madd(r, splatAt(E5), splatAt(E4));
  const p3 = madd(r, splatAt(E7), splatAt(E6));
  const p4 = madd(r, splatAt(E9), splatAt(E8));
  const p5 = madd(r, splatAt(E11), splatAt(E10));
  const s0 = madd(r2, p1, p0);
  const s1 = madd(r2, p3, p2);
  const s2 = madd(r2, p5, p4);
  return madd(r8, s2, madd(r4, s1, s0));
}

/** r = x − k ln 2 in two steps (Cody & Waite), for k the integer in t (see SHIFTER). */
// @ts-ignore: decorator
@inline
function reduce(x: v128, t: v128): v128 {
  const k = f64x2.sub(t, splatAt(SHIFTER));
  return f64x2.sub(f64x2.sub(x, f64x2.mul(k, splatAt(LN2_HI))), f64x2.mul(k, splatAt(LN2_LO)));
}

/**
 * e^x per lane, for any x: x = k ln 2 + r, e^r (expReduced), then scaled by 2^k in two factors
 * 2^(k − k₂) · 2^k₂ with k₂ = k >> 1, each a normal double, so that results in the subnormal
 * range and overflow to +∞ come out right. x is first clamped to [−746, 710], beyond which e^x
 * is 0 or +∞ anyway; NaN stays NaN (pmin and pmax return their first argument then).
 */
// @ts-ignore: decorator
@inline
export function exp2x(x: v128): v128 {
  const xc = f64x2.pmax(f64x2.pmin(x, splatAt(EXP_HIGH)), splatAt(EXP_LOW));
  const t = madd(xc, splatAt(LOG2_E), splatAt(SHIFTER));
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
 * terms it enters (1 + e, log(1 + e)). NaN stays NaN.
 */
// @ts-ignore: decorator
@inline
export function expNonPositive(x: v128): v128 {
  const xc = f64x2.pmax(x, splatAt(EXP_NORMAL_LOW));
  const t = madd(xc, splatAt(LOG2_E), splatAt(SHIFTER));
  return f64x2.mul(expReduced(reduce(xc, t)), i64x2.shl(t, 52));
}

/**
 * log(1 + e) per lane for e in [0, 1] (the softplus term of the logit link, e = e^−|η|).
 * log(1 + f) = 2 atanh(s) with s = f / (2 + f), which has no cancellation for small f; above
 * √2 − 1 it is ln 2 + log(1 + f') with f' = (e − 1) / 2, so that |s| ≤ 3 − 2√2 ≈ 0.1716
 * always (the reduction of fdlibm's log1p, after Abramowitz & Stegun 4.1.27), and
 * 2 atanh(s) = s · L(s²) with the polynomial L above, by Estrin's scheme.
 */
// @ts-ignore: decorator
@inline
export function log1pUnit(e: v128): v128 {
  const high = f64x2.gt(e, splatAt(SQRT2_MINUS_1));
  const f = v128.bitselect(f64x2.mul(f64x2.sub(e, splatAt(ONE)), splatAt(HALF)), e, high);
  const s = f64x2.div(f, f64x2.add(splatAt(TWO), f));
  const z = f64x2.mul(s, s);
  const z2 = f64x2.mul(z, z);
  const z4 = f64x2.mul(z2, z2);
  const p0 = madd(z, splatAt(L1), splatAt(TWO));
  const p1 = madd(z, splatAt(L3), splatAt(L2));
  const p2 = madd(z, splatAt(L5), splatAt(L4));
  const p3 = madd(z, splatAt(L7), splatAt(L6));
  const q = madd(z4, madd(z2, p3, p2), madd(z2, p1, p0));
  return f64x2.add(f64x2.mul(s, q), v128.and(splatAt(LN2), high));
}
