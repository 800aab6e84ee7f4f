import { add, matvec, outer, tanh } from '../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../src/models/api/index.js';
import { halfNormal, normal } from '../../src/models/distributions/index.js';

// A Bayesian neural network with one hidden layer of tanh units (bench/README.md,
// bnn_regression): f(x) = b2 + Σ_h W2[h] tanh(W1[h] x + b1[h]), computed for all N
// inputs at once as tanh(x W1ᵀ + b1) W2 + b2 (an N × hidden matrix, then a product).
export const model = defineModel({
  name: 'bnn_regression',
  data: { N: int({ lower: 0 }), hidden: int({ lower: 1 }), x: vector('N'), y: vector('N') },
  parameters: {
    W1: vector('hidden'),
    b1: vector('hidden'),
    W2: vector('hidden'),
    b2: real(),
    sigma: real({ lower: 0 }),
  },
  model: (p, data, target) => {
    target.sample(p.W1, normal(0, 1));
    target.sample(p.b1, normal(0, 1));
    target.sample(p.W2, normal(0, 1));
    target.sample(p.b2, normal(0, 1));
    target.sample(p.sigma, halfNormal(1));
    const activations = tanh(add(outer(data.x, p.W1), p.b1));
    target.sample(data.y, normal(add(matvec(activations, p.W2), p.b2), p.sigma));
  },
});

export const dataFile = 'data/bnn_regression.json';
