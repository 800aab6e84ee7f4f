import { densityModel, type CompiledModel } from '../../src/models/model.js';

/**
 * A standard normal on R^dim whose gradient is one pass (−θ), written into the caller's
 * array: a model whose gradient is nearly free, for timing the sampler around it (the
 * `nuts-step` section) or warming the sampler up (`bench/sample-cpu.ts --warm`).
 */
export function standardNormal(dim: number): CompiledModel {
  const base = densityModel({
    dim,
    logDensityAndGradient: (theta) => {
      const gradient = new Float64Array(dim);
      let value = 0;
      for (let i = 0; i < dim; i++) {
        value -= 0.5 * theta[i]! * theta[i]!;
        gradient[i] = -theta[i]!;
      }
      return { logDensity: value, gradient };
    },
  });
  return {
    ...base,
    logDensityAndGradientInto: (theta, gradient) => {
      let value = 0;
      for (let i = 0; i < dim; i++) {
        const t = theta[i]!;
        value -= 0.5 * t * t;
        gradient[i] = -t;
      }
      return value;
    },
  };
}
