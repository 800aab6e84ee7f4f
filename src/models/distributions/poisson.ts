import type { Value } from '../../ad/trace.js';
import { drawPoisson } from '../../random/poisson.js';
import { nonNegativeInteger, positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { xlogy } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { LOG_GAMMA_P, LOG_GAMMA_Q } from './incomplete-gamma.js';
import { defineScalarFamily } from './scalar-family.js';

// poisson(y | λ) = y log λ − λ − log y!, with 0 · log 0 = 0 (λ = 0 puts all mass on 0).
const poissonLpmf = defineFusedDensity({
  name: 'poisson_lpmf',
  argNames: ['y', 'lambda'],
  element: (e, [y, lambda]) => e.sub(e.sub(xlogy(e, y!, lambda!), lambda!), e.lgamma(e.add(y!, 1))),
});

export const poissonFamily = defineScalarFamily({
  name: 'poisson',
  params: [{ name: 'lambda', constraint: positive, inclusive: true }],
  support: nonNegativeInteger,
  integerArgs: [0],
  density: poissonLpmf,
  sampler: (rng) => (p) => drawPoisson(rng, p[0]!),
  mean: (p) => p[0]!,
  variance: (p) => p[0]!,
  // P(Y ≤ y) = Q(y + 1, λ), the regularised upper incomplete gamma function.
  logCdf: (e, [y, lambda]) => e.b.apply(LOG_GAMMA_Q, [e.add(y!, 1), lambda!]),
  logCcdf: (e, [y, lambda]) => e.b.apply(LOG_GAMMA_P, [e.add(y!, 1), lambda!]),
});

/** Poisson with rate `lambda` (Stan's poisson). */
export function poisson(lambda: Value): Distribution {
  return poissonFamily.make(lambda);
}

// poisson_log(y | α) = y α − e^α − log y!.
const poissonLogLpmf = defineFusedDensity({
  name: 'poisson_log_lpmf',
  argNames: ['y', 'alpha'],
  element: (e, [y, alpha]) => e.sub(e.sub(e.mul(y!, alpha!), e.exp(alpha!)), e.lgamma(e.add(y!, 1))),
});

export const poissonLogFamily = defineScalarFamily({
  name: 'poisson_log',
  params: [{ name: 'alpha', constraint: real }],
  support: nonNegativeInteger,
  integerArgs: [0],
  density: poissonLogLpmf,
  sampler: (rng) => (p) => drawPoisson(rng, Math.exp(p[0]!)),
  mean: (p) => Math.exp(p[0]!),
  variance: (p) => Math.exp(p[0]!),
});

/** Poisson with log rate `alpha` (Stan's poisson_log). */
export function poissonLog(alpha: Value): Distribution {
  return poissonLogFamily.make(alpha);
}
