import type { Value } from '../../ad/trace.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity } from './fused.js';
import { logPhi } from './element-math.js';
import { defineScalarFamily } from './scalar-family.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

// normal(y | μ, σ) = −½ z² − log σ − ½ log 2π with z = (y − μ)/σ (Stan's normal_lpdf);
// its partials, kernel and compiled form are derived from this one expression.
const normalLpdf = defineFusedDensity({
  name: 'normal_lpdf',
  argNames: ['y', 'mu', 'sigma'],
  element: (e, [y, mu, sigma]) => {
    const z = e.div(e.sub(y!, mu!), sigma!);
    return e.sub(e.sub(e.mul(-0.5, e.mul(z, z)), e.log(sigma!)), LOG_SQRT_2PI);
  },
});

export const normalFamily = defineScalarFamily({
  name: 'normal',
  params: [
    { name: 'mu', constraint: real },
    { name: 'sigma', constraint: positive },
  ],
  support: real,
  density: normalLpdf,
  sampler: (rng) => (p) => p[0]! + p[1]! * rng.normal(),
  mean: (p) => p[0]!,
  variance: (p) => p[1]! * p[1]!,
  // log Φ(z) and log Φ(−z), accurate far into both tails (Stan's normal_lcdf, normal_lccdf).
  logCdf: (e, [y, mu, sigma]) => logPhi(e, e.div(e.sub(y!, mu!), sigma!)),
  logCcdf: (e, [y, mu, sigma]) => logPhi(e, e.div(e.sub(mu!, y!), sigma!)),
});

/** Normal with mean `mu` and standard deviation `sigma` (Stan's normal). */
export function normal(mu: Value, sigma: Value): Distribution {
  return normalFamily.make(mu, sigma);
}

// half_normal(y | σ) = log 2 + normal(y | 0, σ) on y ≥ 0.
const halfNormalLpdf = defineFusedDensity({
  name: 'half_normal_lpdf',
  argNames: ['y', 'sigma'],
  element: (e, [y, sigma]) => {
    const z = e.div(y!, sigma!);
    return e.add(e.sub(e.mul(-0.5, e.mul(z, z)), e.log(sigma!)), Math.LN2 - LOG_SQRT_2PI);
  },
});

export const halfNormalFamily = defineScalarFamily({
  name: 'half_normal',
  params: [{ name: 'sigma', constraint: positive }],
  support: positive,
  density: halfNormalLpdf,
  sampler: (rng) => (p) => p[0]! * Math.abs(rng.normal()),
  mean: (p) => p[0]! * Math.sqrt(2 / Math.PI),
  variance: (p) => p[0]! * p[0]! * (1 - 2 / Math.PI),
});

/** The positive half of normal(0, sigma): density doubled on y ≥ 0. */
export function halfNormal(sigma: Value): Distribution {
  return halfNormalFamily.make(sigma);
}

// std_normal(y) = −½ y² − ½ log 2π (Stan's std_normal); CDF Φ(y).
const stdNormalLpdf = defineFusedDensity({
  name: 'std_normal_lpdf',
  argNames: ['y'],
  element: (e, [y]) => e.sub(e.mul(-0.5, e.mul(y!, y!)), LOG_SQRT_2PI),
});

export const stdNormalFamily = defineScalarFamily({
  name: 'std_normal',
  params: [],
  support: real,
  density: stdNormalLpdf,
  sampler: (rng) => () => rng.normal(),
  mean: () => 0,
  variance: () => 1,
  logCdf: (e, [y]) => logPhi(e, y!),
  logCcdf: (e, [y]) => logPhi(e, e.neg(y!)),
});

/** The standard normal (Stan's std_normal). */
export function stdNormal(): Distribution {
  return stdNormalFamily.make();
}
