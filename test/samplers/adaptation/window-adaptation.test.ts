import { describe, expect, it } from 'vitest';
import { buildWarmupSchedule } from '../../../src/samplers/adaptation/schedule.js';
import {
  type WindowAdaptationState,
  windowAdaptationAdvance,
  windowAdaptationFinal,
  windowAdaptationInit,
  windowAdaptationRun,
  windowAdaptationUpdate,
} from '../../../src/samplers/adaptation/window-adaptation.js';
import { buildNutsKernel } from '../../../src/samplers/nuts.js';
import { makeRng } from '../../../src/random/rng.js';
import { gaussianModel } from '../../fixtures/models/gaussian-model.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { windowDenseMetric, windowDiagMetric } from './adaptation.checks.js';

describe('window adaptation', () => {
  // The statistical properties are functions of the seed in adaptation.checks.ts (swept by `npm run sweep`).
  it('recovers the variances of a 10-d Gaussian with scales 0.01..1 (diag metric)', () => expectCheckPasses(windowDiagMetric));
  it('recovers a correlated covariance (dense metric)', () => expectCheckPasses(windowDenseMetric));

  it('re-initialises the step size at each window end and counts the heuristic cost', () => {
    const model = gaussianModel({ scales: [0.1, 10] });
    const kernel = buildNutsKernel();
    const options = { schedule: buildWarmupSchedule(200).stages, metricKind: 'diag' } as const;
    const rng = makeRng(8);
    let state = kernel.init(model, Float64Array.of(0.1, 1));
    let adaptation = windowAdaptationInit(rng, model, state, { ...options, initialStepSize: 1 });
    const costAtStart = adaptation.heuristicGradientEvaluations;
    expect(costAtStart).toBeGreaterThan(0);
    for (let iteration = 0; iteration < 200; iteration++) {
      const [next, info] = kernel.step(rng, model, state, adaptation.parameters);
      state = next;
      adaptation = windowAdaptationUpdate(adaptation, rng, model, state, info.acceptStat, options);
      if (options.schedule[iteration]!.endsWindow) expect(adaptation.dualAveraging.iteration).toBe(0);
    }
    expect(adaptation.metricUpdates).toBe(2);
    expect(adaptation.heuristicGradientEvaluations).toBeGreaterThan(costAtStart);
    // After two windows the step size is of the order of the (whitened) scale 1, not 0.1.
    expect(windowAdaptationFinal(adaptation).stepSize).toBeGreaterThan(0.3);
    expect(() => windowAdaptationUpdate(adaptation, rng, model, state, 0.8, options)).toThrow(/iteration 201 is past the 200/);
  });

  it('leaves the state it updates unchanged, and advancing in place gives the same states as updating', () => {
    // The chain driver advances one WindowAdaptationRun in place (its parameters and dual
    // averaging included); windowAdaptationUpdate must still copy what it changes.
    const model = gaussianModel({ scales: [0.5, 2] });
    const kernel = buildNutsKernel();
    const options = { schedule: buildWarmupSchedule(120).stages, metricKind: 'diag' } as const;
    const init = (): { rng: ReturnType<typeof makeRng>; adaptation: WindowAdaptationState } => {
      const rng = makeRng(3);
      return { rng, adaptation: windowAdaptationInit(rng, model, kernel.init(model, Float64Array.of(0.2, -0.4)), { ...options, initialStepSize: 1 }) };
    };
    const updated = init();
    const advanced = init();
    const run = windowAdaptationRun(advanced.adaptation);
    let state = kernel.init(model, Float64Array.of(0.2, -0.4));
    let runState = state;
    for (let iteration = 0; iteration < 120; iteration++) {
      const [next, info] = kernel.step(updated.rng, model, state, updated.adaptation.parameters);
      const [runNext, runInfo] = kernel.step(advanced.rng, model, runState, run.parameters);
      state = next;
      runState = runNext;
      const before = updated.adaptation;
      const snapshot = JSON.stringify({ parameters: before.parameters.stepSize, dual: before.dualAveraging, iteration: before.iteration });
      updated.adaptation = windowAdaptationUpdate(before, updated.rng, model, state, info.acceptStat, options);
      expect(JSON.stringify({ parameters: before.parameters.stepSize, dual: before.dualAveraging, iteration: before.iteration })).toBe(snapshot);
      windowAdaptationAdvance(run, advanced.rng, model, runState, runInfo.acceptStat, options);
      expect(run.parameters.stepSize).toBe(updated.adaptation.parameters.stepSize);
      expect({ ...run.dualAveraging }).toEqual({ ...updated.adaptation.dualAveraging });
    }
    expect(Array.from(runState.position)).toEqual(Array.from(state.position));
  });
});
