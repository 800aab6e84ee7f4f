import { div, mul, sub } from '../../ad/ops/arithmetic.js';
import { log, square } from '../../ad/ops/unary.js';
import type { Value } from '../../ad/trace.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type Partials, type Tuple } from './fused.js';
import { logPhi } from './log-phi.js';
import { defineScalarFamily } from './scalar-family.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

// lognormal(y | μ, σ) = −½ log 2π − log σ − log y − ½ z²,  z = (log y − μ)/σ, on y > 0;
//   ∂/∂y = −(1 + z/σ)/y,  ∂/∂μ = z/σ,  ∂/∂σ = (z² − 1)/σ.
// CDF Φ(z).

const lognormalLpdf = defineFusedDensity({
  name: 'lognormal_lpdf',
  argNames: ['y', 'mu', 'sigma'],
  kernel: (input) => {
    const [y, mu, sigma] = input.data as Tuple<Float64Array, 3>;
    const [sy, sm, ss] = input.strides as Tuple<number, 3>;
    const [dy, dmu, dsigma] = input.partials as Tuple<Partials, 3>;
    const logSigma0 = (ss === 0 ? Math.log(sigma[0]!) : NaN);
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const x = y[i * sy]!;
      const s = sigma[i * ss]!;
      const logY = Math.log(x);
      const z = (logY - mu[i * sm]!) / s;
      total -= (ss === 0 ? logSigma0 : Math.log(s)) + logY + 0.5 * z * z;
      if (dy !== null) dy[i * sy]! += -(1 + z / s) / x;
      if (dmu !== null) dmu[i * sm]! += z / s;
      if (dsigma !== null) dsigma[i * ss]! += (z * z - 1) / s;
    }
    return total - input.size * LOG_SQRT_2PI;
  },
  composed: ([y, mu, sigma]) => {
    const logY = log(y!);
    return sub(sub(sub(-LOG_SQRT_2PI, log(sigma!)), logY), mul(0.5, square(div(sub(logY, mu!), sigma!))));
  },
});

const zOf = ([y, mu, sigma]: readonly Value[]): Value => div(sub(log(y!), mu!), sigma!);

export const lognormalFamily = defineScalarFamily({
  name: 'lognormal',
  params: [
    { name: 'mu', constraint: real },
    { name: 'sigma', constraint: positive },
  ],
  support: positive,
  // The density vanishes at y = 0.
  inSupport: (v) => v[0]! > 0,
  density: lognormalLpdf,
  sampler: (rng) => (p) => Math.exp(p[0]! + p[1]! * rng.normal()),
  mean: (p) => Math.exp(p[0]! + 0.5 * p[1]! * p[1]!),
  variance: (p) => Math.expm1(p[1]! * p[1]!) * Math.exp(2 * p[0]! + p[1]! * p[1]!),
  logCdf: (args) => logPhi(zOf(args)),
  logCcdf: (args) => logPhi(mul(-1, zOf(args))),
});

/** Log-normal: log y ~ normal(mu, sigma) (Stan's lognormal). */
export function lognormal(mu: Value, sigma: Value): Distribution {
  return lognormalFamily.make(mu, sigma);
}
