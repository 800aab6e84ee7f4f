import { describe, expect, it } from 'vitest';
import {
  dualAveragingFinal,
  dualAveragingInit,
  dualAveragingUpdate,
} from '../../../src/samplers/adaptation/dual-averaging.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { dualAveragingAfterWarmup, dualAveragingHoldsTarget } from './adaptation.checks.js';

describe('dual averaging', () => {
  it('starts at the given step size with mu = log(10 eps)', () => {
    const state = dualAveragingInit(0.5);
    expect(state.stepSize).toBe(0.5);
    expect(state.shrinkageTarget).toBeCloseTo(Math.log(5), 14);
    expect(dualAveragingFinal(state)).toBe(0.5);
    expect(() => dualAveragingInit(0)).toThrow(/stepSize is 0/);
  });

  it('follows Hoffman & Gelman (2014) eq. (6) on its first update', () => {
    // t = 1: sBar = (0.8 - 0.3) / 11, x = log(10) - sBar / 0.05, xBar = x (weight 1^-0.75 = 1).
    const next = dualAveragingUpdate(dualAveragingInit(1), 0.3);
    const errorAverage = 0.5 / 11;
    const logStepSize = Math.log(10) - errorAverage / 0.05;
    expect(next.errorAverage).toBeCloseTo(errorAverage, 14);
    expect(next.stepSize).toBeCloseTo(Math.exp(logStepSize), 12);
    expect(dualAveragingFinal(next)).toBeCloseTo(Math.exp(logStepSize), 12);
  });

  it('converges to the step size whose acceptance is the target', () => {
    // Acceptance exp(-eps) equals 0.8 at eps* = -log(0.8). The averaged iterate approaches it
    // slowly (the 1/t weights of the early, far iterates fade): 3.4% off after 300 updates,
    // 1.0% after 3000.
    const relativeError = (updates: number): number => {
      let state = dualAveragingInit(1);
      for (let iteration = 0; iteration < updates; iteration++) state = dualAveragingUpdate(state, Math.exp(-state.stepSize));
      return Math.abs(dualAveragingFinal(state) / -Math.log(0.8) - 1);
    };
    expect(relativeError(3000)).toBeLessThan(0.012);
    expect(relativeError(3000)).toBeLessThan(relativeError(300) / 3);
  });

  it('caps the statistic at 1 and counts NaN as a rejection', () => {
    const capped = dualAveragingUpdate(dualAveragingInit(1), 3);
    const one = dualAveragingUpdate(dualAveragingInit(1), 1);
    expect(capped).toEqual(one);
    const nan = dualAveragingUpdate(dualAveragingInit(1), NaN);
    expect(nan).toEqual(dualAveragingUpdate(dualAveragingInit(1), 0));
  });

  // The statistical properties are functions of the seed in adaptation.checks.ts (swept by `npm run sweep`).
  it('holds the acceptance of NUTS at the target while adapting', () => expectCheckPasses(dualAveragingHoldsTarget));
  it('brings NUTS near the target acceptance on a Gaussian after warm-up, with step sizes decreasing in delta', () => expectCheckPasses(dualAveragingAfterWarmup));
});
