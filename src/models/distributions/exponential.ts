import { mul, neg, sub } from '../../ad/ops/arithmetic.js';
import { log } from '../../ad/ops/unary.js';
import type { Value } from '../../ad/trace.js';
import { drawExponential } from '../../random/inversion.js';
import { positive } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type Partials, type Tuple } from './fused.js';
import { log1mExp } from './math.js';
import { defineScalarFamily } from './scalar-family.js';

// exponential(y | β) = log β − β y on y ≥ 0 (β is the rate);
//   ∂/∂y = −β,  ∂/∂β = 1/β − y.
// CDF 1 − e^(−βy): log CDF = log1m_exp(−βy), log CCDF = −βy.

const exponentialLpdf = defineFusedDensity({
  name: 'exponential_lpdf',
  argNames: ['y', 'beta'],
  kernel: (input) => {
    const [y, beta] = input.data as Tuple<Float64Array, 2>;
    const [sy, sb] = input.strides as Tuple<number, 2>;
    const [dy, dbeta] = input.partials as Tuple<Partials, 2>;
    const logBeta0 = (sb === 0 ? Math.log(beta[0]!) : NaN);
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const b = beta[i * sb]!;
      const x = y[i * sy]!;
      total += (sb === 0 ? logBeta0 : Math.log(b)) - b * x;
      if (dy !== null) dy[i * sy]! += -b;
      if (dbeta !== null) dbeta[i * sb]! += 1 / b - x;
    }
    return total;
  },
  composed: ([y, beta]) => sub(log(beta!), mul(beta!, y!)),
});

export const exponentialFamily = defineScalarFamily({
  name: 'exponential',
  params: [{ name: 'beta', constraint: positive }],
  support: positive,
  density: exponentialLpdf,
  sampler: (rng) => (p) => drawExponential(rng) / p[0]!,
  mean: (p) => 1 / p[0]!,
  variance: (p) => 1 / (p[0]! * p[0]!),
  logCdf: ([y, beta]) => log1mExp(neg(mul(beta!, y!))),
  logCcdf: ([y, beta]) => neg(mul(beta!, y!)),
});

/** Exponential with rate `beta` (Stan's exponential; mean 1/beta). */
export function exponential(rate: Value): Distribution {
  return exponentialFamily.make(rate);
}
