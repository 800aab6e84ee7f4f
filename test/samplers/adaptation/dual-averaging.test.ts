import { describe, expect, it } from 'vitest';
import {
  dualAveragingFinal,
  dualAveragingInit,
  dualAveragingUpdate,
} from '../../../src/samplers/adaptation/dual-averaging.js';
import { windowAdaptationInit, windowAdaptationUpdate } from '../../../src/samplers/adaptation/window-adaptation.js';
import { buildNutsKernel } from '../../../src/samplers/nuts.js';
import { makeRng } from '../../../src/random/rng.js';
import { sample } from '../../../src/samplers/run/sample.js';
import { columnDraws } from '../../../src/samplers/run/fit.js';
import { gaussianModel } from '../../fixtures/models/gaussian-model.js';

const mean = (values: Float64Array): number => values.reduce((sum, value) => sum + value, 0) / values.length;

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
    // Acceptance exp(-eps) equals 0.8 at eps* = -log(0.8).
    let state = dualAveragingInit(1);
    for (let iteration = 0; iteration < 3000; iteration++) state = dualAveragingUpdate(state, Math.exp(-state.stepSize));
    expect(dualAveragingFinal(state) / -Math.log(0.8)).toBeCloseTo(1, 1);
  });

  it('caps the statistic at 1 and counts NaN as a rejection', () => {
    const capped = dualAveragingUpdate(dualAveragingInit(1), 3);
    const one = dualAveragingUpdate(dualAveragingInit(1), 1);
    expect(capped).toEqual(one);
    const nan = dualAveragingUpdate(dualAveragingInit(1), NaN);
    expect(nan).toEqual(dualAveragingUpdate(dualAveragingInit(1), 0));
  });

  it('holds the acceptance of NUTS at the target while adapting', () => {
    // Dual averaging drives the average of delta - alpha_t to zero: over the second half of a
    // long fast-only warm-up, the mean acceptance statistic is delta up to Monte Carlo error.
    const model = gaussianModel({ scales: [1, 2, 0.5, 1, 3] });
    const kernel = buildNutsKernel();
    const schedule = Array.from({ length: 2000 }, () => ({ stage: 'fast', endsWindow: false }) as const);
    const options = { schedule, metricKind: 'diag' } as const;
    for (const adaptDelta of [0.65, 0.8, 0.95]) {
      const rng = makeRng(21);
      let state = kernel.init(model, new Float64Array(5).fill(0.5));
      let adaptation = windowAdaptationInit(rng, model, state, { ...options, initialStepSize: 1 });
      const acceptances: number[] = [];
      for (let iteration = 0; iteration < schedule.length; iteration++) {
        const [next, info] = kernel.step(rng, model, state, adaptation.parameters);
        state = next;
        const dualAveraging = { targetAcceptance: adaptDelta, gamma: 0.05, kappa: 0.75, t0: 10 };
        adaptation = windowAdaptationUpdate(adaptation, rng, model, state, info.acceptStat, { ...options, dualAveraging });
        if (iteration >= 1000) acceptances.push(info.acceptStat);
      }
      // The statistic has sd about 0.2 and little autocorrelation here: MCSE about 0.007.
      expect(Math.abs(mean(Float64Array.from(acceptances)) - adaptDelta), `adaptDelta ${adaptDelta}`).toBeLessThan(0.03);
    }
  });

  it('brings NUTS near the target acceptance on a Gaussian after warm-up', () => {
    // With the averaged step size exp(xBar) the acceptance lands above delta (as in Stan:
    // acceptance is concave in log step size, so by Jensen alpha(xBar) >= mean alpha(x_t));
    // what matters is a band above delta and the ordering of step sizes.
    const model = gaussianModel({ scales: [1, 2, 0.5, 1, 3] });
    const results = [0.6, 0.8, 0.95].map((adaptDelta) => {
      const fit = sample(model, { adaptDelta, chains: 1, warmup: 500, draws: 1000, seed: 11 });
      const chain = fit.chains[0]!.adaptation;
      return {
        adaptDelta,
        acceptance: mean(columnDraws(fit, 'accept_stat__')[0]!),
        stepSize: chain.kind === 'hamiltonian' ? chain.stepSize : NaN,
      };
    });
    for (const { adaptDelta, acceptance } of results) {
      expect(acceptance, `adaptDelta ${adaptDelta}`).toBeGreaterThan(adaptDelta - 0.05);
      expect(acceptance, `adaptDelta ${adaptDelta}`).toBeLessThan(Math.min(1, adaptDelta + 0.2));
    }
    expect(results[0]!.stepSize).toBeGreaterThan(results[1]!.stepSize);
    expect(results[1]!.stepSize).toBeGreaterThan(results[2]!.stepSize);
  });
});
