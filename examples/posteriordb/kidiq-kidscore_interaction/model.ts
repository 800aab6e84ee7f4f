import { fill, matvec, mul, stack, transpose } from '../../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../../src/models/api/index.js';
import { halfCauchy, normal } from '../../../src/models/distributions/index.js';

// posteriordb kidiq-kidscore_interaction (see README.md): a child's test score on the
// mother's high-school completion, IQ and their interaction, predictors not centred.
export const model = defineModel({
  name: 'kidiq-kidscore_interaction',
  data: {
    N: int({ lower: 0 }),
    kid_score: vector('N', { lower: 0 }),
    mom_hs: vector('N', { lower: 0, upper: 1 }),
    mom_iq: vector('N', { lower: 0 }),
  },
  // The design matrix [1, mom_hs, mom_iq, mom_hs * mom_iq], built once.
  transformedData: (data) => ({
    X: transpose(stack([fill([data.N], 1), data.mom_hs, data.mom_iq, mul(data.mom_hs, data.mom_iq)])),
  }),
  parameters: { beta: vector(4), sigma: real({ lower: 0 }) },
  model: (p, data, target) => {
    // beta: flat prior (no term).
    target.sample(p.sigma, halfCauchy(2.5));
    target.sample(data.kid_score, normal(matvec(data.X, p.beta), p.sigma));
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
