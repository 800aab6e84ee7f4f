import { add, mul } from '../../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../../src/models/api/index.js';
import { halfCauchy, normal } from '../../../src/models/distributions/index.js';

// posteriordb eight_schools-eight_schools_noncentered (see README.md): the school
// effects theta = mu + tau * theta_trans are a transformed parameter, as the reference
// draws report them.
export const model = defineModel({
  name: 'eight_schools-eight_schools_noncentered',
  data: { J: int({ lower: 0 }), y: vector('J'), sigma: vector('J', { lower: 0 }) },
  parameters: { theta_trans: vector('J'), mu: real(), tau: real({ lower: 0 }) },
  transformedParameters: (p) => ({ theta: add(p.mu, mul(p.tau, p.theta_trans)) }),
  model: (p, data, target) => {
    target.sample(p.theta_trans, normal(0, 1));
    target.sample(p.mu, normal(0, 5));
    target.sample(p.tau, halfCauchy(5));
    target.sample(data.y, normal(p.theta, data.sigma));
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
