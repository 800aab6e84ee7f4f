import gammaFunction from '@stdlib/math-base-special-gamma';
import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import type { Value } from '../../ad/trace.js';
import { drawWeibull } from '../../random/inversion.js';
import { positive } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity } from './fused.js';
import { log1mExp, xlogy } from './element-math.js';
import { defineScalarFamily } from './scalar-family.js';

// weibull(y | α, σ) = log α − log σ + (α − 1) log(y/σ) − (y/σ)^α on y ≥ 0 (α shape, σ scale).
// At y = 0 the density is +∞ (α < 1), 1/σ (α = 1: 0 · log 0 = 0) or 0 (α > 1).
// CDF 1 − exp(−(y/σ)^α): log CDF = log1m_exp(−(y/σ)^α), log CCDF = −(y/σ)^α.
const weibullLpdf = defineFusedDensity({
  name: 'weibull_lpdf',
  argNames: ['y', 'alpha', 'sigma'],
  element: (e, [y, alpha, sigma]) => {
    const x = e.div(y!, sigma!);
    return e.sub(e.add(e.sub(e.log(alpha!), e.log(sigma!)), xlogy(e, e.sub(alpha!, 1), x)), e.pow(x, alpha!));
  },
});

const powerTerm = (e: ExprKit, [y, alpha, sigma]: readonly ScalarExpr[]): ScalarExpr => e.pow(e.div(y!, sigma!), alpha!);

export const weibullFamily = defineScalarFamily({
  name: 'weibull',
  params: [
    { name: 'alpha', constraint: positive },
    { name: 'sigma', constraint: positive },
  ],
  support: positive,
  density: weibullLpdf,
  sampler: (rng) => (p) => p[1]! * drawWeibull(rng, p[0]!),
  mean: (p) => p[1]! * gammaFunction(1 + 1 / p[0]!),
  variance: (p) => p[1]! * p[1]! * (gammaFunction(1 + 2 / p[0]!) - gammaFunction(1 + 1 / p[0]!) ** 2),
  logCdf: (e, args) => log1mExp(e, e.neg(powerTerm(e, args))),
  logCcdf: (e, args) => e.neg(powerTerm(e, args)),
});

/** Weibull with shape `alpha` and scale `sigma` (Stan's weibull). */
export function weibull(alpha: Value, sigma: Value): Distribution {
  return weibullFamily.make(alpha, sigma);
}
