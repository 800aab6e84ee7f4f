import { add, mul, stack, sub, type Value } from '../../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../../src/models/api/index.js';
import { halfCauchy, normal } from '../../../src/models/distributions/index.js';

// posteriordb arma-arma11 (see README.md): ARMA(1, 1) through its one-step prediction
// errors. The recursion is sequential (each error feeds the next prediction), so it is a
// loop over scalars; AD differentiates through it as written.
export const model = defineModel({
  name: 'arma-arma11',
  data: { T: int({ lower: 1 }), y: vector('T') },
  parameters: { mu: real(), phi: real(), theta: real(), sigma: real({ lower: 0 }) },
  model: (p, data, target) => {
    target.sample(p.mu, normal(0, 10));
    target.sample(p.phi, normal(0, 2));
    target.sample(p.theta, normal(0, 2));
    target.sample(p.sigma, halfCauchy(2.5));
    const y = data.y.data;
    // Before y[1] the series is taken to be at mu with a zero error.
    let error = sub(y[0]!, add(p.mu, mul(p.phi, p.mu)));
    const errors: Value[] = [error];
    for (let t = 1; t < data.T; t++) {
      const prediction = add(add(p.mu, mul(p.phi, y[t - 1]!)), mul(p.theta, error));
      error = sub(y[t]!, prediction);
      errors.push(error);
    }
    target.sample(stack(errors), normal(0, p.sigma), 'err ~ normal');
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
