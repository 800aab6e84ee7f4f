import type { Gaussian100dData } from '../models/data.js';

/** gaussian_100d: log p = −½ Σ_d (x_d/s_d)², ∂/∂x_d = −x_d/s_d² (precisions computed once). */
export function gaussian100dHandwritten(data: Gaussian100dData): (position: Float64Array, gradient: Float64Array) => number {
  const { D, scale } = data;
  const precision = scale.map((s) => 1 / (s * s));
  return (position, gradient) => {
    let lp = 0;
    for (let d = 0; d < D; d++) {
      const x = position[d]!;
      const px = precision[d]! * x;
      lp += px * x;
      gradient[d] = -px;
    }
    return -0.5 * lp;
  };
}
