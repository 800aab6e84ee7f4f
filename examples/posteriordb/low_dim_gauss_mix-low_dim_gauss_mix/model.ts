import { add, at, div, log, log1p, logAddExp, mul, neg, square, sub, sum, type Value } from '../../../src/ad/index.js';
import { defineModel, int, ordered, real, vector } from '../../../src/models/api/index.js';
import { beta, halfNormal, normal } from '../../../src/models/distributions/index.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log N(y[n] | mu, sigma) for each n (a vector, not summed: the mixture needs each term). */
function normalLogDensities(y: Value, mu: Value, sigma: Value): Value {
  return sub(mul(-0.5, square(div(sub(y, mu), sigma))), add(log(sigma), LOG_SQRT_2PI));
}

// posteriordb low_dim_gauss_mix-low_dim_gauss_mix (see README.md): a two-component normal
// mixture, the components told apart by ordering their means.
export const model = defineModel({
  name: 'low_dim_gauss_mix-low_dim_gauss_mix',
  data: { N: int({ lower: 0 }), y: vector('N') },
  parameters: { mu: ordered(2), sigma: vector(2, { lower: 0 }), theta: real({ lower: 0, upper: 1 }) },
  model: (p, data, target) => {
    target.sample(p.sigma, halfNormal(2));
    target.sample(p.mu, normal(0, 2));
    target.sample(p.theta, beta(5, 5));
    const first = add(log(p.theta), normalLogDensities(data.y, at(p.mu, 0), at(p.sigma, 0)));
    const second = add(log1p(neg(p.theta)), normalLogDensities(data.y, at(p.mu, 1), at(p.sigma, 1)));
    target.add(sum(logAddExp(first, second)), 'y ~ mixture');
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
