import { add, div, mul, neg, sub } from '../../ad/ops/arithmetic.js';
import { log, square } from '../../ad/ops/unary.js';
import type { Value } from '../../ad/trace.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type Partials, type Tuple } from './fused.js';
import { logPhi } from './log-phi.js';
import { defineScalarFamily } from './scalar-family.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

// normal(y | μ, σ) = −½ z² − log σ − ½ log 2π with z = (y − μ)/σ;
//   ∂/∂y = −z/σ,  ∂/∂μ = z/σ,  ∂/∂σ = (z² − 1)/σ.
const normalLpdf = defineFusedDensity({
  name: 'normal_lpdf',
  argNames: ['y', 'mu', 'sigma'],
  kernel: (input) => {
    const [y, mu, sigma] = input.data as Tuple<Float64Array, 3>;
    const [sy, sm, ss] = input.strides as Tuple<number, 3>;
    const [dy, dmu, dsigma] = input.partials as Tuple<Partials, 3>;
    const n = input.size;
    if (ss === 0 && sy === 1) return normalScalarScale(y, mu, sigma[0]!, sm, dy, dmu, dsigma, n);
    if (ss === 1 && input.constant[2]) return normalDataScale(y, sy, mu, sm, scaleTermsOf(sigma), dy, dmu, n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const s = sigma[i * ss]!;
      const inverse = 1 / s;
      const z = (y[i * sy]! - mu[i * sm]!) * inverse;
      total -= 0.5 * z * z + Math.log(s);
      if (dy !== null) dy[i * sy]! += -z * inverse;
      if (dmu !== null) dmu[i * sm]! += z * inverse;
      if (dsigma !== null) dsigma[i * ss]! += (z * z - 1) * inverse;
    }
    return total - n * LOG_SQRT_2PI;
  },
  composed: ([y, mu, sigma]) => normalComposed(sub(y!, mu!), sigma!),
});

/**
 * The common layout — observations y against a scale shared by all — with the loop
 * invariants out of the loop and no strided indexing: most models' likelihood (y ~ normal(mu,
 * sigma)) and hierarchical priors (a ~ normal(mu_a, sigma_a)) take this path, at about a third
 * of the general loop's cost. The partials of σ are summed in the loop from Σz².
 */
function normalScalarScale(
  y: Float64Array,
  mu: Float64Array,
  sigma: number,
  sm: number,
  dy: Partials,
  dmu: Partials,
  dsigma: Partials,
  n: number,
): number {
  const inverse = 1 / sigma;
  let squares = 0;
  if (sm === 1) {
    for (let i = 0; i < n; i++) {
      const z = (y[i]! - mu[i]!) * inverse;
      squares += z * z;
      if (dy !== null) dy[i]! -= z * inverse;
      if (dmu !== null) dmu[i]! += z * inverse;
    }
  } else {
    const m = mu[0]!;
    let zSum = 0;
    for (let i = 0; i < n; i++) {
      const z = (y[i]! - m) * inverse;
      squares += z * z;
      zSum += z;
      if (dy !== null) dy[i]! -= z * inverse;
    }
    if (dmu !== null) dmu[0]! += zSum * inverse;
  }
  if (dsigma !== null) dsigma[0]! += (squares - n) * inverse;
  return -0.5 * squares - n * (Math.log(sigma) + LOG_SQRT_2PI);
}

/** Reciprocals and summed logarithms of a data scale vector: the same at every evaluation. */
interface ScaleTerms {
  readonly inverse: Float64Array;
  readonly logSum: number;
}

// Keyed by arrays of constant data only (KernelInput.constant): a model's few data vectors.
const scaleTerms = new WeakMap<Float64Array, ScaleTerms>();

function scaleTermsOf(sigma: Float64Array): ScaleTerms {
  let terms = scaleTerms.get(sigma);
  if (terms === undefined) {
    const inverse = new Float64Array(sigma.length);
    let logSum = 0;
    for (let i = 0; i < sigma.length; i++) {
      inverse[i] = 1 / sigma[i]!;
      logSum += Math.log(sigma[i]!);
    }
    terms = { inverse, logSum };
    scaleTerms.set(sigma, terms);
  }
  return terms;
}

/**
 * A scale vector given as data (y ~ normal(theta, sigma) with known sigma, as in eight
 * schools, or gaussian_100d's scales): its logarithms and reciprocals are computed once per
 * model rather than once per element per evaluation, and it needs no partials.
 */
function normalDataScale(
  y: Float64Array,
  sy: number,
  mu: Float64Array,
  sm: number,
  scale: ScaleTerms,
  dy: Partials,
  dmu: Partials,
  n: number,
): number {
  const inverse = scale.inverse;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const w = inverse[i]!;
    const z = (y[i * sy]! - mu[i * sm]!) * w;
    squares += z * z;
    if (dy !== null) dy[i * sy]! -= z * w;
    if (dmu !== null) dmu[i * sm]! += z * w;
  }
  return -0.5 * squares - scale.logSum - n * LOG_SQRT_2PI;
}

/** −½ ((y − μ)/σ)² − log σ − ½ log 2π from the residual y − μ. */
function normalComposed(residual: Value, sigma: Value): Value {
  return sub(sub(mul(-0.5, square(div(residual, sigma))), log(sigma)), LOG_SQRT_2PI);
}

const zOf = ([y, mu, sigma]: readonly Value[]): Value => div(sub(y!, mu!), sigma!);

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
  logCdf: (args) => logPhi(zOf(args)),
  logCcdf: (args) => logPhi(neg(zOf(args))),
});

/** Normal with mean `mu` and standard deviation `sigma` (Stan's normal). */
export function normal(mu: Value, sigma: Value): Distribution {
  return normalFamily.make(mu, sigma);
}

// half_normal(y | σ) = log 2 + normal(y | 0, σ) on y ≥ 0.
const halfNormalLpdf = defineFusedDensity({
  name: 'half_normal_lpdf',
  argNames: ['y', 'sigma'],
  kernel: (input) => {
    const [y, sigma] = input.data as Tuple<Float64Array, 2>;
    const [sy, ss] = input.strides as Tuple<number, 2>;
    const [dy, dsigma] = input.partials as Tuple<Partials, 2>;
    const logSigma0 = (ss === 0 ? Math.log(sigma[0]!) : NaN);
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const s = sigma[i * ss]!;
      const inverse = 1 / s;
      const z = y[i * sy]! * inverse;
      total -= 0.5 * z * z + (ss === 0 ? logSigma0 : Math.log(s));
      if (dy !== null) dy[i * sy]! += -z * inverse;
      if (dsigma !== null) dsigma[i * ss]! += (z * z - 1) * inverse;
    }
    return total + input.size * (Math.LN2 - LOG_SQRT_2PI);
  },
  composed: ([y, sigma]) => add(Math.LN2, normalComposed(y!, sigma!)),
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
