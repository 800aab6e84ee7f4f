import { add, mul } from '../../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../../src/models/api/index.js';
import { normal } from '../../../src/models/distributions/index.js';

// posteriordb kilpisjarvi_mod-kilpisjarvi (see README.md): a linear trend in summer
// temperature with the year uncentred (x ≈ 4000), so alpha and beta are correlated at
// −0.99999.
export const model = defineModel({
  name: 'kilpisjarvi_mod-kilpisjarvi',
  data: {
    N: int({ lower: 0 }),
    x: vector('N'),
    y: vector('N'),
    pmualpha: real(),
    psalpha: real({ lower: 0 }),
    pmubeta: real(),
    psbeta: real({ lower: 0 }),
  },
  parameters: { alpha: real(), beta: real(), sigma: real({ lower: 0 }) },
  model: (p, data, target) => {
    target.sample(p.alpha, normal(data.pmualpha, data.psalpha));
    target.sample(p.beta, normal(data.pmubeta, data.psbeta));
    // sigma: flat prior (no term).
    target.sample(data.y, normal(add(p.alpha, mul(p.beta, data.x)), p.sigma));
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
