import { add, at, mul } from '../../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../../src/models/api/index.js';
import { normal } from '../../../src/models/distributions/index.js';

// posteriordb earnings-earn_height (see README.md): earnings in dollars on height in
// inches, all priors flat; the posterior lives at scales up to 10^4.
export const model = defineModel({
  name: 'earnings-earn_height',
  data: { N: int({ lower: 0 }), earn: vector('N'), height: vector('N') },
  parameters: { beta: vector(2), sigma: real({ lower: 0 }) },
  model: (p, data, target) => {
    // beta and sigma: flat priors (no terms).
    target.sample(data.earn, normal(add(at(p.beta, 0), mul(at(p.beta, 1), data.height)), p.sigma));
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
