import { add, matvec, Tensor } from '../../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../../src/models/api/index.js';
import { halfCauchy, normal } from '../../../src/models/distributions/index.js';

// posteriordb arK-arK (see README.md): an AR(K) series conditional on its first K values.
// The lagged values form a (T − K) × K matrix once, so the likelihood is one product.
export const model = defineModel({
  name: 'arK-arK',
  data: { K: int({ lower: 0 }), T: int({ lower: 0 }), y: vector('T') },
  transformedData: (data) => {
    const rows = data.T - data.K;
    const y = data.y.data;
    // Row r is time t = K + r (0-based); column k holds y[t − 1 − k], the (k+1)-th lag.
    const lags = new Float64Array(rows * data.K);
    for (let r = 0; r < rows; r++) for (let k = 0; k < data.K; k++) lags[r * data.K + k] = y[data.K + r - 1 - k]!;
    return { lags: new Tensor(lags, [rows, data.K]), later: new Tensor(y.slice(data.K), [rows]) };
  },
  parameters: { alpha: real(), beta: vector('K'), sigma: real({ lower: 0 }) },
  model: (p, data, target) => {
    target.sample(p.alpha, normal(0, 10));
    target.sample(p.beta, normal(0, 10));
    target.sample(p.sigma, halfCauchy(2.5));
    target.sample(data.later, normal(add(p.alpha, matvec(data.lags, p.beta)), p.sigma));
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
