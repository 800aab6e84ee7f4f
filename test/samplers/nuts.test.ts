import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/random/rng.js';
import { buildNutsKernel } from '../../src/samplers/nuts.js';
import { denseMetric, diagMetric, identityMetric } from '../../src/samplers/metric.js';
import { average, gaussianModel, independentGaussianModel, momentErrors, runChain } from './support.js';
import { funnelModel, logGammaMean, logGammaModel, logGammaVariance, nanRegionModel } from './targets.js';

const means = [1, -2, 0, 5, 10];
const sds = [0.1, 0.5, 1, 3, 10];
const scaledModel = independentGaussianModel(means, sds);
const scaledMetric = diagMetric(sds.map((sd, i) => sd * sd * [1.3, 0.8, 1.1, 0.9, 1.2][i]!));

describe('buildNutsKernel', () => {
  it('validates its options', () => {
    expect(() => buildNutsKernel({ maxTreeDepth: 0 })).toThrow(/maxTreeDepth is 0, but must be a positive integer/);
    expect(() => buildNutsKernel({ maxEnergyError: -1 })).toThrow(/maxEnergyError is -1, but must be positive/);
    const kernel = buildNutsKernel();
    const state = kernel.init(scaledModel, Float64Array.from(means));
    expect(() => kernel.step(makeRng(1), scaledModel, state, { stepSize: Number.NaN, metric: scaledMetric })).toThrow(
      /nuts.step: stepSize is NaN, but must be a positive finite number/,
    );
  });
});

describe('NUTS moments', () => {
  it('5-d Gaussian with scales 0.1..10: means and variances within 4 MCSE', () => {
    const run = runChain(buildNutsKernel(), scaledModel, { stepSize: 0.8, metric: scaledMetric }, makeRng(1), means, 3000);
    for (const error of momentErrors(run.positions, means, sds.map((sd) => sd * sd))) {
      expect(error.z, `${error.label}: ${error.text}`).toBeLessThan(4);
    }
    const acceptStat = average(run.infos.map((info) => info.acceptStat));
    expect(acceptStat).toBeGreaterThan(0.6);
    expect(acceptStat).toBeLessThanOrEqual(1);
  });

  it('correlated 2-d Gaussian (rho 0.9) with a dense metric', () => {
    const covariance = [1, 0.9 * 2, 0.9 * 2, 4];
    const model = gaussianModel([0.5, -1], covariance);
    const run = runChain(buildNutsKernel(), model, { stepSize: 0.9, metric: denseMetric(covariance) }, makeRng(2), [0, 0], 3000);
    for (const error of momentErrors(run.positions, [0.5, -1], [1, 4])) {
      expect(error.z, `${error.label}: ${error.text}`).toBeLessThan(4);
    }
    const products = run.positions.map((x) => (x[0]! - 0.5) * (x[1]! + 1));
    expect(Math.abs(average(products) - 1.8)).toBeLessThan(0.15);
  });

  it('correlated 2-d Gaussian with the identity metric and a small step size', () => {
    const covariance = [1, 0.9, 0.9, 1];
    const model = gaussianModel([0, 0], covariance);
    const run = runChain(buildNutsKernel(), model, { stepSize: 0.15, metric: identityMetric(2) }, makeRng(3), [0, 0], 2000);
    for (const error of momentErrors(run.positions, [0, 0], [1, 1])) {
      expect(error.z, `${error.label}: ${error.text}`).toBeLessThan(4);
    }
  });

  it('skewed 1-d target (log of a Gamma(2, 1)) at a large step size', () => {
    const run = runChain(buildNutsKernel(), logGammaModel, { stepSize: 1, metric: identityMetric(1) }, makeRng(10), [0], 20000);
    for (const error of momentErrors(run.positions, [logGammaMean], [logGammaVariance])) {
      expect(error.z, `${error.label}: ${error.text}`).toBeLessThan(4);
    }
  });

  it('a dense metric holding a diagonal matrix gives the same chain as the diagonal metric', () => {
    const variances = sds.map((sd) => sd * sd);
    const dense = new Array<number>(25).fill(0);
    variances.forEach((v, i) => (dense[i * 5 + i] = v));
    const viaDiag = runChain(buildNutsKernel(), scaledModel, { stepSize: 0.8, metric: diagMetric(variances) }, makeRng(4), means, 50);
    const viaDense = runChain(buildNutsKernel(), scaledModel, { stepSize: 0.8, metric: denseMetric(dense) }, makeRng(4), means, 50);
    viaDiag.positions.forEach((position, t) =>
      position.forEach((value, i) => expect(Math.abs(viaDense.positions[t]![i]! - value)).toBeLessThan(1e-9 * sds[i]!)),
    );
    expect(viaDense.infos.map((info) => info.numSteps)).toEqual(viaDiag.infos.map((info) => info.numSteps));
  });
});

