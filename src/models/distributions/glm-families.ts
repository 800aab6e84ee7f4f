import gammaln from '@stdlib/math-base-special-gammaln';
import { drawBernoulli } from '../../random/inversion.js';
import { drawPoisson } from '../../random/poisson.js';
import type { Value } from '../../ad/trace.js';
import { nonNegativeInteger } from '../constraints.js';
import { binary, bernoulliLogitFamily, logisticScalar } from './bernoulli.js';
import type { Distribution } from './distribution.js';
import { defineGlm } from './glm.js';
import { ROW_PREDICTORS } from './glm-rows.js';
import { poissonLogFamily } from './poisson.js';

/** −Σ log yᵢ!, the part of poisson_log_glm's log density that depends on y alone. */
function negativeLogFactorialSum(y: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum -= gammaln(y[i]! + 1);
  return sum;
}

// poisson_log_glm(y | x, α, β): y ~ poisson_log(α + x·β) (Stan's poisson_log_glm);
//   log p = y η − e^η − log y!,  ∂/∂η = y − e^η.
const poissonLogGlmFamily = defineGlm({
  name: 'poisson_log_glm',
  support: nonNegativeInteger,
  term: (y, eta, out) => {
    const rate = Math.exp(eta);
    out[0] = y * eta - rate - gammaln(y + 1);
    out[1] = y - rate;
  },
  density: poissonLogFamily.density,
  sampler: (rng) => {
    return (eta) => drawPoisson(rng, Math.exp(eta));
  },
  mean: Math.exp,
  variance: Math.exp,
  wasm: { family: 'poisson_log', outcomeTerm: negativeLogFactorialSum },
  rowPredictors: ROW_PREDICTORS.poisson,
});

// bernoulli_logit_glm(y | x, α, β): y ~ bernoulli_logit(α + x·β) (Stan's bernoulli_logit_glm);
//   log p = −log1p_exp(∓η), with e = e^(−|η|): −(max(±η, 0) + log1p(e)),  ∂/∂η = y − σ(η).
const bernoulliLogitGlmFamily = defineGlm({
  name: 'bernoulli_logit_glm',
  support: binary,
  term: (y, eta, out) => {
    const e = Math.exp(-Math.abs(eta));
    const signed = y === 1 ? -eta : eta;
    out[0] = -((signed > 0 ? signed : 0) + Math.log1p(e));
    out[1] = y - (eta >= 0 ? 1 / (1 + e) : e / (1 + e));
  },
  density: bernoulliLogitFamily.density,
  sampler: (rng) => {
    return (eta) => drawBernoulli(rng, logisticScalar(eta));
  },
  mean: logisticScalar,
  variance: (eta) => logisticScalar(eta) * logisticScalar(-eta),
  wasm: { family: 'bernoulli_logit' },
  rowPredictors: ROW_PREDICTORS.bernoulli,
});

/** y ~ poisson_log(alpha + x·beta) in one pass over the data matrix x (Stan's poisson_log_glm). */
export function poissonLogGlm(x: Value, alpha: Value, beta: Value): Distribution {
  return poissonLogGlmFamily(x, alpha, beta);
}

/** y ~ bernoulli_logit(alpha + x·beta) in one pass over the data matrix x (Stan's bernoulli_logit_glm). */
export function bernoulliLogitGlm(x: Value, alpha: Value, beta: Value): Distribution {
  return bernoulliLogitGlmFamily(x, alpha, beta);
}
