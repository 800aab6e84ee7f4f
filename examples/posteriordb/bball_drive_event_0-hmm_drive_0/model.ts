import { add, log, logSumExp, mul, reshape, stack, sub, Tensor, type Value } from '../../../src/ad/index';
import { defineModel, int, matrix, positiveOrdered, simplex, vector } from '../../../src/models/api/index';
import { dirichlet, normal } from '../../../src/models/distributions/index';

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

// posteriordb bball_drive_event_0-hmm_drive_0 (see README.md): a two-state HMM ("no
// drive" / "drive") whose states emit two exponential measurements, 1/speed (u) with
// rate phi[k] and distance to the hoop (v) with rate lambda[k].
export const model = defineModel({
  name: 'bball_drive_event_0-hmm_drive_0',
  data: {
    K: int({ lower: 1 }),
    N: int({ lower: 1 }),
    u: vector('N', { lower: 0 }),
    v: vector('N', { lower: 0 }),
    alpha: matrix('K', 'K', { lower: 0 }),
  },
  transformedData: (data) => {
    if (data.K !== 2) throw new Error(`hmm_drive_0: K is ${data.K}, but this model's priors are written for K = 2`);
    const row = (k: number): Tensor => new Tensor(data.alpha.data.slice(k * 2, k * 2 + 2), [2]);
    return { alpha1: row(0), alpha2: row(1), priorMeans: new Tensor(Float64Array.of(0, 3), [2]) };
  },
  parameters: { theta1: simplex('K'), theta2: simplex('K'), phi: positiveOrdered('K'), lambda: positiveOrdered('K') },
  model: (p, data, target) => {
    target.sample(p.theta1, dirichlet(data.alpha1));
    target.sample(p.theta2, dirichlet(data.alpha2));
    target.sample(p.phi, normal(data.priorMeans, 1));
    target.sample(p.lambda, normal(data.priorMeans, 1));
    const logA = log(stack([p.theta1, p.theta2]));
    const logRates = add(log(p.phi), log(p.lambda));
    const u = data.u.data;
    const v = data.v.data;
    // e[t, k] = log(phi[k] e^(−phi[k] u[t])) + log(lambda[k] e^(−lambda[k] v[t]))
    const emissions = (t: number): Value => sub(logRates, add(mul(p.phi, u[t]!), mul(p.lambda, v[t]!)));
    target.add(forwardAlgorithm(logA, emissions, data.N), 'u, v ~ hmm');
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
