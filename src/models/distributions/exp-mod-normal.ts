import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import type { Value } from '../../ad/trace.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { logDiffExp, logPhi, logSumExp2 } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

// exp_mod_normal(y | μ, σ, λ): the sum of normal(μ, σ) and exponential(λ) (Stan's
// exp_mod_normal). With u = (y − μ)/σ,
//   log p = log λ + λ (μ + ½ λ σ² − y) + log Φ(u − λσ),
//   CDF   = Φ(u) − exp(−λ(y − μ) + ½ (λσ)² + log Φ(u − λσ)),
// the log CDF and CCDF by log_diff_exp / log_sum_exp of log Φ terms, so that neither
// the density nor the tails underflow before their logarithm is taken.
const expModNormalLpdf = defineFusedDensity({
  name: 'exp_mod_normal_lpdf',
  argNames: ['y', 'mu', 'sigma', 'lambda'],
  element: (e, [y, mu, sigma, lambda]) => {
    const u = e.div(e.sub(y!, mu!), sigma!);
    const shift = e.mul(lambda!, e.sub(e.add(mu!, e.mul(0.5, e.mul(lambda!, e.mul(sigma!, sigma!)))), y!));
    return e.add(e.add(e.log(lambda!), shift), logPhi(e, e.sub(u, e.mul(lambda!, sigma!))));
  },
});

/** log of the term exp(−λ(y − μ) + ½(λσ)²) Φ(u − λσ) of the CDF. */
function correction(e: ExprKit, [y, mu, sigma, lambda]: readonly ScalarExpr[]): ScalarExpr {
  const u = e.div(e.sub(y!, mu!), sigma!);
  const ls = e.mul(lambda!, sigma!);
  return e.add(e.add(e.neg(e.mul(lambda!, e.sub(y!, mu!))), e.mul(0.5, e.mul(ls, ls))), logPhi(e, e.sub(u, ls)));
}

const standardised = (e: ExprKit, [y, mu, sigma]: readonly ScalarExpr[]): ScalarExpr => e.div(e.sub(y!, mu!), sigma!);

export const expModNormalFamily = defineScalarFamily({
  name: 'exp_mod_normal',
  params: [
    { name: 'mu', constraint: real },
    { name: 'sigma', constraint: positive },
    { name: 'lambda', constraint: positive },
  ],
  support: real,
  density: expModNormalLpdf,
  sampler: (rng) => (p) => p[0]! + p[1]! * rng.normal() - Math.log1p(-rng.uniform()) / p[2]!,
  mean: (p) => p[0]! + 1 / p[2]!,
  variance: (p) => p[1]! * p[1]! + 1 / (p[2]! * p[2]!),
  logCdf: (e, args) => logDiffExp(e, logPhi(e, standardised(e, args)), correction(e, args)),
  logCcdf: (e, args) => logSumExp2(e, logPhi(e, e.neg(standardised(e, args))), correction(e, args)),
});

/** Exponentially modified normal: normal(mu, sigma) plus exponential(lambda) (Stan's exp_mod_normal). */
export function expModNormal(mu: Value, sigma: Value, lambda: Value): Distribution {
  return expModNormalFamily.make(mu, sigma, lambda);
}
