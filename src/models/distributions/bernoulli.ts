import { add, mul, neg, sub } from '../../ad/ops/arithmetic.js';
import { softplus } from '../../ad/ops/link.js';
import type { Value } from '../../ad/trace.js';
import { drawBernoulli } from '../../random/inversion.js';
import { real, unitInterval, type Constraint } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { defineFusedDensity, type Tuple } from './fused.js';
import { xlog1py, xlogy } from './math.js';
import { defineScalarFamily } from './scalar-family.js';

/** {0, 1}. */
export const binary: Constraint = Object.freeze({ kind: 'integer', lower: 0, upper: 1 });

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

// bernoulli(y | θ) = log θ (y = 1), log(1 − θ) (y = 0);  ∂/∂θ = 1/θ or −1/(1 − θ).
const bernoulliLpmf = defineFusedDensity({
  name: 'bernoulli_lpmf',
  argNames: ['y', 'theta'],
  kernel: (input) => {
    const [y, theta] = input.data as Tuple<Float64Array, 2>;
    const [sy, st] = input.strides as Tuple<number, 2>;
    const dtheta = input.partials[1]!;
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const t = theta[i * st]!;
      const success = y[i * sy] === 1;
      total += success ? Math.log(t) : Math.log1p(-t);
      if (dtheta !== null) dtheta[i * st]! += success ? 1 / t : -1 / (1 - t);
    }
    return total;
  },
  composed: ([y, theta]) => add(xlogy(y!, theta!), xlog1py(sub(1, y!), neg(theta!))),
});

export const bernoulliFamily = defineScalarFamily({
  name: 'bernoulli',
  params: [{ name: 'theta', constraint: unitInterval }],
  support: binary,
  integerArgs: [0],
  density: bernoulliLpmf,
  sampler: (rng) => (p) => drawBernoulli(rng, p[0]!),
  mean: (p) => p[0]!,
  variance: (p) => p[0]! * (1 - p[0]!),
});

/** Bernoulli with success probability `theta`, on {0, 1} (Stan's bernoulli). */
export function bernoulli(theta: Value): Distribution {
  return bernoulliFamily.make(theta);
}

// bernoulli_logit(y | α) = y α − log(1 + e^α), evaluated as −log1p_exp(∓α) so that it keeps
// its digits for large |α|;  ∂/∂α = y − logistic(α). With e = exp(−|α|), one exp and one
// log1p give both: log1p_exp(±α) = max(±α, 0) + log1p(e), logistic(α) = 1/(1 + e) for α ≥ 0
// and e/(1 + e) otherwise (the form of Stan's bernoulli_logit_glm). Math's exp and log1p,
// not stdlib's JavaScript ones: this loop runs over every observation.
const bernoulliLogitLpmf = defineFusedDensity({
  name: 'bernoulli_logit_lpmf',
  argNames: ['y', 'alpha'],
  kernel: (input) => {
    const [y, alpha] = input.data as Tuple<Float64Array, 2>;
    const [sy, sa] = input.strides as Tuple<number, 2>;
    const dalpha = input.partials[1]!;
    let total = 0;
    for (let i = 0; i < input.size; i++) {
      const v = y[i * sy]!;
      const a = alpha[i * sa]!;
      const e = Math.exp(-Math.abs(a));
      const signed = v === 1 ? -a : a;
      total -= (signed > 0 ? signed : 0) + Math.log1p(e);
      if (dalpha !== null) dalpha[i * sa]! += v - (a >= 0 ? 1 / (1 + e) : e / (1 + e));
    }
    return total;
  },
  composed: ([y, alpha]) => sub(mul(y!, alpha!), softplus(alpha!)),
});

export const bernoulliLogitFamily = defineScalarFamily({
  name: 'bernoulli_logit',
  params: [{ name: 'alpha', constraint: real }],
  support: binary,
  integerArgs: [0],
  density: bernoulliLogitLpmf,
  sampler: (rng) => (p) => drawBernoulli(rng, sigmoid(p[0]!)),
  mean: (p) => sigmoid(p[0]!),
  variance: (p) => sigmoid(p[0]!) * sigmoid(-p[0]!),
});

/** Bernoulli with success log-odds `alpha` (Stan's bernoulli_logit). */
export function bernoulliLogit(alpha: Value): Distribution {
  return bernoulliLogitFamily.make(alpha);
}

export { sigmoid as logisticScalar };
