import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import type { Value } from '../../ad/trace.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { logPhi } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

// lognormal(y | μ, σ) = −½ log 2π − log σ − log y − ½ z²,  z = (log y − μ)/σ, on y > 0.
// CDF Φ(z).
const lognormalLpdf = defineFusedDensity({
  name: 'lognormal_lpdf',
  argNames: ['y', 'mu', 'sigma'],
  element: (e, [y, mu, sigma]) => {
    const logY = e.log(y!);
    const z = e.div(e.sub(logY, mu!), sigma!);
    return e.sub(e.sub(e.sub(-LOG_SQRT_2PI, e.log(sigma!)), logY), e.mul(0.5, e.mul(z, z)));
  },
});

const zOf = (e: ExprKit, [y, mu, sigma]: readonly ScalarExpr[]): ScalarExpr => e.div(e.sub(e.log(y!), mu!), sigma!);

export const lognormalFamily = defineScalarFamily({
  name: 'lognormal',
  params: [
    { name: 'mu', constraint: real },
    { name: 'sigma', constraint: positive },
  ],
  support: positive,
  // The density vanishes at y = 0.
  inSupport: (e, [y]) => e.gt(y!, 0),
  density: lognormalLpdf,
  sampler: (rng) => (p) => Math.exp(p[0]! + p[1]! * rng.normal()),
  mean: (p) => Math.exp(p[0]! + 0.5 * p[1]! * p[1]!),
  variance: (p) => Math.expm1(p[1]! * p[1]!) * Math.exp(2 * p[0]! + p[1]! * p[1]!),
  logCdf: (e, args) => logPhi(e, zOf(e, args)),
  logCcdf: (e, args) => logPhi(e, e.neg(zOf(e, args))),
});

/** Log-normal: log y ~ normal(mu, sigma) (Stan's lognormal). */
export function lognormal(mu: Value, sigma: Value): Distribution {
  return lognormalFamily.make(mu, sigma);
}
