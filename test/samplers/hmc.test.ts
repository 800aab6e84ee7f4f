import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/random/rng.js';
import { buildHmcKernel } from '../../src/samplers/hmc.js';
import { mclachlan } from '../../src/samplers/integrator.js';
import { buildMetropolisKernel } from '../../src/samplers/metropolis.js';
import { denseMetric, diagMetric, identityMetric } from '../../src/samplers/metric.js';
import { average, coordinate, gaussianModel, independentGaussianModel, momentErrors, runChain } from './support.js';
import { funnelModel, logGammaMean, logGammaModel, logGammaVariance, nanRegionModel } from './targets.js';

const means = [1, -2, 0, 5, 10];
const sds = [0.1, 0.5, 1, 3, 10];
const scaledModel = independentGaussianModel(means, sds);
// A metric near (not equal to) the posterior variances, as warm-up would estimate it.
const scaledMetric = diagMetric(sds.map((sd, i) => sd * sd * [1.3, 0.8, 1.1, 0.9, 1.2][i]!));

describe('buildHmcKernel', () => {
  it('validates its options', () => {
    expect(() => buildHmcKernel({ numSteps: 0 })).toThrow(/numSteps is 0, but must be a positive integer/);
    expect(() => buildHmcKernel({ integrationTime: -1 })).toThrow(/integrationTime is -1, but must be a positive finite/);
    expect(() => buildHmcKernel({ integrationTime: 1, jitter: 1.5 })).toThrow(/jitter is 1.5, but must be a fraction/);
    const kernel = buildHmcKernel({ numSteps: 3 });
    const state = kernel.init(scaledModel, Float64Array.from(means));
    expect(() => kernel.step(makeRng(1), scaledModel, state, { stepSize: 0, metric: scaledMetric })).toThrow(
      /hmc.step: stepSize is 0, but must be a positive finite number/,
    );
    expect(() => kernel.step(makeRng(1), scaledModel, state, { stepSize: 0.1, metric: identityMetric(2) })).toThrow(
      /hmc.step: the metric has dim 2, but the model has dim 5/,
    );
    const metropolisState = buildMetropolisKernel().init(scaledModel, Float64Array.from(means));
    expect(() => kernel.step(makeRng(1), scaledModel, metropolisState, { stepSize: 0.1, metric: scaledMetric })).toThrow(
      /logDensityGrad has length 0.*a Metropolis state carries no gradient/,
    );
    expect(() => kernel.init(nanRegionModel, Float64Array.of(2, 0))).toThrow(/hmc.init: log density at the initial position is NaN/);
  });
});

describe('HMC moments', () => {
  it.each([
    ['fixed steps', buildHmcKernel({ numSteps: 4 }), 0.6],
    ['jittered integration time', buildHmcKernel({ integrationTime: 2.5, jitter: true }), 0.6],
    ['McLachlan integrator', buildHmcKernel({ numSteps: 2, integrator: mclachlan }), 1.0],
  ])('%s: 5-d Gaussian with scales 0.1..10, means and variances within 4 MCSE', (_, kernel, stepSize) => {
    const run = runChain(kernel, scaledModel, { stepSize, metric: scaledMetric }, makeRng(1), means, 3000);
    for (const error of momentErrors(run.positions, means, sds.map((sd) => sd * sd))) {
      expect(error.z, `${error.label}: ${error.text}`).toBeLessThan(4);
    }
    expect(run.infos.every((info) => !info.isDivergent && info.treeDepth === 0)).toBe(true);
  });

  it('skewed 1-d target (log of a Gamma(2, 1)) at a large step size', () => {
    const run = runChain(buildHmcKernel({ numSteps: 3 }), logGammaModel, { stepSize: 1, metric: identityMetric(1) }, makeRng(10), [0], 20000);
    for (const error of momentErrors(run.positions, [logGammaMean], [logGammaVariance])) {
      expect(error.z, `${error.label}: ${error.text}`).toBeLessThan(4);
    }
    expect(average(run.infos.map((info) => info.acceptStat))).toBeLessThan(0.9);
  });

  it('correlated 2-d Gaussian (rho 0.9) with a dense metric', () => {
    const covariance = [1, 0.9 * 2, 0.9 * 2, 4];
    const model = gaussianModel([0.5, -1], covariance);
    const run = runChain(buildHmcKernel({ numSteps: 3 }), model, { stepSize: 0.7, metric: denseMetric(covariance) }, makeRng(2), [0, 0], 3000);
    for (const error of momentErrors(run.positions, [0.5, -1], [1, 4])) {
      expect(error.z, `${error.label}: ${error.text}`).toBeLessThan(4);
    }
    const products = run.positions.map((x) => (x[0]! - 0.5) * (x[1]! + 1));
    expect(Math.abs(average(products) - 1.8)).toBeLessThan(0.15);
  });
});

