import { DIV, EQ, MUL, SELECT, SUB, definePrimitive } from '../../ad/scalar/primitives.js';

// log I₀(κ) and the ratio A(κ) = I₁(κ)/I₀(κ) of modified Bessel functions of the first kind,
// for the von Mises density (its normalising constant and its κ-derivative). Two regimes:
//   κ < 30: the power series I_ν(κ) = Σ_k (κ/2)^(2k+ν) / (k! (k+ν)!) (Abramowitz & Stegun
//           9.6.10): positive terms, no cancellation, at most ~90 of them;
//   κ ≥ 30: the asymptotic expansion I_ν(κ) ~ e^κ/√(2πκ) Σ_k (−1)^k a_k(ν)/κ^k with
//           a_k(ν) = Π_{j≤k} (4ν² − (2j − 1)²) / (k! 8^k) (A&S 9.7.1), summed while its
//           terms decrease, which at κ ≥ 30 is far below double precision.
// A's derivative is A' = 1 − A/κ − A² (from I₀' = I₁ and I₁' = I₀ − I₁/κ), 1/2 at κ = 0.

const SERIES_LIMIT = 30;

/** The power series' sums of I₀ and I₁ at κ < 30. */
function series(kappa: number): [number, number] {
  const q = 0.25 * kappa * kappa;
  let term0 = 1;
  let term1 = 0.5 * kappa;
  let i0 = term0;
  let i1 = term1;
  for (let k = 1; k < 200; k++) {
    term0 *= q / (k * k);
    term1 *= q / (k * (k + 1));
    i0 += term0;
    i1 += term1;
    if (term0 < 1e-17 * i0 && term1 <= 1e-17 * i1) break;
  }
  return [i0, i1];
}

/** The asymptotic series Σ (−1)^k a_k(ν)/κ^k of I_ν(κ) √(2πκ) e^(−κ), at κ ≥ 30. */
function asymptotic(nu: number, kappa: number): number {
  const mu = 4 * nu * nu;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 60; k++) {
    const next = (-term * (mu - (2 * k - 1) ** 2)) / (k * 8 * kappa);
    if (Math.abs(next) >= Math.abs(term)) break;
    term = next;
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/** log I₀(κ) for κ ≥ 0. */
export function logBesselI0(kappa: number): number {
  if (!(kappa >= 0)) return NaN;
  if (kappa < SERIES_LIMIT) return Math.log(series(kappa)[0]);
  return kappa - 0.5 * Math.log(2 * Math.PI * kappa) + Math.log(asymptotic(0, kappa));
}

/** I₁(κ)/I₀(κ) for κ ≥ 0. */
export function besselRatio(kappa: number): number {
  if (!(kappa >= 0)) return NaN;
  if (kappa === Infinity) return 1;
  if (kappa < SERIES_LIMIT) {
    const [i0, i1] = series(kappa);
    return i1 / i0;
  }
  return asymptotic(1, kappa) / asymptotic(0, kappa);
}

/** A(κ) = I₁(κ)/I₀(κ), with A' = 1 − A/κ − A² (½ at κ = 0, where A/κ → ½). */
export const BESSEL_RATIO = definePrimitive({
  name: 'besselRatio',
  arity: 1,
  evaluate: besselRatio,
  derivative: (b, [kappa], out) => {
    const zero = b.apply(EQ, [kappa!, 0]);
    const overKappa = b.apply(SELECT, [zero, 0.5, b.apply(DIV, [out, b.apply(SELECT, [zero, 1, kappa!])])]);
    return [b.apply(SUB, [b.apply(SUB, [1, overKappa]), b.apply(MUL, [out, out])])];
  },
});

/** log I₀(κ); its derivative is A(κ). */
export const LOG_BESSEL_I0 = definePrimitive({
  name: 'logBesselI0',
  arity: 1,
  evaluate: logBesselI0,
  derivative: (b, [kappa]) => [b.apply(BESSEL_RATIO, [kappa!])],
});
