import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import type { Value } from '../../ad/trace.js';
import { drawLaplace } from '../../random/inversion.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

// double_exponential(y | μ, σ) = −log 2 − log σ − |y − μ|/σ (the derivative at y = μ is
// taken as 0, the subgradient autograd and Stan use).
const laplaceLpdf = defineFusedDensity({
  name: 'double_exponential_lpdf',
  argNames: ['y', 'mu', 'sigma'],
  element: (e, [y, mu, sigma]) => e.sub(e.sub(-Math.LN2, e.log(sigma!)), e.div(e.abs(e.sub(y!, mu!)), sigma!)),
});

/**
 * CDF ½e^z below μ and 1 − ½e^(−z) above (z = (y − μ)/σ): the log CDF is z − log 2 or
 * log1p(−½e^(−z)), the log CCDF the mirror image. Each branch reads a stand-in where it is
 * not taken, so that its overflow sends no NaN into the other's derivative.
 */
function laplaceTail(e: ExprKit, [y, mu, sigma]: readonly ScalarExpr[], upper: boolean): ScalarExpr {
  const z = e.div(upper ? e.sub(mu!, y!) : e.sub(y!, mu!), sigma!);
  const below = e.lt(z, 0);
  const near = e.sub(e.select(below, z, 0), Math.LN2);
  const far = e.log1p(e.mul(-0.5, e.exp(e.neg(e.select(below, 0, z)))));
  return e.select(below, near, far);
}

export const laplaceFamily = defineScalarFamily({
  name: 'double_exponential',
  params: [
    { name: 'mu', constraint: real },
    { name: 'sigma', constraint: positive },
  ],
  support: real,
  density: laplaceLpdf,
  sampler: (rng) => (p) => p[0]! + p[1]! * drawLaplace(rng),
  mean: (p) => p[0]!,
  variance: (p) => 2 * p[1]! * p[1]!,
  logCdf: (e, args) => laplaceTail(e, args, false),
  logCcdf: (e, args) => laplaceTail(e, args, true),
});

/** Laplace with location `mu` and scale `sigma` (Stan's double_exponential). */
export function laplace(mu: Value, sigma: Value): Distribution {
  return laplaceFamily.make(mu, sigma);
}
