import { add, log, mul, reshape, stack, sub, Tensor, type Value } from '../../../src/ad/index.js';
import { defineModel, int, matrix, positiveOrdered, simplex, vector } from '../../../src/models/api/index.js';
import { dirichlet, hmmMarginal, normal } from '../../../src/models/distributions/index.js';

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
    return {
      alpha1: row(0),
      alpha2: row(1),
      priorMeans: new Tensor(Float64Array.of(0, 3), [2]),
      uniform: new Tensor(Float64Array.of(0.5, 0.5), [2]),
    };
  },
  parameters: { theta1: simplex('K'), theta2: simplex('K'), phi: positiveOrdered('K'), lambda: positiveOrdered('K') },
  model: (p, data, target) => {
    target.sample(p.theta1, dirichlet(data.alpha1));
    target.sample(p.theta2, dirichlet(data.alpha2));
    target.sample(p.phi, normal(data.priorMeans, 1));
    target.sample(p.lambda, normal(data.priorMeans, 1));
    const column = (x: Value): Value => reshape(x, [data.K, 1]);
    const row = (x: Tensor): Value => reshape(x, [1, data.N]);
    // log_omega[k, n] = log(phi[k] e^(−phi[k] u[n])) + log(lambda[k] e^(−lambda[k] v[n])): [K, N].
    const logOmega = sub(column(add(log(p.phi), log(p.lambda))), add(mul(column(p.phi), row(data.u)), mul(column(p.lambda), row(data.v))));
    // posteriordb's forward algorithm starts from the emissions alone (no initial-state
    // weights), which is hmm_marginal with uniform rho plus log K.
    target.add(add(hmmMarginal(logOmega, stack([p.theta1, p.theta2]), data.uniform), Math.log(data.K)), 'u, v ~ hmm');
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
