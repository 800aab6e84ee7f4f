import { neg, sub } from '../../ad/ops/arithmetic.js';
import { broadcastTo } from '../../ad/ops/broadcasting.js';
import { log } from '../../ad/ops/unary.js';
import { shapeOf, type Value } from '../../ad/trace.js';
import { drawUniform } from '../../random/inversion.js';
import { interval, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { broadcastAll } from './elementwise.js';
import { defineFusedDensity, type Partials, type Tuple } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

// uniform(y | α, β) = −log(β − α) on α ≤ y ≤ β;
//   ∂/∂y = 0,  ∂/∂α = 1/(β − α),  ∂/∂β = −1/(β − α).

const uniformLpdf = defineFusedDensity({
  name: 'uniform_lpdf',
  argNames: ['y', 'alpha', 'beta'],
  kernel: (input) => {
    const [, alpha, beta] = input.data as Tuple<Float64Array, 3>;
    const [, sa, sb] = input.strides as Tuple<number, 3>;
    const [, dalpha, dbeta] = input.partials as Tuple<Partials, 3>;
    // ∂/∂y = 0: the partials of y stay as allocated, zero.
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const width = beta[i * sb]! - alpha[i * sa]!;
      total -= Math.log(width);
      if (dalpha !== null) dalpha[i * sa]! += 1 / width;
      if (dbeta !== null) dbeta[i * sb]! += -1 / width;
    }
    return total;
  },
  // The density does not depend on y, but its value has y's (broadcast) shape.
  composed: ([y, alpha, beta]) => {
    const shape = broadcastAll('uniform_lpdf', ['y', 'alpha', 'beta'], [shapeOf(y!), shapeOf(alpha!), shapeOf(beta!)]);
    return broadcastTo(neg(log(sub(beta!, alpha!))), shape);
  },
});

export const uniformFamily = defineScalarFamily({
  name: 'uniform',
  params: [
    { name: 'alpha', constraint: real },
    { name: 'beta', constraint: real },
  ],
  support: real,
  supportOf: ([alpha, beta]) => interval(alpha!, beta!),
  inSupport: (v) => v[0]! >= v[1]! && v[0]! <= v[2]!,
  relation: {
    holds: (p) => p[1]! > p[0]!,
    describe: (p) => `beta is ${p[1]}, but must be greater than alpha (${p[0]})`,
  },
  density: uniformLpdf,
  sampler: (rng) => (p) => drawUniform(rng, p[0]!, p[1]!),
  mean: (p) => 0.5 * (p[0]! + p[1]!),
  variance: (p) => (p[1]! - p[0]!) ** 2 / 12,
});

/** Uniform on [lower, upper] (Stan's uniform(alpha, beta)). */
export function uniform(lower: Value, upper: Value): Distribution {
  return uniformFamily.make(lower, upper);
}
