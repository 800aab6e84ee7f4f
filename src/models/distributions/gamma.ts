import digammaScalar from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { add, div, mul, sub } from '../../ad/ops/arithmetic.js';
import { lgamma } from '../../ad/ops/special.js';
import { log } from '../../ad/ops/unary.js';
import type { Value } from '../../ad/trace.js';
import { drawGamma } from '../../random/gamma.js';
import { drawInverseGamma } from '../../random/gamma-ratios.js';
import { positive } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type Partials, type Tuple } from './fused.js';
import { logGammaP, logGammaQ } from './incomplete-gamma.js';
import { xlogy } from './math.js';
import { defineScalarFamily } from './scalar-family.js';

/** x · log y with 0 · log 0 = 0 (the density at y = 0 when α = 1). */
const xlogyScalar = (x: number, y: number): number => (x === 0 ? 0 : x * Math.log(y));

// gamma(y | α, β) = α log β − log Γ(α) + (α − 1) log y − β y on y ≥ 0 (β is the rate);
//   ∂/∂y = (α − 1)/y − β,  ∂/∂α = log β − ψ(α) + log y,  ∂/∂β = α/β − y.
// At y = 0 the density is +∞ (α < 1), β (α = 1) or 0 (α > 1).

const gammaLpdf = defineFusedDensity({
  name: 'gamma_lpdf',
  argNames: ['y', 'alpha', 'beta'],
  kernel: (input) => {
    const [y, alpha, beta] = input.data as Tuple<Float64Array, 3>;
    const [sy, sa, sb] = input.strides as Tuple<number, 3>;
    const [dy, dalpha, dbeta] = input.partials as Tuple<Partials, 3>;
    const lgammaAlpha0 = (sa === 0 ? gammaln(alpha[0]!) : NaN);
    const digammaAlpha0 = dalpha === null ? 0 : (sa === 0 ? digammaScalar(alpha[0]!) : NaN);
    const logBeta0 = (sb === 0 ? Math.log(beta[0]!) : NaN);
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const x = y[i * sy]!;
      const a = alpha[i * sa]!;
      const b = beta[i * sb]!;
      const logB = sb === 0 ? logBeta0 : Math.log(b);
      total += a * logB - (sa === 0 ? lgammaAlpha0 : gammaln(a)) + xlogyScalar(a - 1, x) - b * x;
      if (dy !== null) dy[i * sy]! += (a === 1 ? 0 : (a - 1) / x) - b; // 0/0 at y = 0 when α = 1
      if (dalpha !== null) dalpha[i * sa]! += logB - (sa === 0 ? digammaAlpha0 : digammaScalar(a)) + Math.log(x);
      if (dbeta !== null) dbeta[i * sb]! += a / b - x;
    }
    return total;
  },
  composed: ([y, alpha, beta]) =>
    sub(add(sub(mul(alpha!, log(beta!)), lgamma(alpha!)), xlogy(sub(alpha!, 1), y!)), mul(beta!, y!)),
});

export const gammaFamily = defineScalarFamily({
  name: 'gamma',
  params: [
    { name: 'alpha', constraint: positive },
    { name: 'beta', constraint: positive },
  ],
  support: positive,
  density: gammaLpdf,
  sampler: (rng) => (p) => drawGamma(rng, p[0]!) / p[1]!,
  mean: (p) => p[0]! / p[1]!,
  variance: (p) => p[0]! / (p[1]! * p[1]!),
  logCdf: ([y, alpha, beta]) => logGammaP(alpha!, mul(beta!, y!)),
  logCcdf: ([y, alpha, beta]) => logGammaQ(alpha!, mul(beta!, y!)),
});

/** Gamma with shape `alpha` and rate `beta` (Stan's gamma; mean alpha/beta). */
export function gamma(alpha: Value, beta: Value): Distribution {
  return gammaFamily.make(alpha, beta);
}

// inv_gamma(y | α, β) = α log β − log Γ(α) − (α + 1) log y − β/y on y > 0 (β is the scale);
//   ∂/∂y = (β/y − α − 1)/y,  ∂/∂α = log β − ψ(α) − log y,  ∂/∂β = α/β − 1/y.

const invGammaLpdf = defineFusedDensity({
  name: 'inv_gamma_lpdf',
  argNames: ['y', 'alpha', 'beta'],
  kernel: (input) => {
    const [y, alpha, beta] = input.data as Tuple<Float64Array, 3>;
    const [sy, sa, sb] = input.strides as Tuple<number, 3>;
    const [dy, dalpha, dbeta] = input.partials as Tuple<Partials, 3>;
    const lgammaAlpha0 = (sa === 0 ? gammaln(alpha[0]!) : NaN);
    const digammaAlpha0 = dalpha === null ? 0 : (sa === 0 ? digammaScalar(alpha[0]!) : NaN);
    const logBeta0 = (sb === 0 ? Math.log(beta[0]!) : NaN);
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const x = y[i * sy]!;
      const a = alpha[i * sa]!;
      const b = beta[i * sb]!;
      const logB = sb === 0 ? logBeta0 : Math.log(b);
      const logY = Math.log(x);
      total += a * logB - (sa === 0 ? lgammaAlpha0 : gammaln(a)) - (a + 1) * logY - b / x;
      if (dy !== null) dy[i * sy]! += (b / x - a - 1) / x;
      if (dalpha !== null) dalpha[i * sa]! += logB - (sa === 0 ? digammaAlpha0 : digammaScalar(a)) - logY;
      if (dbeta !== null) dbeta[i * sb]! += a / b - 1 / x;
    }
    return total;
  },
  composed: ([y, alpha, beta]) =>
    sub(sub(sub(mul(alpha!, log(beta!)), lgamma(alpha!)), mul(add(alpha!, 1), log(y!))), div(beta!, y!)),
});

export const inverseGammaFamily = defineScalarFamily({
  name: 'inv_gamma',
  params: [
    { name: 'alpha', constraint: positive },
    { name: 'beta', constraint: positive },
  ],
  support: positive,
  // The density vanishes at y = 0 (e^(−β/y) → 0 faster than any power).
  inSupport: (v) => v[0]! > 0,
  density: invGammaLpdf,
  sampler: (rng) => (p) => p[1]! * drawInverseGamma(rng, p[0]!),
  mean: (p) => (p[0]! > 1 ? p[1]! / (p[0]! - 1) : NaN),
  variance: (p) => (p[0]! > 2 ? (p[1]! * p[1]!) / ((p[0]! - 1) ** 2 * (p[0]! - 2)) : NaN),
});

/** Inverse gamma with shape `alpha` and scale `beta` (Stan's inv_gamma). */
export function inverseGamma(alpha: Value, beta: Value): Distribution {
  return inverseGammaFamily.make(alpha, beta);
}
