import { describe, expect, it } from 'vitest';
import { advi } from '../../src/vi/advi.js';
import { logisticRegressionModel, logisticRegressionReference } from './support.js';

/**
 * ADVI on logistic_regression (bench/README.md) against NUTS. A NUTS run of the model takes a
 * minute or more, too long for the suite, so the reference is the committed fixture
 * test/fixtures/vi/logistic-regression-nuts.json, written by scripts/generate-vi-reference.ts
 * (4 × 1000 NUTS draws; MCSE of the means ≈ 0.02 posterior sd).
 */
describe('advi on logistic_regression', () => {
  const model = logisticRegressionModel();
  const reference = logisticRegressionReference();

  it('reads the reference for every parameter of the model', () => {
    expect(reference.names).toEqual(model.outputNames);
  });

  it("converges by Stan's relative ELBO test within a few hundred iterations with the defaults", () => {
    const result = advi(model, { seed: 1, draws: 100 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThanOrEqual(1000);
    expect(result.gradientEvaluations).toBeGreaterThan(result.iterations);
  });

  it('has mean-field means within 0.1 posterior sd of NUTS when run long and averaged', () => {
    const result = advi(model, {
      seed: 1,
      gradSamples: 2,
      elboSamples: 20,
      evalElbo: 250,
      maxIterations: 2000,
      averageIterations: 1500,
      tolRelObj: 1e-12,
      draws: 100,
    });
    const deviations = reference.names.map((name, i) => ({ name, deviation: (result.approximation.mean[i]! - reference.mean[i]!) / reference.sd[i]! }));
    const worst = deviations.reduce((a, b) => (Math.abs(b.deviation) > Math.abs(a.deviation) ? b : a));
    expect(Math.abs(worst.deviation), `${worst.name}: ${worst.deviation.toFixed(3)} sd from NUTS`).toBeLessThan(0.1);
  });
});
