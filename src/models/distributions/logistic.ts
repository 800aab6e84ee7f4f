import { div, mul, sub } from '../../ad/ops/arithmetic.js';
import { softplus } from '../../ad/ops/link.js';
import { log } from '../../ad/ops/unary.js';
import type { Value } from '../../ad/trace.js';
import { drawLogistic } from '../../random/inversion.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type Partials, type Tuple } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

// logistic(y | μ, σ) = −z − log σ − 2 log(1 + e^(−z)),  z = (y − μ)/σ, which is symmetric in
// z and is evaluated as −|z| − log σ − 2 log1p(e^(−|z|)) so that nothing overflows;
//   ∂/∂y = −tanh(z/2)/σ,  ∂/∂μ = tanh(z/2)/σ,  ∂/∂σ = (z tanh(z/2) − 1)/σ.

const logisticLpdf = defineFusedDensity({
  name: 'logistic_lpdf',
  argNames: ['y', 'mu', 'sigma'],
  kernel: (input) => {
    const [y, mu, sigma] = input.data as Tuple<Float64Array, 3>;
    const [sy, sm, ss] = input.strides as Tuple<number, 3>;
    const [dy, dmu, dsigma] = input.partials as Tuple<Partials, 3>;
    const logSigma0 = (ss === 0 ? Math.log(sigma[0]!) : NaN);
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const s = sigma[i * ss]!;
      const z = (y[i * sy]! - mu[i * sm]!) / s;
      const a = Math.abs(z);
      total -= a + (ss === 0 ? logSigma0 : Math.log(s)) + 2 * Math.log1p(Math.exp(-a));
      const t = Math.tanh(0.5 * z);
      if (dy !== null) dy[i * sy]! += -t / s;
      if (dmu !== null) dmu[i * sm]! += t / s;
      if (dsigma !== null) dsigma[i * ss]! += (z * t - 1) / s;
    }
    return total;
  },
  // −z − 2·softplus(−z) − log σ (softplus is evaluated without overflow).
  composed: ([y, mu, sigma]) => {
    const z = div(sub(y!, mu!), sigma!);
    return sub(sub(mul(-1, z), mul(2, softplus(mul(-1, z)))), log(sigma!));
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
});

/** Logistic with location `mu` and scale `sigma` (Stan's logistic). */
export function logistic(mu: Value, sigma: Value): Distribution {
  return logisticFamily.make(mu, sigma);
}
