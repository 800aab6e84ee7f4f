import { describe, expect, it } from 'vitest';
import { densityModel } from '../../src/models/model.js';
import { makeRng } from '../../src/random/rng.js';
import { cholesky } from '../../src/samplers/linalg.js';
import { buildMetropolisKernel } from '../../src/samplers/metropolis.js';
import {
  metropolisAdaptationFinal,
  metropolisAdaptationInit,
  metropolisAdaptationUpdate,
} from '../../src/samplers/metropolis-adaptation.js';
import { average, gaussianModel, momentErrors, runChain } from './support.js';

// sd 0.1 and 5, correlation 0.9: badly scaled and correlated.
const covariance = [0.01, 0.9 * 0.1 * 5, 0.9 * 0.1 * 5, 25];
const mean = [1, -3];
const model = gaussianModel(mean, covariance);
const kernel = buildMetropolisKernel();

describe('buildMetropolisKernel', () => {
  it('validates the start and the parameters', () => {
    const state = kernel.init(model, Float64Array.from(mean));
    expect(() => kernel.init(model, Float64Array.of(1))).toThrow(/metropolis.init: initial position has length 1, but the model has dim 2/);
    expect(() => kernel.step(makeRng(1), model, state, { proposalScale: -1 })).toThrow(
      /metropolis.step: proposalScale is -1, but must be a positive finite number/,
    );
    expect(() => kernel.step(makeRng(1), model, state, { proposalScale: 1, proposalCholesky: new Float64Array(3) })).toThrow(
      /proposalCholesky has 3 entries, but must have dim \* dim = 4/,
    );
    const outside = densityModel({ dim: 1, logDensityAndGradient: () => ({ logDensity: -Infinity, gradient: Float64Array.of(0) }) });
    expect(() => kernel.init(outside, Float64Array.of(0))).toThrow(/log density at the initial position is -Infinity/);
  });

  it('evaluates the log density once per step and never the gradient', () => {
    const noGradient = densityModel({
      dim: 1,
      logDensity: (theta) => (theta[0]! > 2 ? Number.NaN : -0.5 * theta[0]! ** 2),
      logDensityAndGradient: () => {
        throw new Error('the gradient must not be evaluated');
      },
    });
    const run = runChain(kernel, noGradient, { proposalScale: 2.4 }, makeRng(2), [0], 500);
    for (const info of run.infos) {
      expect(info).toMatchObject({ numSteps: 0, treeDepth: 0, numLogDensityEvals: 1, isDivergent: false });
      expect(info.acceptStat).toBeGreaterThanOrEqual(0);
      expect(info.acceptStat).toBeLessThanOrEqual(1);
    }
    // The NaN region (x > 2) is rejected like the outside of the support.
    expect(run.positions.every((x) => x[0]! <= 2)).toBe(true);
    expect(run.infos.some((info) => info.acceptStat === 0)).toBe(true);
  });

  it('rejects and counts proposals whose log density is +Infinity or NaN, never accepting them', () => {
    // Before: +Infinity was accepted (ratio +Infinity), and the next ratio, Infinity - Infinity,
    // was NaN: warm-up aborted with 'acceptStat is NaN'.
    const overflow = densityModel({
      dim: 1,
      logDensity: (theta) => (theta[0]! > 1 ? Infinity : theta[0]! < -1 ? NaN : -0.5 * theta[0]! ** 2),
      logDensityAndGradient: () => {
        throw new Error('the gradient must not be evaluated');
      },
    });
    const run = runChain(kernel, overflow, { proposalScale: 2 }, makeRng(5), [0], 400);
    expect(run.positions.every((x) => Math.abs(x[0]!) <= 1)).toBe(true);
    const nonFinite = run.infos.filter((info) => info.isNonFinite);
    expect(nonFinite.length).toBeGreaterThan(50);
    expect(nonFinite.every((info) => info.acceptStat === 0 && !info.isDivergent && Number.isFinite(info.energy))).toBe(true);
    // Every transition's statistic is a probability: warm-up can use it.
    let adaptation = metropolisAdaptationInit(1);
    let state = kernel.init(overflow, Float64Array.of(0));
    const rng = makeRng(6);
    for (let iteration = 0; iteration < 300; iteration++) {
      const [next, info] = kernel.step(rng, overflow, state, adaptation.parameters);
      expect(info.acceptStat >= 0 && info.acceptStat <= 1).toBe(true);
      adaptation = metropolisAdaptationUpdate(adaptation, next.position, info.acceptStat);
      state = next;
    }
  });

  it('samples a correlated 2-d Gaussian: means and variances within 4 MCSE', () => {
    const parameters = { proposalScale: 2.38 / Math.SQRT2, proposalCholesky: cholesky(Float64Array.from(covariance)) };
    const run = runChain(kernel, model, parameters, makeRng(3), mean, 20000);
    for (const error of momentErrors(run.positions, mean, [0.01, 25])) {
      expect(error.z, `${error.label}: ${error.text}`).toBeLessThan(4);
    }
    // Energy is minus the log density of the kept state.
    expect(run.infos[0]!.energy).toBeCloseTo(-model.logDensity(run.positions[0]!), 12);
  });

  it('gives bit-identical draws from the same seed', () => {
    const draw = () => runChain(kernel, model, { proposalScale: 0.1 }, makeRng(4, 1), mean, 300);
    expect(draw().positions).toEqual(draw().positions);
  });
});

describe('Metropolis adaptation', () => {
  it('reaches an acceptance rate of 0.234 ± 0.05 and samples correctly with the result', () => {
    const rng = makeRng(5);
    let state = kernel.init(model, Float64Array.of(0, 0));
    let adaptation = metropolisAdaptationInit(2);
    for (let i = 0; i < 3000; i++) {
      const [next, info] = kernel.step(rng, model, state, adaptation.parameters);
      state = next;
      adaptation = metropolisAdaptationUpdate(adaptation, state.position, info.acceptStat);
    }
    const parameters = metropolisAdaptationFinal(adaptation);
    expect(parameters.proposalCholesky).toBeDefined();
    const run = runChain(kernel, model, parameters, rng, Array.from(state.position), 10000);
    expect(Math.abs(average(run.infos.map((info) => info.acceptStat)) - 0.234)).toBeLessThan(0.05);
    for (const error of momentErrors(run.positions, mean, [0.01, 25])) {
      expect(error.z, `${error.label}: ${error.text}`).toBeLessThan(4);
    }
  });
});
