import { add, mul } from '../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../src/models/api/index.js';
import { halfCauchy, normal } from '../../src/models/distributions/index.js';

// Eight schools, non-centred (examples/bench/eight_schools_noncentered.ts), with the two
// generated quantities the workflow past sampling reads: log_lik (each school's
// log-likelihood, for `leapfrog loo`) and y_rep (replicated data, for the report's posterior
// predictive check), named as in Stan's and ArviZ's conventions.
export const model = defineModel({
  name: 'eight_schools_loo',
  data: { J: int({ lower: 1 }), y: vector('J'), sigma: vector('J', { lower: 0 }) },
  parameters: { mu: real(), tau: real({ lower: 0 }), theta_raw: vector('J') },
  transformedParameters: (p) => ({ theta: add(p.mu, mul(p.tau, p.theta_raw)) }),
  model: (p, data, target) => {
    target.sample(p.mu, normal(0, 5));
    target.sample(p.tau, halfCauchy(5));
    target.sample(p.theta_raw, normal(0, 1));
    target.sample(data.y, normal(p.theta, data.sigma));
  },
  generatedQuantities: (p, data, rng) => {
    const theta = (p.theta as { readonly data: Float64Array }).data;
    const y = data.y.data;
    const sigma = data.sigma.data;
    return {
      log_lik: Array.from(y, (value, j) => -0.5 * Math.log(2 * Math.PI) - Math.log(sigma[j]!) - 0.5 * ((value - theta[j]!) / sigma[j]!) ** 2),
      y_rep: Array.from(theta, (mean, j) => mean + sigma[j]! * rng.normal()),
    };
  },
});

export const dataFile = '../bench/data/eight_schools.json';
