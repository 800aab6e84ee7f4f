import { add, mul, sqrt, square, stack, sub, type Value } from '../../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../../src/models/api/index.js';
import { normal } from '../../../src/models/distributions/index.js';

// posteriordb garch-garch11 (see README.md): GARCH(1, 1) volatility with flat priors on
// the region alpha0 > 0, 0 < alpha1 < 1, 0 < beta1 < 1 − alpha1. beta1's upper bound is
// a function of alpha1, so its transform's log-Jacobian includes log(1 − alpha1): the
// term whose omission shifts this posterior.
export const model = defineModel({
  name: 'garch-garch11',
  data: { T: int({ lower: 1 }), y: vector('T'), sigma1: real({ lower: 0 }) },
  parameters: {
    mu: real(),
    alpha0: real({ lower: 0 }),
    alpha1: real({ lower: 0, upper: 1 }),
    beta1: real({ lower: 0, upper: (p) => sub(1, p.alpha1) }),
  },
  model: (p, data, target) => {
    const y = data.y.data;
    let sigma: Value = data.sigma1;
    const sigmas: Value[] = [sigma];
    for (let t = 1; t < data.T; t++) {
      sigma = sqrt(add(add(p.alpha0, mul(p.alpha1, square(sub(y[t - 1]!, p.mu)))), mul(p.beta1, square(sigma))));
      sigmas.push(sigma);
    }
    target.sample(data.y, normal(p.mu, stack(sigmas)));
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
