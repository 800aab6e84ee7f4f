import { add, matvec } from '../../ad/index.js';
import { Tensor } from '../../ad/tensor.js';
import { defineModel, int, intArray, matrix, real, vector } from '../../models/api/index.js';
import { normal, poissonLog } from '../../models/distributions/index.js';
import { drawNumber, drawValues, named, type SbcModel } from '../sbc-model.js';
import { fixedDesign, linearPredictor } from './design.js';

// Poisson regression with a log link: counts whose likelihood is far from Gaussian when the
// rates are small.

const N = 30;
const K = 2;
const X = fixedDesign(N, K, { correlation: 0.5, offset: 0, seed: 2019 });

const definition = defineModel({
  name: 'sbc_poisson_glm',
  data: { N: int({ lower: 0 }), K: int({ lower: 0 }), X: matrix('N', 'K'), y: intArray('N', { lower: 0 }) },
  parameters: { alpha: real(), beta: vector('K') },
  model: (p, data, target) => {
    target.sample(p.alpha, normal(1, 0.5));
    target.sample(p.beta, normal(0, 0.5));
    target.sample(data.y, poissonLog(add(p.alpha, matvec(data.X, p.beta))));
  },
});

export const poissonGlm: SbcModel = {
  name: 'poisson-glm',
  description: `Poisson GLM (log link), N = ${N}, ${K} covariates: alpha ~ normal(1, 0.5), beta ~ normal(0, 0.5)`,
  definition,
  simulate: (rng) => {
    const alpha = drawNumber(normal(1, 0.5), rng);
    const beta = drawValues(normal(0, 0.5), rng, K);
    const y = drawValues(poissonLog(new Tensor(linearPredictor(X, alpha, beta), [N])), rng);
    return { parameters: { alpha, ...named('beta', beta) }, data: { N, K, X, y: Array.from(y) } };
  },
};
