import { describe, expect, it } from 'vitest';
import { model as correlated2d } from '../../examples/bench/correlated_2d.js';
import type { CompiledModel } from '../../src/models/model.js';
import { makeRng } from '../../src/random/rng.js';
import { adaptEta, ETA_SEQUENCE } from '../../src/vi/adapt-eta.js';
import { familyFor } from '../../src/vi/families.js';
import { reparameterizedGradient } from '../../src/vi/gradient-estimate.js';
import type { VariationalProblem } from '../../src/vi/problem.js';
import { stanStep } from '../../src/vi/step-size.js';
import { diagonalGaussian } from './support.js';

function problemFor(model: CompiledModel): VariationalProblem {
  return { model, family: familyFor('meanfield', model.dim), estimator: reparameterizedGradient, gradSamples: 1, elboSamples: 100, step: stanStep, place: 'test' };
}

describe("adaptEta (Stan's advi::adapt_eta)", () => {
  const cases: [string, CompiledModel][] = [
    ['a wide Gaussian', diagonalGaussian([30, -20], [10, 20])],
    ['a narrow Gaussian', diagonalGaussian([0.1, 0], [0.01, 0.02])],
    ['correlated_2d', correlated2d.compile({ rho: 0.99 })],
  ];

  it.each(cases)('keeps the eta before the first ELBO drop that follows an improvement (%s)', (_, model) => {
    const problem = problemFor(model);
    for (const seed of [1, 2]) {
      const result = adaptEta(problem, problem.family.initial(new Float64Array(model.dim)), makeRng(seed), 50);
      const { trials } = result;
      expect(trials.map((trial) => trial.eta)).toEqual(ETA_SEQUENCE.slice(0, trials.length));
      const last = trials.length - 1;
      if (last > 0 && trials[last]!.elbo < trials[last - 1]!.elbo && trials[last - 1]!.elbo > result.initialElbo) {
        expect(result.eta).toBe(trials[last - 1]!.eta);
      } else {
        // The whole sequence was tried: its last eta, which beat the initial ELBO.
        expect(trials).toHaveLength(ETA_SEQUENCE.length);
        expect(result.eta).toBe(0.01);
        expect(trials[last]!.elbo).toBeGreaterThan(result.initialElbo);
      }
      expect(result.gradientEvaluations).toBe(50 * trials.length);
      expect(result.logDensityEvaluations).toBe(100 * (trials.length + 1));
    }
  });
});
