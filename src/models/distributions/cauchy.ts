import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import type { Value } from '../../ad/trace.js';
import { drawCauchy } from '../../random/inversion.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';
import { ATAN2 } from './special-primitives.js';

const LOG_PI = Math.log(Math.PI);

// cauchy(y | μ, σ) = −log π − log σ − log(1 + z²),  z = (y − μ)/σ (Stan's cauchy_lpdf).
// It has no mean or variance.

/** The cauchy log density of one element given the residual y − μ. */
function cauchyElement(e: ExprKit, residual: ScalarExpr, sigma: ScalarExpr): ScalarExpr {
  const z = e.div(residual, sigma);
  return e.sub(e.sub(-LOG_PI, e.log(sigma)), e.log1p(e.mul(z, z)));
}

const cauchyLpdf = defineFusedDensity({
  name: 'cauchy_lpdf',
  argNames: ['y', 'mu', 'sigma'],
  element: (e, [y, mu, sigma]) => cauchyElement(e, e.sub(y!, mu!), sigma!),
});

export const cauchyFamily = defineScalarFamily({
  name: 'cauchy',
  params: [
    { name: 'mu', constraint: real },
    { name: 'sigma', constraint: positive },
  ],
  support: real,
  density: cauchyLpdf,
  sampler: (rng) => (p) => p[0]! + p[1]! * drawCauchy(rng),
  // F(z) = ½ + atan(z)/π = atan2(1, −z)/π, which keeps its digits in the lower tail too.
  logCdf: (e, [y, mu, sigma]) => e.sub(e.log(e.b.apply(ATAN2, [1, e.div(e.sub(mu!, y!), sigma!)])), LOG_PI),
  logCcdf: (e, [y, mu, sigma]) => e.sub(e.log(e.b.apply(ATAN2, [1, e.div(e.sub(y!, mu!), sigma!)])), LOG_PI),
});

/** Cauchy with location `mu` and scale `sigma` (Stan's cauchy); no mean or variance. */
export function cauchy(mu: Value, sigma: Value): Distribution {
  return cauchyFamily.make(mu, sigma);
}

const halfCauchyLpdf = defineFusedDensity({
  name: 'half_cauchy_lpdf',
  argNames: ['y', 'sigma'],
  element: (e, [y, sigma]) => e.add(Math.LN2, cauchyElement(e, y!, sigma!)),
});

export const halfCauchyFamily = defineScalarFamily({
  name: 'half_cauchy',
  params: [{ name: 'sigma', constraint: positive }],
  support: positive,
  density: halfCauchyLpdf,
  sampler: (rng) => (p) => p[0]! * Math.abs(drawCauchy(rng)),
});

/** The positive half of cauchy(0, sigma): density doubled on y ≥ 0; no mean or variance. */
export function halfCauchy(sigma: Value): Distribution {
  return halfCauchyFamily.make(sigma);
}
