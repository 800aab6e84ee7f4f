import { Tensor } from '../../src/ad/index.js';
import { defineModel, real, vector } from '../../src/models/api/index.js';
import { multiNormal } from '../../src/models/distributions/index.js';

// A bivariate normal with correlation rho = 0.99 (bench/README.md, correlated_2d).
export const model = defineModel({
  name: 'correlated_2d',
  data: { rho: real({ lower: -1, upper: 1 }) },
  transformedData: (data) => ({
    mean: new Tensor(new Float64Array(2), [2]),
    covariance: new Tensor(Float64Array.of(1, data.rho, data.rho, 1), [2, 2]),
  }),
  parameters: { x: vector(2) },
  model: (p, data, target) => {
    target.sample(p.x, multiNormal(data.mean, data.covariance));
  },
});

export const dataFile = 'data/correlated_2d.json';
