import { add, cholesky, div, exp, matvec, mul, square, Tensor } from '../../../src/ad/index.js';
import { defineModel, int, intArray, real, vector } from '../../../src/models/api/index.js';
import { gamma, halfNormal, normal, poissonLog } from '../../../src/models/distributions/index.js';

// posteriordb gp_pois_regr-gp_pois_regr (see README.md): Poisson counts with a latent
// Gaussian process, whitened: f = L f_tilde with L the Cholesky factor of the squared-
// exponential covariance, differentiated through the Cholesky (Murray 2016).
export const model = defineModel({
  name: 'gp_pois_regr-gp_pois_regr',
  data: { N: int({ lower: 1 }), x: vector('N'), k: intArray('N', { lower: 0 }) },
  transformedData: (data) => {
    const n = data.N;
    const x = data.x.data;
    const squaredDistances = new Float64Array(n * n);
    const jitter = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) squaredDistances[i * n + j] = (x[i]! - x[j]!) ** 2;
      jitter[i * n + i] = 1e-10; // absolute, not scaled by alpha²
    }
    return { squaredDistances: new Tensor(squaredDistances, [n, n]), jitter: new Tensor(jitter, [n, n]) };
  },
  parameters: { rho: real({ lower: 0 }), alpha: real({ lower: 0 }), f_tilde: vector('N') },
  transformedParameters: (p, data) => {
    // C[i, j] = alpha² exp(−(x[i] − x[j])² / (2 rho²)) + 1e-10 δ[i, j]
    const covariance = add(mul(square(p.alpha), exp(div(data.squaredDistances, mul(-2, square(p.rho))))), data.jitter);
    return { f: matvec(cholesky(covariance), p.f_tilde) };
  },
  model: (p, data, target) => {
    target.sample(p.rho, gamma(25, 4));
    target.sample(p.alpha, halfNormal(2));
    target.sample(p.f_tilde, normal(0, 1));
    target.sample(data.k, poissonLog(p.f));
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
