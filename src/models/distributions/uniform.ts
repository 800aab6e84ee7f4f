import type { Value } from '../../ad/trace.js';
import { drawUniform } from '../../random/inversion.js';
import { interval, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

// uniform(y | α, β) = −log(β − α) on α ≤ y ≤ β. It does not depend on y, but its value has
// y's (broadcast) shape, and ∂/∂y = 0.
const uniformLpdf = defineFusedDensity({
  name: 'uniform_lpdf',
  argNames: ['y', 'alpha', 'beta'],
  element: (e, [, alpha, beta]) => e.neg(e.log(e.sub(beta!, alpha!))),
});

export const uniformFamily = defineScalarFamily({
  name: 'uniform',
  params: [
    { name: 'alpha', constraint: real },
    { name: 'beta', constraint: real },
  ],
  support: real,
  supportOf: ([alpha, beta]) => interval(alpha!, beta!),
  inSupport: (e, [y, alpha, beta]) => e.and(e.ge(y!, alpha!), e.le(y!, beta!)),
  relation: {
    holds: (e, [alpha, beta]) => e.gt(beta!, alpha!),
    describe: (p) => `beta is ${p[1]}, but must be greater than alpha (${p[0]})`,
  },
  density: uniformLpdf,
  sampler: (rng) => (p) => drawUniform(rng, p[0]!, p[1]!),
  mean: (p) => 0.5 * (p[0]! + p[1]!),
  variance: (p) => (p[1]! - p[0]!) ** 2 / 12,
  logCdf: (e, [y, alpha, beta]) => e.sub(e.log(e.sub(y!, alpha!)), e.log(e.sub(beta!, alpha!))),
  logCcdf: (e, [y, alpha, beta]) => e.sub(e.log(e.sub(beta!, y!)), e.log(e.sub(beta!, alpha!))),
});

/** Uniform on [lower, upper] (Stan's uniform(alpha, beta)). */
export function uniform(lower: Value, upper: Value): Distribution {
  return uniformFamily.make(lower, upper);
}
