import { densityModel } from '../../../src/models/model.js';

/**
 * A correlated Gaussian with known moments: means m_i = i − 2, sds s_i = 0.5 + 0.3 i and AR(1)
 * correlation rho^|i−j| (a tridiagonal precision), log density up to a constant −10.
 */
export function correlatedGaussian(dim: number, rho: number) {
  const sd = Array.from({ length: dim }, (_, i) => 0.5 + 0.3 * i);
  const mean = Array.from({ length: dim }, (_, i) => i - 2);
  const precision = new Float64Array(dim * dim);
  const c = 1 / (1 - rho * rho);
  for (let i = 0; i < dim; i++) {
    precision[i * dim + i] = (c * (i === 0 || i === dim - 1 ? 1 : 1 + rho * rho)) / (sd[i]! * sd[i]!);
    if (i > 0) precision[i * dim + i - 1] = precision[(i - 1) * dim + i] = (-c * rho) / (sd[i]! * sd[i - 1]!);
  }
  const model = densityModel({
    dim,
    logDensityAndGradient: (x) => {
      const gradient = new Float64Array(dim);
      let quadratic = 0;
      for (let i = 0; i < dim; i++) {
        let row = 0;
        for (let j = 0; j < dim; j++) row += precision[i * dim + j]! * (x[j]! - mean[j]!);
        gradient[i] = -row;
        quadratic += (x[i]! - mean[i]!) * row;
      }
      return { logDensity: -0.5 * quadratic - 10, gradient };
    },
  });
  return { model, mean, sd, correlation: (i: number, j: number) => rho ** Math.abs(i - j) };
}
