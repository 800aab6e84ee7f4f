import { add, at, log, logSumExp, stack, tensor, type Value } from '../../src/index.js';
import { defineModel, int, ordered, simplex, vector } from '../../src/models/api/index.js';
import { dirichlet, halfNormal, normal } from '../../src/models/distributions/index.js';

// A three-component normal mixture written as Stan users often write it: a loop over the
// observations with log_sum_exp of one term per component (the compiled-gradients issue's
// literal-loop benchmark; vectorised.ts is the same posterior in whole-vector operations).
export const model = defineModel({
  name: 'normal_mixture_literal_loop',
  data: { N: int({ lower: 1 }), K: int({ lower: 1 }), y: vector('N') },
  parameters: { theta: simplex(3), mu: ordered(3), sigma: vector(3, { lower: 0 }) },
  model: (p, d, target) => {
    target.sample(p.theta, dirichlet(tensor([2, 2, 2])));
    target.sample(p.mu, normal(0, 5));
    target.sample(p.sigma, halfNormal(2));
    const logWeights = [0, 1, 2].map((k) => log(at(p.theta, k)));
    for (let n = 0; n < (d.N as number); n++) {
      const y = at(d.y, n);
      const terms: Value[] = [0, 1, 2].map((k) => add(logWeights[k]!, normal(at(p.mu, k), at(p.sigma, k)).logProb(y)));
      target.add(logSumExp(stack(terms)));
    }
  },
});

export const dataFile = '../bench/data/normal_mixture.json';
