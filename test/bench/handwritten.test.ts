import { describe, expect, it } from 'vitest';
import { handwrittenAgreement } from '../../bench/models/agreement.js';
import { loadBenchModels } from '../../bench/models/index.js';

// The hand-written gradients of bench/handwritten are the floor the AD gradients are timed
// against; a timing means nothing unless both compute the same log density and gradient.

describe('bench: hand-written gradients equal the AD gradients', () => {
  for (const model of loadBenchModels()) {
    it(`${model.id} at random points (relative 1e-10)`, () => {
      for (const spread of [0.5, 2]) {
        const agreement = handwrittenAgreement(model, { points: 5, seed: 7, spread });
        expect(agreement.maxRelativeDifference, `${model.id}, spread ${spread}: ${agreement.where}`).toBeLessThanOrEqual(1e-10);
      }
    });
  }

  it('the check notices a wrong hand-written gradient', () => {
    const model = loadBenchModels()[0]!;
    const broken = {
      ...model,
      handwritten: (position: Float64Array, gradient: Float64Array): number => {
        const value = model.handwritten(position, gradient);
        gradient[3] = gradient[3]! * (1 + 1e-8);
        return value;
      },
    };
    const agreement = handwrittenAgreement(broken, { points: 2 });
    expect(agreement.maxRelativeDifference).toBeGreaterThan(1e-10);
    expect(agreement.where).toMatch(/^gradient\[3\]/);
  });
});
