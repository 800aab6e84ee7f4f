import { defineModel, int, real, vector } from '../../../src/models/api/index.js';
import { halfCauchy, normal } from '../../../src/models/distributions/index.js';

// posteriordb eight_schools-eight_schools_centered (see README.md): the funnel. The
// reference draws are the non-centred model's (the same posterior); a correct sampler
// reports divergences here.
export const model = defineModel({
  name: 'eight_schools-eight_schools_centered',
  data: { J: int({ lower: 0 }), y: vector('J'), sigma: vector('J', { lower: 0 }) },
  parameters: { theta: vector('J'), mu: real(), tau: real({ lower: 0 }) },
  model: (p, data, target) => {
    target.sample(p.theta, normal(p.mu, p.tau));
    target.sample(p.mu, normal(0, 5));
    target.sample(p.tau, halfCauchy(5));
    target.sample(data.y, normal(p.theta, data.sigma));
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
