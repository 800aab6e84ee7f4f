import { add, div, mul, neg, pow, sub } from '../../../ad/ops/arithmetic.js';
import { logSigmoid, logit, sigmoid, softplus } from '../../../ad/ops/link.js';
import { logAddExp } from '../../../ad/ops/reduce.js';
import { maximum, minimum, sign } from '../../../ad/ops/select.js';
import { Phi, digamma, erf, erfc, lgamma } from '../../../ad/ops/special.js';
import { abs, cos, exp, expm1, log, log1p, sin, sqrt, square, tan, tanh } from '../../../ad/ops/unary.js';
import type { Value } from '../../../ad/trace.js';
import { logMix, logMix2 } from '../../../models/distributions/log-mix.js';
import { REAL, sizesAgree, withArticle } from '../types.js';
import { constantFunction, elementwise, elementwise2, type SpecFunction } from './function.js';

// Elementwise mathematical functions by their Stan names (Stan functions reference,
// "Real-valued basic functions"). Composite ones are written with leapfrog's ops, so
// their derivatives come from the ops'.

const log1m = (x: Value): Value => log1p(neg(x));
/** log(1 − e^x) for x < 0, via expm1 for accuracy near 0 (Mächler 2012, "Accurately computing log(1 − exp(−|a|))"). */
const log1mExp = (x: Value): Value => log(neg(expm1(x)));
const lbeta = (a: Value, b: Value): Value => sub(add(lgamma(a), lgamma(b)), lgamma(add(a, b)));
const lchoose = (n: Value, k: Value): Value => sub(lgamma(add(n, 1)), add(lgamma(add(k, 1)), lgamma(add(sub(n, k), 1))));

export const mathFunctions: readonly SpecFunction[] = [
  elementwise('exp', exp),
  elementwise('log', log),
  elementwise('log2', (x) => div(log(x), Math.LN2)),
  elementwise('log10', (x) => div(log(x), Math.LN10)),
  elementwise('exp2', (x) => pow(2, x)),
  elementwise('log1p', log1p),
  elementwise('log1m', log1m),
  elementwise('expm1', expm1),
  elementwise('sqrt', sqrt),
  elementwise('cbrt', (x) => mul(sign(x), pow(abs(x), 1 / 3))),
  elementwise('square', square),
  elementwise('inv', (x) => div(1, x)),
  elementwise('inv_sqrt', (x) => div(1, sqrt(x))),
  elementwise('inv_square', (x) => div(1, square(x))),
  elementwise('fabs', abs),
  elementwise('abs', abs, { intToInt: true }),
  elementwise('sin', sin),
  elementwise('cos', cos),
  elementwise('tan', tan),
  elementwise('tanh', tanh),
  elementwise('inv_logit', sigmoid),
  elementwise('logit', logit),
  elementwise('log1p_exp', softplus),
  elementwise('log1m_exp', log1mExp),
  elementwise('log_inv_logit', logSigmoid),
  elementwise('log1m_inv_logit', (x) => logSigmoid(neg(x))),
  elementwise('lgamma', lgamma),
  elementwise('digamma', digamma),
  elementwise('erf', erf),
  elementwise('erfc', erfc),
  elementwise('Phi', Phi),
  elementwise2('pow', pow),
  elementwise2('fmin', minimum),
  elementwise2('fmax', maximum),
  elementwise2('hypot', (a, b) => sqrt(add(square(a), square(b)))),
  elementwise2('lbeta', lbeta),
  elementwise2('lchoose', lchoose),
  elementwise2('binomial_coefficient_log', lchoose),
  elementwise2('log_diff_exp', (a, b) => add(a, log1mExp(sub(b, a)))),
  elementwise2('log_inv_logit_diff', (a, b) => add(logSigmoid(a), add(log1mExp(sub(b, a)), logSigmoid(neg(b))))),
  elementwise2('fdim', (a, b) => maximum(sub(a, b), 0)),
  constantFunction('pi', Math.PI),
  constantFunction('e', Math.E),
  constantFunction('sqrt2', Math.SQRT2),
  constantFunction('not_a_number', NaN),
  constantFunction('positive_infinity', Infinity),
  constantFunction('negative_infinity', -Infinity),
  constantFunction('machine_precision', Number.EPSILON),
  {
    name: 'log_mix',
    usage: 'log_mix(theta, lp1, lp2) = log(theta e^lp1 + (1 − theta) e^lp2), elementwise; log_mix(theta, lambda) = log Σ_k theta_k e^lambda_k for K-vectors, summed over the rows of an N × K matrix lambda',
    check: (args) => {
      if (args.length === 3) return elementwise2('log_mix', logAddExp).check([args[1]!, args[2]!]);
      if (args.length !== 2) return `log_mix takes 2 arguments (theta, lambda) or 3 (theta, lp1, lp2), but ${args.length} were given`;
      const [theta, lambda] = [args[0]!.type, args[1]!.type];
      if (theta.kind !== 'vector' && theta.kind !== 'row_vector') return `log_mix: theta (argument 1) must be a vector of mixing proportions, but is ${withArticle(theta)}`;
      const k = theta.size;
      const fits = lambda.kind === 'matrix' ? sizesAgree(lambda.cols, k) : (lambda.kind === 'vector' || lambda.kind === 'row_vector') && sizesAgree(lambda.size, k);
      if (!fits) return `log_mix: theta has ${k} components, so lambda (argument 2) must be a vector of ${k} or a matrix with ${k} columns (one row per observation), but is ${withArticle(lambda)}`;
      return REAL;
    },
    kernel: (args) => (args.length === 3 ? logMix2(args[0]!, args[1]!, args[2]!) : logMix(args[0]!, args[1]!)),
  },
];
