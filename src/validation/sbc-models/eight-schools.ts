import { add, mul } from '../../ad/index.js';
import { Tensor } from '../../ad/tensor.js';
import { defineModel, int, real, vector } from '../../models/api/index.js';
import { halfCauchy, normal } from '../../models/distributions/index.js';
import { drawNumber, drawValues, named, type SbcModel } from '../sbc-model.js';

// Eight schools, non-centred (Rubin 1981; posteriordb eight_schools_noncentered): the
// school effects theta = mu + tau * theta_trans, with the heavy-tailed half-Cauchy prior on
// tau, so prior draws range from a near-funnel (tau ≈ 0) to huge tau.

/** The measurement sds of the original data (Gelman et al., BDA3, Table 5.2). */
const SIGMA = [15, 10, 16, 11, 9, 11, 10, 18];

const definition = defineModel({
  name: 'sbc_eight_schools',
  data: { J: int({ lower: 0 }), y: vector('J'), sigma: vector('J', { lower: 0 }) },
  parameters: { mu: real(), tau: real({ lower: 0 }), theta_trans: vector('J') },
  transformedParameters: (p) => ({ theta: add(p.mu, mul(p.tau, p.theta_trans)) }),
  model: (p, data, target) => {
    target.sample(p.mu, normal(0, 5));
    target.sample(p.tau, halfCauchy(5));
    target.sample(p.theta_trans, normal(0, 1));
    target.sample(data.y, normal(p.theta, data.sigma));
  },
});

export const eightSchools: SbcModel = {
  name: 'eight-schools',
  description: 'eight schools, non-centred: mu ~ normal(0, 5), tau ~ half-Cauchy(5), theta_trans ~ normal(0, 1), y ~ normal(mu + tau theta_trans, sigma)',
  definition,
  simulate: (rng) => {
    const J = SIGMA.length;
    const mu = drawNumber(normal(0, 5), rng);
    const tau = drawNumber(halfCauchy(5), rng);
    const thetaTrans = drawValues(normal(0, 1), rng, J);
    const theta = new Tensor(thetaTrans.map((z) => mu + tau * z), [J]);
    const y = drawValues(normal(theta, new Tensor(Float64Array.from(SIGMA), [J])), rng);
    return { parameters: { mu, tau, ...named('theta_trans', thetaTrans) }, data: { J, y: Array.from(y), sigma: SIGMA } };
  },
};
