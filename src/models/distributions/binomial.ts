import type { Value } from '../../ad/trace.js';
import { drawBinomial } from '../../random/binomial.js';
import { nonNegativeInteger, real, unitInterval } from '../constraints.js';
import { logisticScalar } from './bernoulli.js';
import type { Distribution } from './distribution.js';
import { lchoose, xlog1py, xlogy } from './element-math.js';
import { defineFusedDensity } from './fused.js';
import { LOG_INC_BETA } from './incomplete-beta.js';
import { defineScalarFamily, type ElementCondition } from './scalar-family.js';

/** y ≤ N, the part of the support that depends on a parameter. */
const atMostN: ElementCondition = (e, [y, n]) => e.le(y!, n!);

// binomial(y | N, θ) = log C(N, y) + y log θ + (N − y) log(1 − θ), with 0 · log 0 = 0.
const binomialLpmf = defineFusedDensity({
  name: 'binomial_lpmf',
  argNames: ['y', 'N', 'theta'],
  element: (e, [y, n, theta]) => e.add(e.add(lchoose(e, n!, y!), xlogy(e, y!, theta!)), xlog1py(e, e.sub(n!, y!), e.neg(theta!))),
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
  // P(Y ≤ y) = I_(1−θ)(N − y, y + 1), 1 at y = N (where the incomplete beta reads a stand-in).
  logCdf: (e, [y, n, theta]) => {
    const all = e.ge(y!, n!);
    return e.select(all, 0, e.b.apply(LOG_INC_BETA, [e.select(all, 1, e.sub(n!, y!)), e.add(y!, 1), e.sub(1, theta!)]));
  },
  logCcdf: (e, [y, n, theta]) => {
    const all = e.ge(y!, n!);
    return e.select(all, -Infinity, e.b.apply(LOG_INC_BETA, [e.add(y!, 1), e.select(all, 1, e.sub(n!, y!)), theta!]));
  },
});

/** Binomial: successes in `n` trials of probability `p` (Stan's binomial(N, theta)). */
export function binomial(n: Value, p: Value): Distribution {
  return binomialFamily.make(n, p);
}

// binomial_logit(y | N, α) = log C(N, y) + y log σ(α) + (N − y) log(1 − σ(α))
//   = log C(N, y) − y log1p_exp(−α) − (N − y) log1p_exp(α)   (Stan's binomial_logit_lpmf),
// both log1p_exps from one e^−|α|: log1p_exp(±α) = max(±α, 0) + log1p(e^−|α|), with
// max(x, 0) = (x + |x|)/2 so that the derivative is right at α = 0 (see log1pExp).
const binomialLogitLpmf = defineFusedDensity({
  name: 'binomial_logit_lpmf',
  argNames: ['y', 'N', 'alpha'],
  element: (e, [y, n, alpha]) => {
    const shared = e.log1p(e.exp(e.neg(e.abs(alpha!))));
    const positive = e.mul(0.5, e.add(alpha!, e.abs(alpha!)));
    const negative = e.sub(positive, alpha!); // max(−α, 0)
    const successes = e.mul(y!, e.add(negative, shared));
    const failures = e.mul(e.sub(n!, y!), e.add(positive, shared));
    return e.sub(e.sub(lchoose(e, n!, y!), successes), failures);
  },
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
