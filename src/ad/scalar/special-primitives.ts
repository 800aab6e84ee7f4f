import betaln from '@stdlib/math-base-special-betaln';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import gamma from '@stdlib/math-base-special-gamma';
import { ADD, DIGAMMA, DIV, EXP, MUL, NEG, SUB, definePrimitive } from './primitives.js';

// Special functions of Stan's library beyond src/ad/scalar/primitives.ts, each a primitive
// with its value (from @stdlib where it has the function) and its partials beside it.

/** Γ(x) by @stdlib (Lanczos approximation, Boost's algorithm); Γ' = Γ ψ. */
export const TGAMMA = definePrimitive({
  name: 'tgamma',
  arity: 1,
  evaluate: gamma,
  derivative: (b, [x], out) => [b.apply(MUL, [out, b.apply(DIGAMMA, [x!])])],
});

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Φ⁻¹(p) = −√2 erfc⁻¹(2p), by @stdlib's erfcinv (Boost's rational approximations). */
export function invPhi(p: number): number {
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  return 0 - Math.SQRT2 * erfcinv(2 * p); // 0 − 0 = +0 at p = 1/2
}

/** The standard normal quantile; its derivative is 1/φ(out) = √(2π) e^(out²/2). */
export const INV_PHI = definePrimitive({
  name: 'invPhi',
  arity: 1,
  evaluate: invPhi,
  derivative: (b, _args, out) => [b.apply(MUL, [SQRT_2PI, b.apply(EXP, [b.apply(MUL, [0.5, b.apply(MUL, [out, out])])])])],
});

/**
 * Lambert's W: the w with w eʷ = x, on the principal branch (w ≥ −1, x ≥ −1/e) or the
 * lower one (w ≤ −1, −1/e ≤ x < 0). Halley's iteration (Corless et al. 1996, "On the
 * Lambert W function", eq. 5.9) from the branch-point series near −1/e (eq. 4.22) or the
 * asymptotic log(x) − log(log(x)) (eq. 4.19) elsewhere.
 */
export function lambertW(x: number, lower: boolean): number {
  if (Number.isNaN(x) || x < -1 / Math.E - 1e-15 || (lower && x >= 0)) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return Infinity;
  const branchPoint = Math.E * x + 1;
  let w: number;
  if (branchPoint < 0.3) {
    const p = (lower ? -1 : 1) * Math.sqrt(2 * Math.max(branchPoint, 0));
    w = -1 + p - (p * p) / 3 + (11 / 72) * p * p * p;
  } else if (lower) {
    const l = Math.log(-x);
    w = l - Math.log(-l);
  } else {
    w = x < 3 ? Math.log1p(x) * (x < 1 ? 1 - 0.3 * Math.log1p(x) : 0.75) : Math.log(x) - Math.log(Math.log(x));
  }
  for (let i = 0; i < 64; i++) {
    const e = Math.exp(w);
    const f = w * e - x;
    if (f === 0 || w === -1) break;
    const step = f / (e * (w + 1) - ((w + 2) * f) / (2 * w + 2));
    w -= step;
    if (Math.abs(step) <= 4 * Number.EPSILON * Math.max(1, Math.abs(w))) break;
  }
  return w;
}

// W' = e^(−W)/(1 + W) (from W eʷ = x), finite at x = 0 where W/x is 0/0.
function lambert(name: string, lower: boolean) {
  return definePrimitive({
    name,
    arity: 1,
    evaluate: (x) => lambertW(x!, lower),
    derivative: (b, _args, out) => [b.apply(DIV, [b.apply(EXP, [b.apply(NEG, [out])]), b.apply(ADD, [1, out])])],
  });
}

/** The principal branch W₀ (Stan's lambert_w0). */
export const LAMBERT_W0 = lambert('lambertW0', false);
/** The lower branch W₋₁ (Stan's lambert_wm1). */
export const LAMBERT_WM1 = lambert('lambertWm1', true);

/** erfc⁻¹(x) for 0 ≤ x ≤ 2 by @stdlib; its derivative is −(√π/2) e^(out²). */
export const INV_ERFC = definePrimitive({
  name: 'invErfc',
  arity: 1,
  evaluate: erfcinv,
  derivative: (b, _args, out) => [b.apply(MUL, [-Math.sqrt(Math.PI) / 2, b.apply(EXP, [b.apply(MUL, [out, out])])])],
});

/**
 * log B(a, b) by @stdlib's betaln (R's algorithm: Stirling corrections for large arguments
 * instead of a difference of log-gammas, which cancels). ∂/∂a = ψ(a) − ψ(a + b).
 */
export const LBETA = definePrimitive({
  name: 'lbeta',
  arity: 2,
  evaluate: betaln,
  commutative: true,
  derivative: (b, [x, y]) => {
    const both = b.apply(DIGAMMA, [b.apply(ADD, [x!, y!])]);
    return [b.apply(SUB, [b.apply(DIGAMMA, [x!]), both]), b.apply(SUB, [b.apply(DIGAMMA, [y!]), both])];
  },
});
