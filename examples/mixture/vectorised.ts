import { add, at, div, log, logAddExp, mul, square, sub, sum, tensor, type Value } from '../../src/index.js';
import { defineModel, int, ordered, simplex, vector } from '../../src/models/api/index.js';
import { dirichlet, halfNormal, normal } from '../../src/models/distributions/index.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log N(y[n] | mu, sigma) for every n: a vector, not summed (the mixture needs each term). */
function normalTerms(y: Value, mu: Value, sigma: Value): Value {
  return sub(mul(-0.5, square(div(sub(y, mu), sigma))), add(log(sigma), LOG_SQRT_2PI));
}

// literal-loop.ts's posterior with whole-vector operations: one term vector per component,
// combined elementwise with log_add_exp, then summed.
export const model = defineModel({
  name: 'normal_mixture_vectorised',
  data: { N: int({ lower: 1 }), K: int({ lower: 1 }), y: vector('N') },
  parameters: { theta: simplex(3), mu: ordered(3), sigma: vector(3, { lower: 0 }) },
  model: (p, d, target) => {
    target.sample(p.theta, dirichlet(tensor([2, 2, 2])));
    target.sample(p.mu, normal(0, 5));
    target.sample(p.sigma, halfNormal(2));
    const terms = [0, 1, 2].map((k) => add(log(at(p.theta, k)), normalTerms(d.y, at(p.mu, k), at(p.sigma, k))));
    target.add(sum(logAddExp(logAddExp(terms[0]!, terms[1]!), terms[2]!)));
  },
});

export const dataFile = '../bench/data/normal_mixture.json';
