import { div, mul, square, sum, tensor, type Value } from '../../src/index.js';
import { gaussian100dHandwritten } from '../handwritten/gaussian-100d.js';
import type { BenchModel } from './bench-model.js';
import type { Gaussian100dData } from './data.js';

/** gaussian_100d (bench/README.md): x_d ~ normal(0, scale_d), one vectorised expression. */
export function gaussian100dModel(data: Gaussian100dData): BenchModel {
  const scale = tensor(data.scale, [data.D]);
  const logDensity = (position: Value): Value => mul(-0.5, sum(square(div(position, scale))));
  return { id: 'gaussian_100d', dimension: data.D, logDensity, handwritten: gaussian100dHandwritten(data) };
}
