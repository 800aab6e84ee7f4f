import { densityModel } from '../../src/models/model.js';
import { sample } from '../../src/samplers/run/sample.js';
import type { Fit } from '../../src/samplers/run/fit.js';

/** A small fit of a standard normal in two dimensions, named like a model's outputs (`x[1]`). */
export function smallFit(options: { chains?: number; draws?: number; metric?: 'diag' | 'dense'; method?: 'nuts' | 'hmc' | 'metropolis' } = {}): Fit {
  const model = densityModel({
    dim: 2,
    names: ['x[1]', 'x[2]'],
    logDensityAndGradient: (theta) => ({
      logDensity: -0.5 * (theta[0]! ** 2 + theta[1]! ** 2),
      gradient: Float64Array.from(theta, (value) => -value),
    }),
  });
  return sample(model, { chains: options.chains ?? 2, warmup: 60, draws: options.draws ?? 40, seed: 7, metric: options.metric, method: options.method });
}

export const runInfo = { model: 'normal_2d', dataFile: 'data.json', startTime: new Date(0), outputFile: 'chain_1.csv' };
