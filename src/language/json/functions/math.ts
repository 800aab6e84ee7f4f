import { add, div, mul, neg, pow } from '../../../ad/ops/arithmetic.js';
import { binaryLogLoss, cbrt, fma, invCloglog, lmultiply } from '../../../ad/ops/composed.js';
import { logSigmoid, logit, sigmoid, softplus } from '../../../ad/ops/link.js';
import { logAddExp } from '../../../ad/ops/reduce.js';
import { fmod } from '../../../ad/ops/rounding.js';
import { maximum, minimum } from '../../../ad/ops/select.js';
import { hypot } from '../../../ad/ops/trigonometric.js';
import { abs, exp, expm1, log, log1p, sqrt, square } from '../../../ad/ops/unary.js';
import type { Value } from '../../../ad/trace.js';
import { logMix, logMix2 } from '../../../models/distributions/log-mix.js';
import { REAL, sizesAgree, withArticle } from '../types.js';
import { log1mExp, logDiffExp } from './density-math.js';
import { arity, elementwise, elementwise2, elementwise3, type SpecFunction } from './function.js';

// Stan functions reference, "Real-valued basic functions": absolute values, powers and
// logarithms, link functions and the composed functions, elementwise over containers.
// Each is one of leapfrog's elementwise ops or a short composition of them, so its
// derivatives come from theirs.

const log1m = (x: Value): Value => log1p(neg(x));

/** log2(x), or log2() = log 2 as in Stan (likewise log10). */
function logBase(name: string, base: number): SpecFunction {
  const unary = elementwise(name, (x) => div(log(x), Math.log(base)), '');
  return {
    ...unary,
    usage: `${name}(x), elementwise; ${name}() = log ${base}`,
    doc: `The base-${base} logarithm log(x)/log(${base}); with no argument, the constant log ${base}.`,
    check: (args) => (args.length === 0 ? REAL : (arity(name, args, 0, 1) ?? unary.check(args))),
    kernel: (args, types) => (args.length === 0 ? Math.log(base) : unary.kernel(args, types)),
  };
}

export const mathFunctions: readonly SpecFunction[] = [
  elementwise('abs', abs, 'The absolute value |x|; an int for an int argument. Its derivative at 0 is taken as 0.', { intToInt: true }),
  elementwise('fabs', abs, 'The absolute value |x| as a real (an older name of abs).'),
  elementwise2('fdim', (a, b) => maximum(add(a, neg(b)), 0), 'The positive difference max(a − b, 0).'),
  elementwise2('fmin', minimum, 'The smaller of a and b (the gradient goes to a at ties).'),
  elementwise2('fmax', maximum, 'The larger of a and b (the gradient goes to a at ties).'),
  elementwise2('fmod', fmod, 'The remainder a − trunc(a/b)·b, with the sign of a (C’s fmod). ∂/∂a = 1, ∂/∂b = −trunc(a/b), as in Stan.'),
  elementwise('sqrt', sqrt, 'The square root √x (NaN below 0).'),
  elementwise('cbrt', cbrt, 'The cube root ∛x, for every real x.'),
  elementwise('square', square, 'The square x².'),
  elementwise('exp', exp, 'The natural exponential eˣ.'),
  elementwise('exp2', (x) => pow(2, x), 'The base-2 exponential 2ˣ.'),
  elementwise2('ldexp', (x, n) => mul(x, pow(2, n)), 'x · 2ⁿ (ldexp(x, n), n an int).'),
  elementwise('log', log, 'The natural logarithm (−∞ at 0, NaN below).'),
  logBase('log2', 2),
  logBase('log10', 10),
  elementwise2('pow', pow, 'aᵇ; ∂/∂b at a = 0 is taken as 0, the limit for b > 0. Also written a ^ b (scalar exponent) and a .^ b (elementwise).'),
  elementwise('inv', (x) => div(1, x), 'The reciprocal 1/x.'),
  elementwise('inv_sqrt', (x) => div(1, sqrt(x)), '1/√x.'),
  elementwise('inv_square', (x) => div(1, square(x)), '1/x².'),
  elementwise2('hypot', hypot, 'The length √(a² + b²) of the vector (a, b), without overflow or underflow.'),
  elementwise('expm1', expm1, 'eˣ − 1, accurate for x near 0.'),
  elementwise('log1p', log1p, 'log(1 + x), accurate for x near 0.'),
  elementwise('log1m', log1m, 'log(1 − x), accurate for x near 0.'),
  elementwise('log1p_exp', softplus, 'log(1 + eˣ) (the softplus function), without overflow for large x.'),
  elementwise('log1m_exp', log1mExp, 'log(1 − eˣ) for x < 0 (NaN above 0, −∞ at 0), accurate near 0 and for very negative x (Mächler 2012).'),
  elementwise2('log_diff_exp', logDiffExp, 'log(eᵃ − eᵇ) for a ≥ b, computed as a + log1m_exp(b − a); −∞ when a = b, NaN when a < b.'),
  elementwise2('lmultiply', lmultiply, 'a·log(b), taken as 0 when a = b = 0.'),
  elementwise2('multiply_log', lmultiply, 'a·log(b), taken as 0 when a = b = 0 (the older name of lmultiply).'),
  elementwise3('fma', ['x', 'y', 'z'], fma, 'x·y + z (fused multiply–add; here rounded as a product and a sum, as JavaScript has no fused operation).'),
  elementwise('inv_logit', sigmoid, 'The logistic function 1/(1 + e⁻ˣ), accurate in both tails.'),
  elementwise('logit', logit, 'The log odds log(x/(1 − x)) of a probability x.'),
  elementwise('inv_cloglog', invCloglog, 'The inverse of the complementary log-log link, 1 − exp(−eˣ), computed as −expm1(−eˣ).'),
  elementwise('log_inv_logit', logSigmoid, 'log(inv_logit(x)) = −log1p_exp(−x), accurate for large |x|.'),
  elementwise('log1m_inv_logit', (x) => logSigmoid(neg(x)), 'log(1 − inv_logit(x)) = −log1p_exp(x), accurate for large |x|.'),
  elementwise2(
    'log_inv_logit_diff',
    (a, b) => add(logSigmoid(a), add(log1mExp(add(b, neg(a))), logSigmoid(neg(b)))),
    'log(inv_logit(a) − inv_logit(b)) for a > b, computed in the log (as the ordered logistic needs).',
  ),
  elementwise2('binary_log_loss', binaryLogLoss, 'The log loss −y log ŷ − (1 − y) log(1 − ŷ) of predicting ŷ for an outcome y ∈ {0, 1} (binary_log_loss(y, ŷ)).'),
  {
    name: 'log_mix',
    usage: 'log_mix(theta, lp1, lp2), elementwise; or log_mix(theta, lambda)',
    doc: 'log(θ e^lp1 + (1 − θ) e^lp2): the log density of a two-component mixture with weight θ, from the components’ log densities, computed without overflow. log_mix(theta, lambda) = log Σ_k θ_k e^λ_k for a K-vector of weights and a K-vector of log densities, summed over the rows of an N × K matrix lambda.',
    check: (args) => {
      if (args.length === 3) return elementwise2('log_mix', logAddExp, '').check([args[1]!, args[2]!]);
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
