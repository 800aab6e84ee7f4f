import { add, mul, reshape, square, stack, sub, Tensor } from '../../../src/ad/index.js';
import { defineModel, int, positiveOrdered, simplex, vector } from '../../../src/models/api/index.js';
import { hmmMarginal, normal } from '../../../src/models/distributions/index.js';

// posteriordb hmm_example-hmm_example (see README.md): a two-state HMM with unit-sd normal
// emissions; the hidden states are summed out by hmm_marginal (the forward algorithm in one
// op, with the backward algorithm for its gradient).
export const model = defineModel({
  name: 'hmm_example-hmm_example',
  data: { N: int({ lower: 1 }), K: int({ lower: 1 }), y: vector('N') },
  transformedData: (data) => {
    if (data.K !== 2) throw new Error(`hmm_example: K is ${data.K}, but this model's priors are written for K = 2`);
    return { priorMeans: new Tensor(Float64Array.of(3, 10), [2]), uniform: new Tensor(Float64Array.of(0.5, 0.5), [2]) };
  },
  parameters: { theta1: simplex('K'), theta2: simplex('K'), mu: positiveOrdered('K') },
  model: (p, data, target) => {
    // theta1, theta2: uniform on the simplex (no term).
    target.sample(p.mu, normal(data.priorMeans, 1));
    // log N(y[n] | mu[k], 1) up to the constant −½ log 2π, which adds N times the same number: [K, N].
    const logOmega = mul(-0.5, square(sub(reshape(data.y, [1, data.N]), reshape(p.mu, [data.K, 1]))));
    // posteriordb's forward algorithm starts from the emissions alone (no initial-state
    // weights), which is hmm_marginal with uniform rho plus log K.
    target.add(add(hmmMarginal(logOmega, stack([p.theta1, p.theta2]), data.uniform), Math.log(data.K)), 'y ~ hmm');
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
