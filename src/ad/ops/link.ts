import { div, mul, neg, sub } from './arithmetic.js';
import { unaryOp } from './unary-op.js';

// Link functions of GLMs. Each is evaluated in the form that stays accurate in the
// tails: sigmoid without overflow of exp, softplus as log1p(exp(x)) with its asymptotes.
// The last argument of each is its loop over a tensor (see unaryOp).

/**
 * log(1 + e^x) by Mächler (2012), "Accurately computing log(1 − exp(−|a|))", eq. (10):
 * e^x where 1 + e^x rounds to 1 (x ≤ −37), log1p(e^x) up to 18, x + e^−x up to 33.3
 * (log1p(e^x) − x = log1p(e^−x) ≈ e^−x), and x beyond. The cut-offs are @stdlib/math's
 * log1pexp's; Math.exp and Math.log1p in place of stdlib's exp and log1p (written in JS)
 * make it about twice as fast, with the same accuracy (V8's are fdlibm's, under 1 ulp; the
 * two agree to 2e-16 relative on [−50, 50]).
 */
function log1pexp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x; // also NaN
}

function sigmoidScalar(x: number): number {
  // e^−|x| ≤ 1 never overflows; 1/(1 + e^−x) for x ≥ 0, e^x/(1 + e^x) below. The one
  // exp outside the branch keeps the loop's body short where signs alternate.
  const e = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** The logistic function 1 / (1 + e^−x) (Stan's inv_logit). */
export const sigmoid = unaryOp('sigmoid', sigmoidScalar, (_x, ans) => mul(ans, sub(1, ans)), (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = sigmoidScalar(x[i]!);
});
/** log(p / (1 − p)), the inverse of sigmoid. */
export const logit = unaryOp('logit', (p) => Math.log(p / (1 - p)), (p) => div(1, mul(p, sub(1, p))), (p, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = Math.log(p[i]! / (1 - p[i]!));
});
/** log(1 + e^x) (Stan's log1p_exp). */
export const softplus = unaryOp('softplus', log1pexp, (x) => sigmoid(x), (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = log1pexp(x[i]!);
});
/** log sigmoid(x) = −softplus(−x), accurate for large |x|. */
export const logSigmoid = unaryOp('logSigmoid', (x) => -log1pexp(-x), (x) => sigmoid(neg(x)), (x, out) => {
  for (let i = 0, n = out.length; i < n; i++) out[i] = -log1pexp(-x[i]!);
});
