import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import { LOG_PHI } from './log-phi.js';
import { LBETA, LCHOOSE, LCHOOSE_NEG_BINOMIAL, LOG1M_EXP } from './special-primitives.js';

// Building blocks of per-element log densities, as expressions (src/ad/scalar): the
// numerically careful forms Stan Math uses (multiply_log, log1p_exp, log_diff_exp, ...),
// written so that their symbolic derivatives stay finite where the value is.
//
// A `select` passes a zero adjoint to the branch it does not take, and 0 · ∞ is NaN: where
// an untaken branch has an infinite derivative (log y at y = 0), its argument is replaced
// by a harmless stand-in under the same condition (the "double where" idiom of JAX).

type Arg = ScalarExpr | number;

/** x · log y, taken as 0 where x = 0 (Stan's multiply_log: 0 · log 0 = 0). */
export function xlogy(e: ExprKit, x: Arg, y: Arg): ScalarExpr {
  const zero = e.eq(x, 0);
  return e.select(zero, 0, e.mul(x, e.log(e.select(zero, 1, y))));
}

/** x · log(1 + y), taken as 0 where x = 0. */
export function xlog1py(e: ExprKit, x: Arg, y: Arg): ScalarExpr {
  const zero = e.eq(x, 0);
  return e.select(zero, 0, e.mul(x, e.log1p(e.select(zero, 0, y))));
}

/** log B(a, b), by its own primitive (no cancellation for large arguments). */
export const lbeta = (e: ExprKit, a: Arg, b: Arg): ScalarExpr => e.b.apply(LBETA, [a, b]);

/** log C(N, k) for real arguments (Stan's binomial_coefficient_log). */
export const lchoose = (e: ExprKit, n: Arg, k: Arg): ScalarExpr => e.b.apply(LCHOOSE, [n, k]);

/** log C(y + φ − 1, y), the negative binomial coefficient. */
export const lchooseNegBinomial = (e: ExprKit, y: Arg, phi: Arg): ScalarExpr => e.b.apply(LCHOOSE_NEG_BINOMIAL, [y, phi]);

/** log(1 − eˣ), x ≤ 0 (Stan's log1m_exp). */
export const log1mExp = (e: ExprKit, x: Arg): ScalarExpr => e.b.apply(LOG1M_EXP, [x]);

/** log Φ(x), accurate in both tails (Stan's std_normal_lcdf). */
export const logPhi = (e: ExprKit, x: Arg): ScalarExpr => e.b.apply(LOG_PHI, [x]);

/** max(x, 0) as (x + |x|)/2: exact, and its derivative at 0 is ½ (see log1pExp). */
const positivePart = (e: ExprKit, x: ScalarExpr): ScalarExpr => e.mul(0.5, e.add(x, e.abs(x)));

/**
 * log(1 + eˣ) for finite x, inline: max(x, 0) + log1p(e^−|x|), one exp and one log1p and
 * nothing that overflows. Its two kinks at 0 cancel in the derivative only if max(x, 0)
 * is written (x + |x|)/2 (derivative (1 + sign x)/2, ½ at 0), so σ(0) = ½ comes out right.
 */
export function log1pExp(e: ExprKit, x: ScalarExpr): ScalarExpr {
  return e.add(positivePart(e, x), e.log1p(e.exp(e.neg(e.abs(x)))));
}

/**
 * log(eᵃ + eᵇ): (a + b + |a − b|)/2 + log1p(e^−|a − b|), whose derivative is right at
 * a = b too; where a − b is not finite (one of them −∞), the larger of the two.
 */
export function logSumExp2(e: ExprKit, a: ScalarExpr, b: ScalarExpr): ScalarExpr {
  const d = e.sub(a, b);
  const spread = e.abs(d);
  const finite = e.mul(0.5, e.add(e.add(a, b), spread));
  return e.select(e.isFinite(d), e.add(finite, e.log1p(e.exp(e.neg(spread)))), e.select(e.gt(a, b), a, b));
}

/** log(eᵃ − eᵇ) for a ≥ b (Stan's log_diff_exp): a + log1m_exp(b − a). */
export function logDiffExp(e: ExprKit, a: ScalarExpr, b: ScalarExpr): ScalarExpr {
  return e.add(a, log1mExp(e, e.sub(b, a)));
}