describe('NUTS trajectory', () => {
  it('never exceeds maxTreeDepth (at most 2^depth - 1 steps)', () => {
    const model = independentGaussianModel([0, 0], [1, 1]);
    const run = runChain(buildNutsKernel({ maxTreeDepth: 3 }), model, { stepSize: 0.02, metric: identityMetric(2) }, makeRng(5), [0, 0], 100);
    expect(run.infos.every((info) => info.treeDepth === 3 && info.numSteps === 7)).toBe(true);
  });

  it('stops at U-turns between subtrees (Stan\'s extra checks) on an iid normal', () => {
    // Without the checks across subtree boundaries this step size makes NUTS miss the
    // U-turn and double to the depth limit (about 80 steps per transition instead of 2.5).
    const model = independentGaussianModel([0, 0, 0, 0, 0], [1, 1, 1, 1, 1]);
    const run = runChain(buildNutsKernel({ maxTreeDepth: 8 }), model, { stepSize: 1.5, metric: identityMetric(5) }, makeRng(5), [0, 0, 0, 0, 0], 200);
    expect(average(run.infos.map((info) => info.numSteps))).toBeLessThan(4);
    expect(Math.max(...run.infos.map((info) => info.treeDepth))).toBeLessThanOrEqual(3);
  });

  it('reports the energy of the sampled point and a tree depth matching the steps', () => {
    const run = runChain(buildNutsKernel(), scaledModel, { stepSize: 0.8, metric: scaledMetric }, makeRng(6), means, 200);
    for (const info of run.infos) {
      // A tree of depth d that stopped on a U-turn of the merged trajectory has 2^d - 1
      // steps; one stopped by an invalid new subtree has 2^d - 1 plus part of 2^d more.
      expect(info.numSteps).toBeGreaterThanOrEqual(2 ** info.treeDepth - 1);
      expect(info.numSteps).toBeLessThan(2 ** (info.treeDepth + 1));
      expect(Number.isFinite(info.energy)).toBe(true);
    }
  });
});

describe('NUTS failures', () => {
  it('counts a NaN log density as non-finite, apart from divergences, instead of throwing', () => {
    const run = runChain(buildNutsKernel(), nanRegionModel, { stepSize: 0.5, metric: identityMetric(2) }, makeRng(7), [0, 0], 500);
    expect(run.infos.filter((info) => info.isNonFinite).length).toBeGreaterThan(10);
    // A Gaussian with step size 0.5 never diverges: the NaN region stops every flagged tree.
    expect(run.infos.some((info) => info.isDivergent)).toBe(false);
    expect(run.positions.every((x) => x[0]! <= 1)).toBe(true);
    expect(run.infos.every((info) => Number.isFinite(info.energy) && info.acceptStat >= 0 && info.acceptStat <= 1)).toBe(true);
  });

  it('reports divergences in a funnel with too large a step size', () => {
    const model = funnelModel(5);
    const run = runChain(buildNutsKernel(), model, { stepSize: 0.8, metric: identityMetric(5) }, makeRng(8), [0, 1, 1, 1, 1], 500);
    expect(run.infos.filter((info) => info.isDivergent).length).toBeGreaterThan(5);
    const small = runChain(buildNutsKernel(), independentGaussianModel([0], [1]), { stepSize: 0.8, metric: identityMetric(1) }, makeRng(8), [0], 500);
    expect(small.infos.some((info) => info.isDivergent)).toBe(false);
  });
});

describe('NUTS determinism', () => {
  it('gives bit-identical draws from the same seed and different ones from another stream', () => {
    const draw = (stream: number) =>
      runChain(buildNutsKernel(), scaledModel, { stepSize: 0.8, metric: scaledMetric }, makeRng(9, stream), means, 200);
    const first = draw(0);
    const second = draw(0);
    expect(second.positions).toEqual(first.positions);
    expect(second.infos).toEqual(first.infos);
    expect(draw(1).positions).not.toEqual(first.positions);
  });
});

describe('NUTS buffer reuse', () => {
  it('returns states that later steps never overwrite, and chains may share one kernel', () => {
    // The kernel reuses its tree buffers across transitions, so check that a kept state stays
    // intact and that two interleaved chains (of different dims) on one kernel give the same
    // draws as each chain on its own kernel.
    const correlated = gaussianModel([0.5, -1], [1, 1.8, 1.8, 4]);
    const correlatedParameters = { stepSize: 0.9, metric: denseMetric([1, 1.8, 1.8, 4]) };
    const scaledParameters = { stepSize: 0.8, metric: scaledMetric };
    const alone = runChain(buildNutsKernel(), scaledModel, scaledParameters, makeRng(11, 0), means, 100);
    const aloneCorrelated = runChain(buildNutsKernel(), correlated, correlatedParameters, makeRng(11, 1), [0, 0], 100);
    const shared = buildNutsKernel();
    const rngs = [makeRng(11, 0), makeRng(11, 1)];
    let scaledState = shared.init(scaledModel, Float64Array.from(means));
    let correlatedState = shared.init(correlated, Float64Array.of(0, 0));
    const kept: { position: Float64Array; copy: number[] }[] = [];
    for (let t = 0; t < 100; t++) {
      [scaledState] = shared.step(rngs[0]!, scaledModel, scaledState, scaledParameters);
      [correlatedState] = shared.step(rngs[1]!, correlated, correlatedState, correlatedParameters);
      kept.push({ position: scaledState.position, copy: [...scaledState.position] });
      expect([...scaledState.position]).toEqual([...alone.positions[t]!]);
      expect([...correlatedState.position]).toEqual([...aloneCorrelated.positions[t]!]);
    }
    for (const { position, copy } of kept) expect([...position]).toEqual(copy);
  });
});
