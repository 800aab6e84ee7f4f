import log1pexp from '@stdlib/math/base/special/log1pexp';
import { div, mul, neg, sub } from './arithmetic';
import { unaryOp } from './unary-op';

// Link functions of GLMs. Each is evaluated in the form that stays accurate in the
// tails: sigmoid without overflow of exp, softplus as log1p(exp(x)) with its asymptotes
// (stdlib's log1pexp, after Mächler 2012).

function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** The logistic function 1 / (1 + e^−x) (Stan's inv_logit). */
export const sigmoid = unaryOp('sigmoid', sigmoidScalar, (_x, ans) => mul(ans, sub(1, ans)));
/** log(p / (1 − p)), the inverse of sigmoid. */
export const logit = unaryOp('logit', (p) => Math.log(p / (1 - p)), (p) => div(1, mul(p, sub(1, p))));
/** log(1 + e^x) (Stan's log1p_exp). */
export const softplus = unaryOp('softplus', log1pexp, (x) => sigmoid(x));
/** log sigmoid(x) = −softplus(−x), accurate for large |x|. */
export const logSigmoid = unaryOp('logSigmoid', (x) => -log1pexp(-x), (x) => sigmoid(neg(x)));

export const invLogit = sigmoid;
export const log1pExp = softplus;
