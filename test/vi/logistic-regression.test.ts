import { describe, expect, it } from 'vitest';
import { advi } from '../../src/vi/advi.js';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { logisticRegressionModel, logisticRegressionReference } from './support.js';
import { adviLogisticConverges, adviLogisticRegression } from './vi.checks.js';

/**
 * ADVI on logistic_regression (MODELS.md) against NUTS. A NUTS run of the model takes a
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

  // Functions of the seed in vi.checks.ts, run here at one seed and by `npm run sweep` over many.
  it("converges by Stan's relative ELBO test within a few hundred iterations with the defaults", async () => {
    const result = advi(model, { seed: 1, maxIterations: 200, draws: 10 });
    expect(result.gradientEvaluations).toBeGreaterThan(result.iterations);
    await expectCheckPasses(adviLogisticConverges);
  });

  it('has mean-field means within 0.1 posterior sd of NUTS when run long and averaged', () => expectCheckPasses(adviLogisticRegression));
});
