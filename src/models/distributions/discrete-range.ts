import type { Value } from '../../ad/trace.js';
import type { Constraint } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

const integers: Constraint = Object.freeze({ kind: 'integer' });

// discrete_range(y | lower, upper) = −log(upper − lower + 1) for integers lower ≤ y ≤ upper
// (Stan's discrete_range); CDF (y − lower + 1)/(upper − lower + 1).
const discreteRangeLpmf = defineFusedDensity({
  name: 'discrete_range_lpmf',
  argNames: ['y', 'lower', 'upper'],
  element: (e, [, lower, upper]) => e.neg(e.log(e.add(e.sub(upper!, lower!), 1))),
});

export const discreteRangeFamily = defineScalarFamily({
  name: 'discrete_range',
  params: [
    { name: 'lower', constraint: integers },
    { name: 'upper', constraint: integers },
  ],
  support: integers,
  inSupport: (e, [y, lower, upper]) => e.and(e.ge(y!, lower!), e.le(y!, upper!)),
  relation: {
    holds: (e, [lower, upper]) => e.le(lower!, upper!),
    describe: (p) => `upper is ${p[1]}, but must be greater than or equal to lower (${p[0]})`,
  },
  integerArgs: [0, 1, 2],
  density: discreteRangeLpmf,
  sampler: (rng) => (p) => p[0]! + Math.floor(rng.uniform() * (p[1]! - p[0]! + 1)),
  mean: (p) => 0.5 * (p[0]! + p[1]!),
  variance: (p) => ((p[1]! - p[0]! + 1) ** 2 - 1) / 12,
  logCdf: (e, [y, lower, upper]) => e.sub(e.log(e.add(e.sub(y!, lower!), 1)), e.log(e.add(e.sub(upper!, lower!), 1))),
  logCcdf: (e, [y, lower, upper]) => e.sub(e.log(e.sub(upper!, y!)), e.log(e.add(e.sub(upper!, lower!), 1))),
});

/** Uniform over the integers lower, ..., upper (Stan's discrete_range). */
export function discreteRange(lower: Value, upper: Value): Distribution {
  return discreteRangeFamily.make(lower, upper);
}
