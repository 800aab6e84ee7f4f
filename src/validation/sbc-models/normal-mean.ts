import { defineModel, int, real, vector } from '../../models/api/index.js';
import { normal } from '../../models/distributions/index.js';
import { drawNumber, drawValues, type SbcModel } from '../sbc-model.js';

// The smallest conjugate model: mu ~ normal(0, 1), y[1..N] ~ normal(mu, 1), so the posterior
// is normal(Σy / (N + 1), 1 / sqrt(N + 1)). Cheap enough for the test suite's SBC check.

const N = 5;

const definition = defineModel({
  name: 'sbc_normal_mean',
  data: { N: int({ lower: 0 }), y: vector('N') },
  parameters: { mu: real() },
  model: (p, data, target) => {
    target.sample(p.mu, normal(0, 1));
    target.sample(data.y, normal(p.mu, 1));
  },
});

export const normalMean: SbcModel = {
  name: 'normal-mean',
  description: `conjugate normal mean: mu ~ normal(0, 1), y[1..${N}] ~ normal(mu, 1)`,
  definition,
  simulate: (rng) => {
    const mu = drawNumber(normal(0, 1), rng);
    const y = drawValues(normal(mu, 1), rng, N);
    return { parameters: { mu }, data: { N, y: Array.from(y) } };
  },
};
