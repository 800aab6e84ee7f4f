import laplaceSampler from '@stdlib/random-base-laplace';
import type { Value } from '../../ad/trace.js';
import { positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

// double_exponential(y | μ, σ) = −log 2 − log σ − |y − μ|/σ (the derivative at y = μ is
// taken as 0, the subgradient autograd and Stan use).
const laplaceLpdf = defineFusedDensity({
  name: 'double_exponential_lpdf',
  argNames: ['y', 'mu', 'sigma'],
  element: (e, [y, mu, sigma]) => e.sub(e.sub(-Math.LN2, e.log(sigma!)), e.div(e.abs(e.sub(y!, mu!)), sigma!)),
});

export const laplaceFamily = defineScalarFamily({
  name: 'double_exponential',
  params: [
    { name: 'mu', constraint: real },
    { name: 'sigma', constraint: positive },
  ],
  support: real,
  density: laplaceLpdf,
  sampler: (rng) => {
    const draw = laplaceSampler.factory({ prng: rng.prng });
    return (p) => draw(p[0]!, p[1]!);
  },
  mean: (p) => p[0]!,
  variance: (p) => 2 * p[1]! * p[1]!,
});

/** Laplace with location `mu` and scale `sigma` (Stan's double_exponential). */
export function laplace(mu: Value, sigma: Value): Distribution {
  return laplaceFamily.make(mu, sigma);
}
