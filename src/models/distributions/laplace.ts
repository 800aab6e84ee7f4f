import { div, sub } from '../../ad/ops/arithmetic.js';
import { abs, log } from '../../ad/ops/unary.js';
import type { Value } from '../../ad/trace.js';
import { drawLaplace } from '../../random/inversion.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type Partials, type Tuple } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

// double_exponential(y | μ, σ) = −log 2 − log σ − |y − μ|/σ;
//   ∂/∂y = −sign(y − μ)/σ,  ∂/∂μ = sign(y − μ)/σ,  ∂/∂σ = (|y − μ|/σ − 1)/σ
// (the derivative at y = μ is taken as 0, the subgradient autograd and Stan use).

const laplaceLpdf = defineFusedDensity({
  name: 'double_exponential_lpdf',
  argNames: ['y', 'mu', 'sigma'],
  kernel: (input) => {
    const [y, mu, sigma] = input.data as Tuple<Float64Array, 3>;
    const [sy, sm, ss] = input.strides as Tuple<number, 3>;
    const [dy, dmu, dsigma] = input.partials as Tuple<Partials, 3>;
    const logSigma0 = (ss === 0 ? Math.log(sigma[0]!) : NaN);
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const s = sigma[i * ss]!;
      const r = y[i * sy]! - mu[i * sm]!;
      const a = Math.abs(r) / s;
      total -= a + (ss === 0 ? logSigma0 : Math.log(s));
      const slope = Math.sign(r) / s;
      if (dy !== null) dy[i * sy]! += -slope;
      if (dmu !== null) dmu[i * sm]! += slope;
      if (dsigma !== null) dsigma[i * ss]! += (a - 1) / s;
    }
    return total - input.size * Math.LN2;
  },
  composed: ([y, mu, sigma]) => sub(sub(-Math.LN2, log(sigma!)), div(abs(sub(y!, mu!)), sigma!)),
});

export const laplaceFamily = defineScalarFamily({
  name: 'double_exponential',
  params: [
    { name: 'mu', constraint: real },
    { name: 'sigma', constraint: positive },
  ],
  support: real,
  density: laplaceLpdf,
  sampler: (rng) => (p) => p[0]! + p[1]! * drawLaplace(rng),
  mean: (p) => p[0]!,
  variance: (p) => 2 * p[1]! * p[1]!,
});

/** Laplace with location `mu` and scale `sigma` (Stan's double_exponential). */
export function laplace(mu: Value, sigma: Value): Distribution {
  return laplaceFamily.make(mu, sigma);
}
