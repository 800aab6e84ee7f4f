import { add, log, logSumExp, mul, reshape, square, stack, sub, Tensor, type Value } from '../../../src/ad/index';
import { defineModel, int, positiveOrdered, simplex, vector } from '../../../src/models/api/index';
import { normal } from '../../../src/models/distributions/index';

/**
 * The forward algorithm on the log scale (Rabiner 1989, eq. 19–21, with log-sum-exp): the
 * log-likelihood of an HMM with log transition matrix logA[j, k] = log P(k | j), given
 * the log emission densities of each step, with no initial-state weights.
 */
function forwardAlgorithm(logA: Value, emissions: (t: number) => Value, steps: number): Value {
  let g = emissions(0);
  for (let t = 1; t < steps; t++) {
    // g'[k] = log Σ_j exp(g[j] + logA[j, k]) + e[t, k]
    g = add(logSumExp(add(reshape(g, [-1, 1]), logA), 0), emissions(t));
  }
  return logSumExp(g);
}

// posteriordb hmm_example-hmm_example (see README.md): a two-state HMM with unit-sd normal
// emissions; the hidden states are summed out by the forward algorithm.
export const model = defineModel({
  name: 'hmm_example-hmm_example',
  data: { N: int({ lower: 1 }), K: int({ lower: 1 }), y: vector('N') },
  transformedData: (data) => {
    if (data.K !== 2) throw new Error(`hmm_example: K is ${data.K}, but this model's priors are written for K = 2`);
    return { priorMeans: new Tensor(Float64Array.of(3, 10), [2]) };
  },
  parameters: { theta1: simplex('K'), theta2: simplex('K'), mu: positiveOrdered('K') },
  model: (p, data, target) => {
    // theta1, theta2: uniform on the simplex (no term).
    target.sample(p.mu, normal(data.priorMeans, 1));
    const logA = log(stack([p.theta1, p.theta2]));
    const y = data.y.data;
    // log N(y[t] | mu[k], 1) up to the constant −½ log 2π, which adds N times the same number.
    const emissions = (t: number): Value => mul(-0.5, square(sub(y[t]!, p.mu)));
    target.add(forwardAlgorithm(logA, emissions, data.N), 'y ~ hmm');
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
