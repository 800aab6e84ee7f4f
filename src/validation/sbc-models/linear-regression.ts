import { add, matvec } from '../../ad/index.js';
import { Tensor } from '../../ad/tensor.js';
import { defineModel, int, matrix, real, vector } from '../../models/api/index.js';
import { exponential, normal } from '../../models/distributions/index.js';
import { drawNumber, drawValues, named, type SbcModel } from '../sbc-model.js';
import { fixedDesign, linearPredictor } from './design.js';

// Linear regression with correlated, uncentred covariates (correlation 0.9, mean 2), so the
// posterior couples the slopes with each other and with the intercept.

const N = 25;
const K = 3;
const X = fixedDesign(N, K, { correlation: 0.9, offset: 2, seed: 2018 });

const definition = defineModel({
  name: 'sbc_linear_regression',
  data: { N: int({ lower: 0 }), K: int({ lower: 0 }), X: matrix('N', 'K'), y: vector('N') },
  parameters: { alpha: real(), beta: vector('K'), sigma: real({ lower: 0 }) },
  model: (p, data, target) => {
    target.sample(p.alpha, normal(0, 2));
    target.sample(p.beta, normal(0, 1));
    target.sample(p.sigma, exponential(1));
    target.sample(data.y, normal(add(p.alpha, matvec(data.X, p.beta)), p.sigma));
  },
});

export const linearRegression: SbcModel = {
  name: 'linear-regression',
  description: `linear regression, N = ${N}, ${K} covariates with correlation 0.9 and mean 2: alpha ~ normal(0, 2), beta ~ normal(0, 1), sigma ~ exponential(1)`,
  definition,
  simulate: (rng) => {
    const alpha = drawNumber(normal(0, 2), rng);
    const beta = drawValues(normal(0, 1), rng, K);
    const sigma = drawNumber(exponential(1), rng);
    const y = drawValues(normal(new Tensor(linearPredictor(X, alpha, beta), [N]), sigma), rng);
    return { parameters: { alpha, ...named('beta', beta), sigma }, data: { N, K, X, y: Array.from(y) } };
  },
};