describe('HMC transition info', () => {
  it('counts steps from the integration time and reports the energy of the kept state', () => {
    const kernel = buildHmcKernel({ integrationTime: 1, jitter: false });
    const model = independentGaussianModel([0], [1]);
    const [, info] = kernel.step(makeRng(3), model, kernel.init(model, Float64Array.of(0.5)), {
      stepSize: 0.3,
      metric: identityMetric(1),
    });
    expect(info.numSteps).toBe(4);
    expect(info.acceptStat).toBeGreaterThan(0.9);
    expect(info.energy).toBeGreaterThan(0.5 * 0.5 ** 2 - 1e-12);
    const two = buildHmcKernel({ numSteps: 5, integrator: mclachlan });
    expect(two.step(makeRng(3), model, two.init(model, Float64Array.of(0)), { stepSize: 0.1, metric: identityMetric(1) })[1].numSteps).toBe(10);
  });

  it('caps the steps of a fixed integration time at maxNumSteps', () => {
    const kernel = buildHmcKernel({ integrationTime: 1, maxNumSteps: 8 });
    const model = independentGaussianModel([0], [1]);
    const [, info] = kernel.step(makeRng(3), model, kernel.init(model, Float64Array.of(0)), { stepSize: 1e-3, metric: identityMetric(1) });
    expect(info.numSteps).toBe(8);
  });
});

describe('HMC failures', () => {
  it('rejects a NaN log density as non-finite, not divergent, and never enters the NaN region', () => {
    const run = runChain(buildHmcKernel({ numSteps: 5 }), nanRegionModel, { stepSize: 0.4, metric: identityMetric(2) }, makeRng(4), [0, 0], 500);
    const nonFinite = run.infos.filter((info) => info.isNonFinite);
    expect(nonFinite.length).toBeGreaterThan(10);
    expect(nonFinite.every((info) => info.acceptStat === 0)).toBe(true);
    // A Gaussian with step size 0.4 never diverges: every rejection here is the NaN region's.
    expect(run.infos.some((info) => info.isDivergent)).toBe(false);
    expect(run.positions.every((x) => x[0]! <= 1)).toBe(true);
    expect(run.infos.every((info) => Number.isFinite(info.energy))).toBe(true);
  });

  it('reports divergences in a funnel with too large a step size', () => {
    const model = funnelModel(5);
    const run = runChain(buildHmcKernel({ numSteps: 10 }), model, { stepSize: 0.8, metric: identityMetric(5) }, makeRng(5), [0, 1, 1, 1, 1], 500);
    expect(run.infos.filter((info) => info.isDivergent).length).toBeGreaterThan(5);
    expect(run.infos.some((info) => info.isNonFinite)).toBe(false);
    expect(coordinate(run.positions, 0).every(Number.isFinite)).toBe(true);
  });
});

describe('HMC determinism', () => {
  it('gives bit-identical draws from the same seed', () => {
    const draw = () => runChain(buildHmcKernel({ integrationTime: 2, jitter: 0.2 }), scaledModel, { stepSize: 0.5, metric: scaledMetric }, makeRng(9, 2), means, 200);
    const first = draw();
    const second = draw();
    expect(second.positions).toEqual(first.positions);
    expect(second.infos).toEqual(first.infos);
    expect(runChain(buildHmcKernel({ numSteps: 3 }), scaledModel, { stepSize: 0.5, metric: scaledMetric }, makeRng(9, 3), means, 5).positions).not.toEqual(first.positions.slice(0, 5));
  });
});
