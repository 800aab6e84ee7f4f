import { unaryOp } from './unary-op.js';

// Link functions of GLMs, in the forms that stay accurate in the tails (the primitives
// sigmoid and log1pexp, src/ad/scalar/primitives.ts).

/** The logistic function 1 / (1 + e^−x) (Stan's inv_logit). */
export const sigmoid = unaryOp('sigmoid', (e, x) => e.sigmoid(x));
/** log(p / (1 − p)), the inverse of sigmoid. */
export const logit = unaryOp('logit', (e, p) => e.log(e.div(p, e.sub(1, p))));
/** log(1 + e^x) (Stan's log1p_exp). */
export const softplus = unaryOp('softplus', (e, x) => e.log1pexp(x));
/** log sigmoid(x) = −softplus(−x), accurate for large |x|. */
export const logSigmoid = unaryOp('logSigmoid', (e, x) => e.neg(e.log1pexp(e.neg(x))));
