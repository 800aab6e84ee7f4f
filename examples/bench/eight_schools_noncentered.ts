import { add, mul } from '../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../src/models/api/index.js';
import { halfCauchy, normal } from '../../src/models/distributions/index.js';

// Eight schools, non-centred (bench/README.md, eight_schools_noncentered; Rubin 1981): the
// sampler moves standardised offsets, so the geometry stays easy as tau shrinks.
export const model = defineModel({
  name: 'eight_schools_noncentered',
  data: { J: int({ lower: 1 }), y: vector('J'), sigma: vector('J', { lower: 0 }) },
  parameters: { mu: real(), tau: real({ lower: 0 }), theta_raw: vector('J') },
  transformedParameters: (p) => ({ theta: add(p.mu, mul(p.tau, p.theta_raw)) }),
  model: (p, data, target) => {
    target.sample(p.mu, normal(0, 5));
    target.sample(p.tau, halfCauchy(5));
    target.sample(p.theta_raw, normal(0, 1));
    target.sample(data.y, normal(p.theta, data.sigma));
  },
});

export const dataFile = 'data/eight_schools.json';
