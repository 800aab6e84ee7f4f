import { Tensor } from '../../ad/tensor.js';
import { defineModel, int, intArray, simplex, vector } from '../../models/api/index.js';
import { dirichlet, multinomial } from '../../models/distributions/index.js';
import { drawValues, named, type SbcModel } from '../sbc-model.js';

// Category probabilities on a simplex: theta ~ Dirichlet(alpha), counts ~ multinomial(theta).
// Conjugate (the posterior is Dirichlet(alpha + y)); sampled on the stick-breaking
// unconstrained space, so it checks the simplex transform and its Jacobian.

const ALPHA = [1, 2, 3, 4];
const TOTAL = 20;

const definition = defineModel({
  name: 'sbc_dirichlet_multinomial',
  data: { K: int({ lower: 1 }), alpha: vector('K', { lower: 0 }), y: intArray('K', { lower: 0 }) },
  parameters: { theta: simplex('K') },
  model: (p, data, target) => {
    target.sample(p.theta, dirichlet(data.alpha));
    target.sample(data.y, multinomial(p.theta));
  },
});

export const dirichletMultinomial: SbcModel = {
  name: 'dirichlet-multinomial',
  description: `simplex: theta ~ Dirichlet(${ALPHA.join(', ')}), y ~ multinomial(theta) with ${TOTAL} counts`,
  definition,
  simulate: (rng) => {
    const K = ALPHA.length;
    const theta = drawValues(dirichlet(new Tensor(Float64Array.from(ALPHA), [K])), rng);
    const y = drawValues(multinomial(new Tensor(theta, [K]), TOTAL), rng);
    return { parameters: named('theta', theta), data: { K, alpha: ALPHA, y: Array.from(y) } };
  },
};
