import { describe, expect, it } from 'vitest';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { logisticRegressionModel, logisticRegressionReference } from './support.js';
import { adviLogisticConverges, adviLogisticRegression } from './vi.checks.js';

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

  // Functions of the seed in vi.checks.ts, run here at one seed and by `npm run sweep` over many.
  it("with Stan's behaviour (averageIterations 0) stops by the relative ELBO test within a few hundred iterations", () => expectCheckPasses(adviLogisticConverges));

  it('has mean-field means within 0.1 posterior sd of NUTS with the defaults (iterate averaging)', () => expectCheckPasses(adviLogisticRegression));
});
