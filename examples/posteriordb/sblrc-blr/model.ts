import { matvec } from '../../../src/ad/index.js';
import { defineModel, int, matrix, real, vector } from '../../../src/models/api/index.js';
import { halfNormal, normal } from '../../../src/models/distributions/index.js';

// posteriordb sblrc-blr (see README.md): linear regression without intercept whose
// design makes the coefficients correlated a posteriori.
export const model = defineModel({
  name: 'sblrc-blr',
  data: { N: int({ lower: 0 }), D: int({ lower: 0 }), X: matrix('N', 'D'), y: vector('N') },
  parameters: { beta: vector('D'), sigma: real({ lower: 0 }) },
  model: (p, data, target) => {
    target.sample(p.beta, normal(0, 10));
    target.sample(p.sigma, halfNormal(10));
    target.sample(data.y, normal(matvec(data.X, p.beta), p.sigma));
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
