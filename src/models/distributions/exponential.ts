import type { Value } from '../../ad/trace.js';
import { drawExponential } from '../../random/inversion.js';
import { positive } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity } from './fused.js';
import { log1mExp } from './element-math.js';
import { defineScalarFamily } from './scalar-family.js';

// exponential(y | β) = log β − β y on y ≥ 0 (β is the rate).
// CDF 1 − e^(−βy): log CDF = log1m_exp(−βy), log CCDF = −βy.

const exponentialLpdf = defineFusedDensity({
  name: 'exponential_lpdf',
  argNames: ['y', 'beta'],
  element: (e, [y, beta]) => e.sub(e.log(beta!), e.mul(beta!, y!)),
});

export const exponentialFamily = defineScalarFamily({
  name: 'exponential',
  params: [{ name: 'beta', constraint: positive }],
  support: positive,
  density: exponentialLpdf,
  sampler: (rng) => (p) => drawExponential(rng) / p[0]!,
  mean: (p) => 1 / p[0]!,
  variance: (p) => 1 / (p[0]! * p[0]!),
  logCdf: (e, [y, beta]) => log1mExp(e, e.neg(e.mul(beta!, y!))),
  logCcdf: (e, [y, beta]) => e.neg(e.mul(beta!, y!)),
});

/** Exponential with rate `beta` (Stan's exponential; mean 1/beta). */
export function exponential(rate: Value): Distribution {
  return exponentialFamily.make(rate);
}
