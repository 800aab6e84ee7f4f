import { openUniform } from '../../random/inversion.js';
import gammaFunction from '@stdlib/math-base-special-gamma';
import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import type { Value } from '../../ad/trace.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { log1mExp } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

const EULER_GAMMA = 0.5772156649015329;

// gumbel(y | μ, β) = −log β − z − e^(−z),  z = (y − μ)/β (Stan's gumbel);
// CDF exp(−e^(−z)): log CDF = −e^(−z), log CCDF = log1m_exp(−e^(−z)).
const gumbelLpdf = defineFusedDensity({
  name: 'gumbel_lpdf',
  argNames: ['y', 'mu', 'beta'],
  element: (e, [y, mu, beta]) => {
    const z = e.div(e.sub(y!, mu!), beta!);
    return e.sub(e.sub(e.neg(e.log(beta!)), z), e.exp(e.neg(z)));
  },
});

export const gumbelFamily = defineScalarFamily({
  name: 'gumbel',
  params: [
    { name: 'mu', constraint: real },
    { name: 'beta', constraint: positive },
  ],
  support: real,
  density: gumbelLpdf,
  // Inversion: μ − β log(−log U), U in (0, 1).
  sampler: (rng) => (p) => p[0]! - p[1]! * Math.log(-Math.log(openUniform(rng))),
  mean: (p) => p[0]! + p[1]! * EULER_GAMMA,
  variance: (p) => (Math.PI * Math.PI * p[1]! * p[1]!) / 6,
  logCdf: (e, [y, mu, beta]) => e.neg(e.exp(e.div(e.sub(mu!, y!), beta!))),
  logCcdf: (e, [y, mu, beta]) => log1mExp(e, e.neg(e.exp(e.div(e.sub(mu!, y!), beta!)))),
});

/** Gumbel (type I extreme value) with location `mu` and scale `beta` (Stan's gumbel). */
export function gumbel(mu: Value, beta: Value): Distribution {
  return gumbelFamily.make(mu, beta);
}

// frechet(y | α, σ) = log α − log σ − (1 + α) log(y/σ) − (y/σ)^(−α) on y > 0 (Stan's frechet,
// shape α and scale σ); CDF exp(−(y/σ)^(−α)).
const frechetLpdf = defineFusedDensity({
  name: 'frechet_lpdf',
  argNames: ['y', 'alpha', 'sigma'],
  element: (e, [y, alpha, sigma]) => {
    const x = e.div(y!, sigma!);
    return e.sub(e.sub(e.sub(e.log(alpha!), e.log(sigma!)), e.mul(e.add(alpha!, 1), e.log(x))), e.pow(x, e.neg(alpha!)));
  },
});

const frechetPower = (e: ExprKit, y: ScalarExpr, alpha: ScalarExpr, sigma: ScalarExpr): ScalarExpr => e.pow(e.div(y, sigma), e.neg(alpha));

export const frechetFamily = defineScalarFamily({
  name: 'frechet',
  params: [
    { name: 'alpha', constraint: positive },
    { name: 'sigma', constraint: positive },
  ],
  support: positive,
  // The density vanishes at 0 (e^(−∞)).
  inSupport: (e, [y]) => e.gt(y!, 0),
  density: frechetLpdf,
  // Inversion: σ (−log U)^(−1/α).
  sampler: (rng) => (p) => p[1]! * Math.pow(-Math.log(openUniform(rng)), -1 / p[0]!),
  mean: (p) => (p[0]! > 1 ? p[1]! * gammaFunction(1 - 1 / p[0]!) : Infinity),
  variance: (p) => (p[0]! > 2 ? p[1]! * p[1]! * (gammaFunction(1 - 2 / p[0]!) - gammaFunction(1 - 1 / p[0]!) ** 2) : Infinity),
  logCdf: (e, [y, alpha, sigma]) => e.neg(frechetPower(e, y!, alpha!, sigma!)),
  logCcdf: (e, [y, alpha, sigma]) => log1mExp(e, e.neg(frechetPower(e, y!, alpha!, sigma!))),
});

/** Fréchet (type II extreme value) with shape `alpha` and scale `sigma` (Stan's frechet). */
export function frechet(alpha: Value, sigma: Value): Distribution {
  return frechetFamily.make(alpha, sigma);
}

// rayleigh(y | σ) = log y − 2 log σ − y²/(2σ²) on y ≥ 0 (Stan's rayleigh); log CCDF = −y²/(2σ²).
const rayleighLpdf = defineFusedDensity({
  name: 'rayleigh_lpdf',
  argNames: ['y', 'sigma'],
  element: (e, [y, sigma]) => {
    const z = e.div(y!, sigma!);
    return e.sub(e.sub(e.log(y!), e.mul(2, e.log(sigma!))), e.mul(0.5, e.mul(z, z)));
  },
});

export const rayleighFamily = defineScalarFamily({
  name: 'rayleigh',
  params: [{ name: 'sigma', constraint: positive }],
  support: positive,
  density: rayleighLpdf,
  sampler: (rng) => (p) => p[0]! * Math.sqrt(-2 * Math.log(openUniform(rng))),
  mean: (p) => p[0]! * Math.sqrt(Math.PI / 2),
  variance: (p) => ((4 - Math.PI) / 2) * p[0]! * p[0]!,
  logCdf: (e, [y, sigma]) => log1mExp(e, e.mul(-0.5, e.mul(e.div(y!, sigma!), e.div(y!, sigma!)))),
  logCcdf: (e, [y, sigma]) => e.mul(-0.5, e.mul(e.div(y!, sigma!), e.div(y!, sigma!))),
});

/** Rayleigh with scale `sigma` (Stan's rayleigh). */
export function rayleigh(sigma: Value): Distribution {
  return rayleighFamily.make(sigma);
}

