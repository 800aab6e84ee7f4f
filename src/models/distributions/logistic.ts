import type { Value } from '../../ad/trace.js';
import { drawLogistic } from '../../random/inversion.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { log1pExp } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

// logistic(y | μ, σ) = −z − log σ − 2 log(1 + e^(−z)),  z = (y − μ)/σ, symmetric in z and
// evaluated as −|z| − log σ − 2 log1p(e^(−|z|)), so that nothing overflows.
const logisticLpdf = defineFusedDensity({
  name: 'logistic_lpdf',
  argNames: ['y', 'mu', 'sigma'],
  element: (e, [y, mu, sigma]) => {
    const a = e.abs(e.div(e.sub(y!, mu!), sigma!));
    return e.sub(e.neg(e.add(a, e.log(sigma!))), e.mul(2, e.log1p(e.exp(e.neg(a)))));
  },
});

export const logisticFamily = defineScalarFamily({
  name: 'logistic',
  params: [
    { name: 'mu', constraint: real },
    { name: 'sigma', constraint: positive },
  ],
  support: real,
  density: logisticLpdf,
  sampler: (rng) => (p) => p[0]! + p[1]! * drawLogistic(rng),
  mean: (p) => p[0]!,
  variance: (p) => (p[1]! * p[1]! * Math.PI * Math.PI) / 3,
  // CDF σ(z): log CDF = −log1p_exp(−z), log CCDF = −log1p_exp(z).
  logCdf: (e, [y, mu, sigma]) => e.neg(log1pExp(e, e.div(e.sub(mu!, y!), sigma!))),
  logCcdf: (e, [y, mu, sigma]) => e.neg(log1pExp(e, e.div(e.sub(y!, mu!), sigma!))),
});

/** Logistic with location `mu` and scale `sigma` (Stan's logistic). */
export function logistic(mu: Value, sigma: Value): Distribution {
  return logisticFamily.make(mu, sigma);
}
