import type { Value } from '../../ad/trace.js';
import { drawBernoulli } from '../../random/inversion.js';
import { real, unitInterval, type Constraint } from '../constraints.js';
import type { Distribution } from './distribution.js';
import { log1pExp } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { defineScalarFamily } from './scalar-family.js';

/** {0, 1}. */
export const binary: Constraint = Object.freeze({ kind: 'integer', lower: 0, upper: 1 });

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

// bernoulli(y | θ) = log θ (y = 1), log(1 − θ) (y = 0). Each branch reads a stand-in where
// it is not taken, so that log 0 at θ = 0 or 1 sends no NaN into the other's partial.
const bernoulliLpmf = defineFusedDensity({
  name: 'bernoulli_lpmf',
  argNames: ['y', 'theta'],
  element: (e, [y, theta]) => {
    const success = e.eq(y!, 1);
    return e.select(success, e.log(e.select(success, theta!, 0.5)), e.log1p(e.neg(e.select(success, 0.5, theta!))));
  },
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
  // P(Y ≤ 0) = 1 − θ, P(Y ≤ 1) = 1; P(Y > 0) = θ, P(Y > 1) = 0.
  logCdf: (e, [y, theta]) => {
    const zero = e.eq(y!, 0);
    return e.select(zero, e.log1p(e.neg(e.select(zero, theta!, 0.5))), 0);
  },
  logCcdf: (e, [y, theta]) => {
    const zero = e.eq(y!, 0);
    return e.select(zero, e.log(e.select(zero, theta!, 0.5)), -Infinity);
  },
});

/** Bernoulli with success probability `theta`, on {0, 1} (Stan's bernoulli). */
export function bernoulli(theta: Value): Distribution {
  return bernoulliFamily.make(theta);
}

// bernoulli_logit(y | α) = y α − log(1 + e^α) = −log1p_exp((1 − 2y) α) for y in {0, 1}, which
// keeps its digits for large |α| (Stan's bernoulli_logit_lpmf); log1p_exp inline costs one
// exp and one log1p per element.
const bernoulliLogitLpmf = defineFusedDensity({
  name: 'bernoulli_logit_lpmf',
  argNames: ['y', 'alpha'],
  element: (e, [y, alpha]) => e.neg(log1pExp(e, e.mul(e.sub(1, e.mul(2, y!)), alpha!))),
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
