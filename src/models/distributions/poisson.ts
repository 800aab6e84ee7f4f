import { mul, sub } from '../../ad/ops/arithmetic.js';
import { exp } from '../../ad/ops/unary.js';
import type { Value } from '../../ad/trace.js';
import { drawPoisson } from '../../random/poisson.js';
import { nonNegativeInteger, positive, real } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type Tuple } from './fused.js';
import { factorialln, logFactorial } from './log-combinatorics.js';
import { xlogy } from './math.js';
import { defineScalarFamily } from './scalar-family.js';

// poisson(y | λ) = y log λ − λ − log y!, with 0 · log 0 = 0 (λ = 0 puts all mass on 0);
//   ∂/∂λ = y/λ − 1.
const poissonLpmf = defineFusedDensity({
  name: 'poisson_lpmf',
  argNames: ['y', 'lambda'],
  kernel: (input) => {
    const [y, lambda] = input.data as Tuple<Float64Array, 2>;
    const [sy, sl] = input.strides as Tuple<number, 2>;
    const dlambda = input.partials[1]!;
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const k = y[i * sy]!;
      const rate = lambda[i * sl]!;
      total += (k === 0 ? 0 : k * Math.log(rate)) - rate - factorialln(k);
      if (dlambda !== null) dlambda[i * sl]! += (k === 0 ? 0 : k / rate) - 1;
    }
    return total;
  },
  composed: ([y, lambda]) => sub(sub(xlogy(y!, lambda!), lambda!), logFactorial(y!)),
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
});

/** Poisson with rate `lambda` (Stan's poisson). */
export function poisson(lambda: Value): Distribution {
  return poissonFamily.make(lambda);
}

// poisson_log(y | α) = y α − e^α − log y!;  ∂/∂α = y − e^α.
const poissonLogLpmf = defineFusedDensity({
  name: 'poisson_log_lpmf',
  argNames: ['y', 'alpha'],
  kernel: (input) => {
    const [y, alpha] = input.data as Tuple<Float64Array, 2>;
    const [sy, sa] = input.strides as Tuple<number, 2>;
    const dalpha = input.partials[1]!;
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const k = y[i * sy]!;
      const a = alpha[i * sa]!;
      const rate = Math.exp(a);
      total += k * a - rate - factorialln(k);
      if (dalpha !== null) dalpha[i * sa]! += k - rate;
    }
    return total;
  },
  composed: ([y, alpha]) => sub(sub(mul(y!, alpha!), exp(alpha!)), logFactorial(y!)),
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
