import log1pexp from '@stdlib/math-base-special-log1pexp';
import { add, mul, neg, sub } from '../../ad/ops/arithmetic.js';
import { softplus } from '../../ad/ops/link.js';
import type { Value } from '../../ad/trace.js';
import { drawBinomial } from '../../random/binomial.js';
import { nonNegativeInteger, real, unitInterval } from '../constraints.js';
import { logisticScalar } from './bernoulli.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type Tuple } from './fused.js';
import { binomcoefln, logChoose } from './log-combinatorics.js';
import { xlog1py, xlogy } from './math.js';
import { defineScalarFamily } from './scalar-family.js';

/** y ≤ N, the part of the support that depends on a parameter. */
const atMostN = (v: Float64Array): boolean => v[0]! <= v[1]!;

// binomial(y | N, θ) = log C(N, y) + y log θ + (N − y) log(1 − θ), with 0 · log 0 = 0;
//   ∂/∂θ = y/θ − (N − y)/(1 − θ).
const binomialLpmf = defineFusedDensity({
  name: 'binomial_lpmf',
  argNames: ['y', 'N', 'theta'],
  kernel: (input) => {
    const [y, trials, theta] = input.data as Tuple<Float64Array, 3>;
    const [sy, sn, st] = input.strides as Tuple<number, 3>;
    const dtheta = input.partials[2]!;
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const k = y[i * sy]!;
      const n = trials[i * sn]!;
      const t = theta[i * st]!;
      const failures = n - k;
      total += binomcoefln(n, k) + (k === 0 ? 0 : k * Math.log(t)) + (failures === 0 ? 0 : failures * Math.log1p(-t));
      if (dtheta !== null) dtheta[i * st]! += (k === 0 ? 0 : k / t) - (failures === 0 ? 0 : failures / (1 - t));
    }
    return total;
  },
  composed: ([y, n, theta]) => add(add(logChoose('binomial_lpmf', y!, n!), xlogy(y!, theta!)), xlog1py(sub(n!, y!), neg(theta!))),
});

export const binomialFamily = defineScalarFamily({
  name: 'binomial',
  params: [
    { name: 'N', constraint: nonNegativeInteger },
    { name: 'theta', constraint: unitInterval },
  ],
  support: nonNegativeInteger,
  inSupport: atMostN,
  integerArgs: [0, 1],
  density: binomialLpmf,
  sampler: (rng) => (p) => drawBinomial(rng, p[0]!, p[1]!),
  mean: (p) => p[0]! * p[1]!,
  variance: (p) => p[0]! * p[1]! * (1 - p[1]!),
});

/** Binomial: successes in `n` trials of probability `p` (Stan's binomial(N, theta)). */
export function binomial(n: Value, p: Value): Distribution {
  return binomialFamily.make(n, p);
}

// binomial_logit(y | N, α) = log C(N, y) + y α − N log(1 + e^α), evaluated as
// log C(N, y) − y log1p_exp(−α) − (N − y) log1p_exp(α);  ∂/∂α = y − N logistic(α).
const binomialLogitLpmf = defineFusedDensity({
  name: 'binomial_logit_lpmf',
  argNames: ['y', 'N', 'alpha'],
  kernel: (input) => {
    const [y, trials, alpha] = input.data as Tuple<Float64Array, 3>;
    const [sy, sn, sa] = input.strides as Tuple<number, 3>;
    const dalpha = input.partials[2]!;
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const k = y[i * sy]!;
      const n = trials[i * sn]!;
      const a = alpha[i * sa]!;
      total += binomcoefln(n, k) - (k === 0 ? 0 : k * log1pexp(-a)) - (n === k ? 0 : (n - k) * log1pexp(a));
      if (dalpha !== null) dalpha[i * sa]! += k - n * logisticScalar(a);
    }
    return total;
  },
  composed: ([y, n, alpha]) => sub(add(logChoose('binomial_logit_lpmf', y!, n!), mul(y!, alpha!)), mul(n!, softplus(alpha!))),
});

export const binomialLogitFamily = defineScalarFamily({
  name: 'binomial_logit',
  params: [
    { name: 'N', constraint: nonNegativeInteger },
    { name: 'alpha', constraint: real },
  ],
  support: nonNegativeInteger,
  inSupport: atMostN,
  integerArgs: [0, 1],
  density: binomialLogitLpmf,
  sampler: (rng) => (p) => drawBinomial(rng, p[0]!, logisticScalar(p[1]!)),
  mean: (p) => p[0]! * logisticScalar(p[1]!),
  variance: (p) => p[0]! * logisticScalar(p[1]!) * logisticScalar(-p[1]!),
});

/** Binomial with success log-odds `alpha` (Stan's binomial_logit(N, alpha)). */
export function binomialLogit(n: Value, alpha: Value): Distribution {
  return binomialLogitFamily.make(n, alpha);
}
