import { defineModel, int, real, vector } from '../../src/models/api/index.js';
import { normal } from '../../src/models/distributions/index.js';

// Eight schools with complete pooling: one effect mu shared by every school. Beside
// eight_schools_loo.ts (partial pooling) it gives `leapfrog loo <dir> <dir>` two models of
// the same data to compare. Its posterior is normal (a normal prior, normal likelihoods
// with known scales), so optimize, laplace and pathfinder have an exact answer to meet.
export const model = defineModel({
  name: 'eight_schools_pooled',
  data: { J: int({ lower: 1 }), y: vector('J'), sigma: vector('J', { lower: 0 }) },
  parameters: { mu: real() },
  model: (p, data, target) => {
    target.sample(p.mu, normal(0, 5));
    target.sample(data.y, normal(p.mu, data.sigma));
  },
  generatedQuantities: (p, data, rng) => {
    const mu = p.mu;
    const y = data.y.data;
    const sigma = data.sigma.data;
    return {
      log_lik: Array.from(y, (value, j) => -0.5 * Math.log(2 * Math.PI) - Math.log(sigma[j]!) - 0.5 * ((value - mu) / sigma[j]!) ** 2),
      y_rep: Array.from(sigma, (scale) => mu + scale * rng.normal()),
    };
  },
});

export const dataFile = '../bench/data/eight_schools.json';
