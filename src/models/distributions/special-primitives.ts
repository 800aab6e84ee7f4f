import betaln from '@stdlib/math-base-special-betaln';
import binomcoefln from '@stdlib/math-base-special-binomcoefln';
import gammaln from '@stdlib/math-base-special-gammaln';
import { ADD, DIGAMMA, DIV, EXP, MUL, NEG, SUB, definePrimitive } from '../../ad/scalar/primitives.js';

// Special functions the densities need beyond src/ad/scalar/primitives.ts, each a primitive
// with its own stable value and its partial derivatives declared beside it. Where the
// textbook composition loses digits (log B(a, b) as a difference of three lgammas for large
// arguments, log C(N, k) likewise, log(1 − eˣ) near 0), the value comes from a dedicated
// algorithm and only the derivative is written as an expression.

// log B(a, b) and atan2 are declared with the AD layer's special and elementary functions.
export { LBETA } from '../../ad/scalar/special-primitives.js';
export { ATAN2 } from '../../ad/scalar/elementary-primitives.js';

/**
 * log C(N, k) for real N ≥ −1 and −1 ≤ k ≤ N + 1, as Stan Math's binomial_coefficient_log
 * (prim/fun/binomial_coefficient_log.hpp): 0 at k = 0, the symmetry C(N, k) = C(N, N − k)
 * for k > N/2, log-gammas for N + 1 < 10 and −log B(N − k + 1, k + 1) − log(N + 1) beyond,
 * where the log-gamma difference would cancel. Integer arguments go to @stdlib's
 * binomcoefln (−∞ outside 0 ≤ k ≤ N). ∂/∂N = ψ(N + 1) − ψ(N − k + 1), ∂/∂k = ψ(N − k + 1) − ψ(k + 1).
 */
export function lchoose(n: number, k: number): number {
  if (Number.isNaN(n) || Number.isNaN(k)) return NaN;
  if (Number.isInteger(n) && Number.isInteger(k) && n >= 0) return binomcoefln(n, k);
  if (k === 0) return 0;
  const m = n / 2 < k && n - k > -1 ? n - k : k;
  if (m === 0) return 0;
  if (n + 1 < 10) return gammaln(n + 1) - gammaln(m + 1) - gammaln(n - m + 1);
  return -betaln(n - m + 1, m + 1) - Math.log1p(n);
}

export const LCHOOSE = definePrimitive({
  name: 'lchoose',
  arity: 2,
  evaluate: lchoose,
  derivative: (b, [n, k]) => {
    const rest = b.apply(DIGAMMA, [b.apply(ADD, [b.apply(SUB, [n!, k!]), 1])]);
    return [b.apply(SUB, [b.apply(DIGAMMA, [b.apply(ADD, [n!, 1])]), rest]), b.apply(SUB, [rest, b.apply(DIGAMMA, [b.apply(ADD, [k!, 1])])])];
  },
});

/**
 * log C(y + φ − 1, y) = log Γ(y + φ) − log Γ(φ) − log y!, the coefficient of the negative
 * binomial densities, by lchoose (no cancellation for large φ). Its own primitive so that
 * ∂/∂φ = ψ(y + φ) − ψ(φ) names ψ(φ) of φ itself: computed once when φ is a broadcast scalar.
 */
export const LCHOOSE_NEG_BINOMIAL = definePrimitive({
  name: 'lchooseNegBinomial',
  arity: 2,
  evaluate: (y, phi) => lchoose(y! + phi! - 1, y!),
  derivative: (b, [y, phi]) => {
    const both = b.apply(DIGAMMA, [b.apply(ADD, [y!, phi!])]);
    return [b.apply(SUB, [both, b.apply(DIGAMMA, [b.apply(ADD, [y!, 1])])]), b.apply(SUB, [both, b.apply(DIGAMMA, [phi!])])];
  },
});

/**
 * log(1 − eˣ) for x ≤ 0, accurate at both ends (Mächler 2012, "Accurately computing
 * log(1 − exp(−|a|))", eq. 7): log(−expm1(x)) for x > −log 2, log1p(−eˣ) below.
 * Its derivative −eˣ/(1 − eˣ) is written −exp(x − out), finite wherever the value is.
 */
export function log1mExp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

export const LOG1M_EXP = definePrimitive({
  name: 'log1mExp',
  arity: 1,
  evaluate: log1mExp,
  derivative: (b, [x], out) => [b.apply(NEG, [b.apply(EXP, [b.apply(SUB, [x!, out])])])],
});
