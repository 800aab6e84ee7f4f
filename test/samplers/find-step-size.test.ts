import { describe, expect, it } from 'vitest';
import { densityModel } from '../../src/models/model.js';
import { makeRng } from '../../src/random/rng.js';
import { findStepSize } from '../../src/samplers/find-step-size.js';
import { hamiltonian, leapfrog, phasePointAt } from '../../src/samplers/integrator.js';
import { diagMetric, identityMetric, sampleMomentum } from '../../src/samplers/metric.js';
import { buildNutsKernel } from '../../src/samplers/nuts.js';
import { independentGaussianModel } from './support.js';

const dim = 10;
const model = independentGaussianModel(new Array(dim).fill(0), new Array(dim).fill(1));
const state = buildNutsKernel().init(model, Float64Array.from({ length: dim }, (_, i) => (i % 3) - 1));

/** Mean one-step acceptance probability min(1, exp(H0 - H)) over fresh momenta. */
function meanOneStepAcceptance(stepSize: number, metric = identityMetric(dim)): number {
  const rng = makeRng(99);
  let sum = 0;
  for (let i = 0; i < 2000; i++) {
    const point = phasePointAt(state);
    sampleMomentum(rng, metric, point.momentum);
    const before = hamiltonian(metric, point);
    leapfrog.step(model, metric, stepSize, point, new Float64Array(dim));
    sum += Math.min(1, Math.exp(before - hamiltonian(metric, point)));
  }
  return sum / 2000;
}

describe('findStepSize', () => {
  it('doubles from a small step size and halves from a large one to the 0.8 crossing', () => {
    const fromSmall = findStepSize(makeRng(1), model, state, { stepSize: 1e-3, metric: identityMetric(dim) });
    const fromLarge = findStepSize(makeRng(1), model, state, { stepSize: 64, metric: identityMetric(dim) });
    for (const { stepSize } of [fromSmall, fromLarge]) {
      // The crossing of 0.8 in one noisy probe: within a factor of a few of where the mean
      // one-step acceptance is 0.8.
      expect(meanOneStepAcceptance(stepSize / 4)).toBeGreaterThan(0.8);
      expect(meanOneStepAcceptance(stepSize * 4)).toBeLessThan(0.8);
    }
    // 1e-3 * 2^k and 64 / 2^k: powers of two apart from the start.
    expect(Math.log2(fromSmall.stepSize / 1e-3) % 1).toBeCloseTo(0, 10);
    expect(Math.log2(64 / fromLarge.stepSize) % 1).toBeCloseTo(0, 10);
    expect(fromSmall.gradientEvaluations).toBeGreaterThan(10);
  });

  it('scales with the metric: a metric 100 times too small needs a 10 times larger step', () => {
    const unit = findStepSize(makeRng(2), model, state, { stepSize: 1, metric: identityMetric(dim) });
    const narrow = findStepSize(makeRng(2), model, state, { stepSize: 10, metric: diagMetric(new Array(dim).fill(0.01)) });
    // p ~ N(0, M) and dq = eps M^{-1} p: leapfrog with M = 100 I and step 10 eps moves q
    // exactly as with M = I and step eps, so the same random stream gives the same probes.
    expect(narrow.stepSize).toBeCloseTo(10 * unit.stepSize, 10);
    expect(narrow.gradientEvaluations).toBe(unit.gradientEvaluations);
  });

  it('throws for an improper (flat) posterior and for a model that fails at every step', () => {
    const flat = densityModel({ dim: 1, logDensityAndGradient: () => ({ logDensity: 0, gradient: Float64Array.of(0) }) });
    const flatState = buildNutsKernel().init(flat, Float64Array.of(0));
    expect(() => findStepSize(makeRng(3), flat, flatState, { stepSize: 1, metric: identityMetric(1) })).toThrow(
      /findStepSize: the step size grew past 10000000 .* the posterior is probably improper/,
    );
    // A model that breaks after initialisation (every later evaluation is NaN): no step size,
    // however small, is acceptable. (A pure density always accepts a step too small to move.)
    const broken = densityModel({
      dim: 1,
      logDensityAndGradient: () => ({ logDensity: Number.NaN, gradient: Float64Array.of(Number.NaN) }),
    });
    const brokenState = { position: Float64Array.of(0.5), logDensity: 0, logDensityGrad: Float64Array.of(0) };
    expect(() => findStepSize(makeRng(3), broken, brokenState, { stepSize: 1, metric: identityMetric(1) })).toThrow(
      /findStepSize: no step size above 0 gives a one-step acceptance of 0.8/,
    );
  });

  it('is deterministic given the seed', () => {
    const run = () => findStepSize(makeRng(4), model, state, { stepSize: 0.01, metric: identityMetric(dim) });
    expect(run()).toEqual(run());
  });
});
