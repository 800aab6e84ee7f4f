import { describe, expect, it } from 'vitest';
import { checkTermination, defaultTolerances, relativeGradientMet } from '../../src/optimize/termination.js';

const base = { iteration: 5, maxIterations: 2000, previousValue: 100, value: 90, gradientNorm: 1, stepNorm: 1 };

describe("Stan's L-BFGS termination tests (bfgs.hpp), in Stan's order", () => {
  it('continues while every change is large', () => {
    expect(checkTermination(base, defaultTolerances)).toBeUndefined();
  });

  it.each([
    ['absolute-objective', { value: 100 - 1e-13 }],
    ['absolute-gradient', { gradientNorm: 1e-9 }],
    ['absolute-parameter', { stepNorm: 1e-9 }],
    ['max-iterations', { iteration: 2000 }],
    // 1e4 · eps · 100 ≈ 2.2e-10 is the relative-objective threshold at |f| = 100.
    ['relative-objective', { value: 100 - 1e-10 }],
  ] as const)('stops with %s', (reason, change) => {
    expect(checkTermination({ ...base, ...change }, defaultTolerances)).toBe(reason);
  });

  it('tests the absolute objective change before the others', () => {
    expect(checkTermination({ ...base, value: 100, gradientNorm: 0, iteration: 2000 }, defaultTolerances)).toBe('absolute-objective');
  });

  it('scales the relative gradient by max(|f|, 1) and tolRelGrad · eps', () => {
    const threshold = 1e7 * Number.EPSILON;
    expect(relativeGradientMet(0.5 * threshold * 100, 100, defaultTolerances)).toBe(true);
    expect(relativeGradientMet(2 * threshold * 100, 100, defaultTolerances)).toBe(false);
    expect(relativeGradientMet(0.5 * threshold, 1e-3, defaultTolerances)).toBe(true);
  });
});
