import type { Value } from '../../ad/trace.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { logPhi } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { OWENS_T } from './owens-t.js';
import { defineScalarFamily } from './scalar-family.js';

const HALF_LOG_HALF_PI = 0.5 * Math.log(Math.PI / 2);

// skew_normal(y | ξ, ω, α) = log 2 + log φ(z) − log ω + log Φ(α z),  z = (y − ξ)/ω
//   = −½ log(π/2) − log ω − ½ z² + log Φ(α z)   (Azzalini 1985; Stan's skew_normal),
// log Φ by its primitive, accurate far into the lower tail where Φ(αz) underflows.
const skewNormalLpdf = defineFusedDensity({
  name: 'skew_normal_lpdf',
  argNames: ['y', 'xi', 'omega', 'alpha'],
  element: (e, [y, xi, omega, alpha]) => {
    const z = e.div(e.sub(y!, xi!), omega!);
    return e.add(e.sub(e.sub(-HALF_LOG_HALF_PI, e.log(omega!)), e.mul(0.5, e.mul(z, z))), logPhi(e, e.mul(alpha!, z)));
  },
});

const deltaOf = (alpha: number): number => alpha / Math.sqrt(1 + alpha * alpha);

export const skewNormalFamily = defineScalarFamily({
  name: 'skew_normal',
  params: [
    { name: 'xi', constraint: real },
    { name: 'omega', constraint: positive },
    { name: 'alpha', constraint: real },
  ],
  support: real,
  density: skewNormalLpdf,
  // Azzalini's representation: δ|U₀| + √(1 − δ²) U₁ for independent standard normals.
  sampler: (rng) => (p) => {
    const delta = deltaOf(p[2]!);
    return p[0]! + p[1]! * (delta * Math.abs(rng.normal()) + Math.sqrt(1 - delta * delta) * rng.normal());
  },
  mean: (p) => p[0]! + p[1]! * deltaOf(p[2]!) * Math.sqrt(2 / Math.PI),
  variance: (p) => p[1]! * p[1]! * (1 - (2 * deltaOf(p[2]!) ** 2) / Math.PI),
  // F(y) = Φ(z) − 2 T(z, α) with Owen's T (as Stan's skew_normal_lcdf); 1 − F = Φ(−z) + 2 T(z, α).
  logCdf: (e, [y, xi, omega, alpha]) => {
    const z = e.div(e.sub(y!, xi!), omega!);
    return e.log(e.sub(e.mul(0.5, e.erfc(e.mul(-Math.SQRT1_2, z))), e.mul(2, e.b.apply(OWENS_T, [z, alpha!]))));
  },
  logCcdf: (e, [y, xi, omega, alpha]) => {
    const z = e.div(e.sub(y!, xi!), omega!);
    return e.log(e.add(e.mul(0.5, e.erfc(e.mul(Math.SQRT1_2, z))), e.mul(2, e.b.apply(OWENS_T, [z, alpha!]))));
  },
});

/** Skew normal with location `xi`, scale `omega` and shape `alpha` (Stan's skew_normal). */
export function skewNormal(xi: Value, omega: Value, alpha: Value): Distribution {
  return skewNormalFamily.make(xi, omega, alpha);
}
