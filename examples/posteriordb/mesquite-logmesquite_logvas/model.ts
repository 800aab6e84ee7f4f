import { div, fill, log, matvec, mul, stack, transpose } from '../../../src/ad/index.js';
import { defineModel, int, real, vector } from '../../../src/models/api/index.js';
import { normal } from '../../../src/models/distributions/index.js';

// posteriordb mesquite-logmesquite_logvas (see README.md): log leaf weight of mesquite
// bushes on logs of canopy volume, area and shape, total height and density, and group.
export const model = defineModel({
  name: 'mesquite-logmesquite_logvas',
  data: {
    N: int({ lower: 0 }),
    weight: vector('N', { lower: 0 }),
    diam1: vector('N', { lower: 0 }),
    diam2: vector('N', { lower: 0 }),
    canopy_height: vector('N', { lower: 0 }),
    total_height: vector('N', { lower: 0 }),
    density: vector('N', { lower: 0 }),
    group: vector('N', { lower: 0, upper: 1 }),
  },
  transformedData: (data) => {
    const area = mul(data.diam1, data.diam2);
    const columns = [
      fill([data.N], 1),
      log(mul(area, data.canopy_height)), // log canopy volume
      log(area),
      log(div(data.diam1, data.diam2)), // log canopy shape
      log(data.total_height),
      log(data.density),
      data.group,
    ];
    return { logWeight: log(data.weight), X: transpose(stack(columns)) };
  },
  parameters: { beta: vector(7), sigma: real({ lower: 0 }) },
  model: (p, data, target) => {
    // beta and sigma: flat priors (no terms).
    target.sample(data.logWeight, normal(matvec(data.X, p.beta), p.sigma));
  },
});

export const dataFile = 'data.json';
export const referenceFile = 'reference.json';
