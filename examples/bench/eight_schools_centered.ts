import { defineModel, int, real, vector } from '../../src/models/api/index.js';
import { halfCauchy, normal } from '../../src/models/distributions/index.js';

// Eight schools, centred (bench/README.md, eight_schools_centered): the school effects are the
// parameters, which gives Neal's funnel as tau → 0; a good sampler reports divergences.
export const model = defineModel({
  name: 'eight_schools_centered',
  data: { J: int({ lower: 1 }), y: vector('J'), sigma: vector('J', { lower: 0 }) },
  parameters: { mu: real(), tau: real({ lower: 0 }), theta: vector('J') },
  model: (p, data, target) => {
    target.sample(p.mu, normal(0, 5));
    target.sample(p.tau, halfCauchy(5));
    target.sample(p.theta, normal(p.mu, p.tau));
    target.sample(data.y, normal(p.theta, data.sigma));
  },
});

export const dataFile = 'data/eight_schools.json';
