import { readFileSync } from 'node:fs';
import { model as logisticRegression } from '../../examples/bench/logistic_regression.js';
import { defineModel, int, real, vector } from '../../src/models/api/index.js';
import { exponential, normal } from '../../src/models/distributions/index.js';
import { type CompiledModel, densityModel } from '../../src/models/model.js';
import type { Rng } from '../../src/random/rng.js';

/** Shared by the VI and optimisation tests: Gaussian targets, the example logistic regression, a replaying RNG. */

/**
 * Independent N(means_i, scales_i²) plus `offset` in the log density. Densities are known up
 * to a constant, and Stan's relative ELBO test needs |ELBO| away from 0 (a normalised
 * density has ELBO → 0 at the optimum, where relative changes blow up); −20 is a typical
 * magnitude for a small model.
 */
export function diagonalGaussian(means: readonly number[], scales: readonly number[], offset = -20): CompiledModel {
  return densityModel({
    dim: means.length,
    logDensityAndGradient: (x) => {
      const gradient = new Float64Array(x.length);
      let logDensity = offset;
      for (let i = 0; i < x.length; i++) {
        const z = (x[i]! - means[i]!) / scales[i]!;
        logDensity -= 0.5 * z * z;
        gradient[i] = -z / scales[i]!;
      }
      return { logDensity, gradient };
    },
  });
}

export function readExampleData(file: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../examples/bench/${file}`, import.meta.url), 'utf8'));
}

/** examples/bench/logistic_regression.ts bound to its data. */
export function logisticRegressionModel(options: { readonly jacobian?: boolean } = {}) {
  return logisticRegression.compile(readExampleData('data/logistic_regression.json'), options);
}

export interface NutsReference {
  readonly names: readonly string[];
  readonly mean: readonly number[];
  readonly sd: readonly number[];
  readonly mcseMean: readonly number[];
}

/** Written by scripts/generate-vi-reference.ts (NUTS, 4 × 1000 draws). */
export function logisticRegressionReference(): NutsReference {
  return JSON.parse(readFileSync(new URL('../fixtures/vi/logistic-regression-nuts.json', import.meta.url), 'utf8')) as NutsReference;
}

/** An Rng whose normal() replays `values` in a cycle, so two computations can share draws. */
export function replayRng(values: readonly number[]): Rng {
  let index = 0;
  const next = (): number => values[index++ % values.length]!;
  return { normal: next, uniform: () => 0.5, uint32: () => 0x80000000 };
}

/**
 * y[n] ~ normal(0, sigma), sigma ~ exponential(1), sigma > 0, with a posterior predictive
 * draw: a model with a constrained parameter and a random generated quantity.
 */
export const scaleModelDefinition = defineModel({
  name: 'scale',
  data: { N: int({ lower: 0 }), y: vector('N') },
  parameters: { sigma: real({ lower: 0 }) },
  model: (p, data, target) => {
    target.sample(p.sigma, exponential(1));
    target.sample(data.y, normal(0, p.sigma));
  },
  generatedQuantities: (p, _data, rng) => ({ yNew: p.sigma * rng.normal() }),
});

export const scaleData = { N: 5, y: [1.2, -0.4, 2.1, -1.7, 0.3] };
