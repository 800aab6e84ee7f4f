import { add, matvec } from '../../src/ad/index.js';
import { defineModel, int, intArray, matrix, real, vector } from '../../src/models/api/index.js';
import { bernoulliLogit, normal } from '../../src/models/distributions/index.js';

// Logistic regression (bench/README.md, logistic_regression): N = 2000 rows, D = 25 predictors;
// the linear predictor is one matrix–vector product and the likelihood one fused density.
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
    target.sample(data.y, bernoulliLogit(add(p.alpha, matvec(data.X, p.beta))));
  },
});

export const dataFile = 'data/logistic_regression.json';
