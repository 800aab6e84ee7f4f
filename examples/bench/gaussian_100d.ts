import { defineModel, int, vector } from '../../src/models/api/index.js';
import { normal } from '../../src/models/distributions/index.js';

// Independent normals with scales 0.01..1 (bench/README.md, gaussian_100d): a condition number
// of 10^4 that only mass-matrix adaptation removes.
export const model = defineModel({
  name: 'gaussian_100d',
  data: { D: int({ lower: 1 }), scale: vector('D', { lower: 0 }) },
  parameters: { x: vector('D') },
  model: (p, data, target) => {
    target.sample(p.x, normal(0, data.scale));
  },
});

export const dataFile = 'data/gaussian_100d.json';
