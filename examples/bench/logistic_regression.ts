import { defineModel, int, intArray, matrix, real, vector } from '../../src/models/api/index.js';
import { bernoulliLogitGlm, normal } from '../../src/models/distributions/index.js';

// Logistic regression (bench/README.md, logistic_regression): N = 2000 rows, D = 25 predictors;
// the likelihood is bernoulli_logit_glm (as in Stan's program): the linear predictor, the
// density and its gradient in one pass over X (WebAssembly SIMD where the engine has it).
export const model = defineModel({
  name: 'logistic_regression',
  data: {
    N: int({ lower: 0 }),
    D: int({ lower: 1 }),
    X: matrix('N', 'D'),
    y: intArray('N', { lower: 0, upper: 1 }),
  },
  parameters: { alpha: real(), beta: vector('D') },
  model: (p, data, target) => {
    target.sample(p.alpha, normal(0, 2.5));
    target.sample(p.beta, normal(0, 1));
    target.sample(data.y, bernoulliLogitGlm(data.X, p.alpha, p.beta));
  },
});

export const dataFile = 'data/logistic_regression.json';
