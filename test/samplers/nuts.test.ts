import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/random/rng.js';
import { makeIntegrator } from '../../src/samplers/integrator.js';
import { buildNutsKernel } from '../../src/samplers/nuts.js';
import { denseMetric, diagMetric, identityMetric, sampleMomentum } from '../../src/samplers/metric.js';
import { expectCheckPasses } from '../helpers/expect-check.js';
import {
  means,
  nutsCorrelatedDense,
  nutsCorrelatedIdentity,
  nutsFunnel,
  nutsKineticEnergy,
  nutsNanRegion,
  nutsScaledGaussian,
  nutsSkewed,
  nutsUturn,
  scaledMetric,
  scaledModel,
  sds,
} from './nuts.checks.js';
import { gaussianModel, independentGaussianModel, runChain } from './support.js';
import { nanRegionModel } from './targets.js';

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

// The statistical tests are functions of the seed in nuts.checks.ts: here at one seed,
// in `npm run sweep` over many (test/fixtures/seed-sweep.md).
describe('NUTS moments', () => {
  it('5-d Gaussian with scales 0.1..10: means and variances within their MCSE bound', () => expectCheckPasses(nutsScaledGaussian));
  it('correlated 2-d Gaussian (rho 0.9) with a dense metric: moments and covariance', () => expectCheckPasses(nutsCorrelatedDense));
  it('correlated 2-d Gaussian with the identity metric and a small step size', () => expectCheckPasses(nutsCorrelatedIdentity));
  it('skewed 1-d target (log of a Gamma(2, 1)) at a large step size', () => expectCheckPasses(nutsSkewed));

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

describe('NUTS leaf paths', () => {
  it('the fused diagonal-leapfrog leaf gives the same chain as the general one (the integrator\'s step)', () => {
    // buildNutsKernel takes the fused path for the library's leapfrog with a diagonal metric,
    // and the general path for any other integrator object, even one with the same coefficients.
    const general = makeIntegrator([0.5, 1, 0.5]);
    const parameters = { stepSize: 0.8, metric: scaledMetric };
    const fused = runChain(buildNutsKernel(), scaledModel, parameters, makeRng(12), means, 50);
    const stepwise = runChain(buildNutsKernel({ integrator: general }), scaledModel, parameters, makeRng(12), means, 50);
    fused.positions.forEach((position, t) =>
      position.forEach((value, i) => expect(Math.abs(stepwise.positions[t]![i]! - value)).toBeLessThan(1e-9 * sds[i]!)),
    );
    expect(stepwise.infos.map((info) => info.numSteps)).toEqual(fused.infos.map((info) => info.numSteps));
    stepwise.infos.forEach((info, t) => expect(info.acceptStat).toBeCloseTo(fused.infos[t]!.acceptStat, 10));
  });
});

describe('NUTS trajectory', () => {
  it('never exceeds maxTreeDepth (at most 2^depth - 1 steps)', () => {
    const model = independentGaussianModel([0, 0], [1, 1]);
    const run = runChain(buildNutsKernel({ maxTreeDepth: 3 }), model, { stepSize: 0.02, metric: identityMetric(2) }, makeRng(5), [0, 0], 100);
    expect(run.infos.every((info) => info.treeDepth === 3 && info.numSteps === 7)).toBe(true);
  });

  it("stops at U-turns between subtrees (Stan's extra checks) on an iid normal", () => expectCheckPasses(nutsUturn));

  it('reports a tree depth matching the steps', () => {
    const run = runChain(buildNutsKernel(), scaledModel, { stepSize: 0.8, metric: scaledMetric }, makeRng(6), means, 200);
    for (const info of run.infos) {
      // A tree of depth d that stopped on a U-turn of the merged trajectory has 2^d - 1
      // steps; one stopped by an invalid new subtree has 2^d - 1 plus part of 2^d more.
      expect(info.numSteps).toBeGreaterThanOrEqual(2 ** info.treeDepth - 1);
      expect(info.numSteps).toBeLessThan(2 ** (info.treeDepth + 1));
    }
  });

  it('reports the energy of the sampled point: −log density + kinetic energy of its momentum', () => {
    // Depth 1: one leapfrog step from (x₀, p₀) forward or backward in time; the sampled point
    // is the start or that step. On N(0, 1) the step has a closed form, so the energy of
    // both candidates is known; p₀ is the kernel's first draw from its RNG.
    const model = independentGaussianModel([0], [1]);
    const kernel = buildNutsKernel({ maxTreeDepth: 1 });
    // A large (still stable) step: energy errors of order 1, so some transitions stay put.
    const stepSize = 1.8;
    const energyOf = (x: number, p: number): number => 0.5 * x * x + 0.5 * p * p;
    let moved = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const x0 = 0.3 + 0.05 * seed;
      const twin = makeRng(seed);
      const p0 = sampleMomentum(twin, identityMetric(1), new Float64Array(1))[0]!;
      const [state, info] = kernel.step(makeRng(seed), model, kernel.init(model, Float64Array.of(x0)), { stepSize, metric: identityMetric(1) });
      const candidates = [1, -1].map((direction) => {
        const h = direction * stepSize;
        const half = p0 - (h / 2) * x0;
        const x1 = x0 + h * half;
        return { x: x1, energy: energyOf(x1, half - (h / 2) * x1) };
      });
      const x = state.position[0]!;
      const expected = x === x0 ? energyOf(x0, p0) : candidates.find((c) => Math.abs(c.x - x) < 1e-12)?.energy;
      expect(expected, `seed ${seed}: position ${x} is neither the start ${x0} nor one step from it`).toBeDefined();
      expect(info.energy).toBeCloseTo(expected!, 12);
      if (x !== x0) moved++;
    }
    // Both branches were exercised.
    expect(moved).toBeGreaterThan(5);
    expect(moved).toBeLessThan(40);
  });

  it('keeps the sampled momentum distributed as N(0, M): mean kinetic energy dim/2', () => expectCheckPasses(nutsKineticEnergy));
});

describe('NUTS failures', () => {
  it('counts a NaN log density as non-finite, apart from divergences, instead of throwing', async () => {
    await expectCheckPasses(nutsNanRegion);
    const run = runChain(buildNutsKernel(), nanRegionModel, { stepSize: 0.5, metric: identityMetric(2) }, makeRng(7), [0, 0], 500);
    expect(run.positions.every((x) => x[0]! <= 1)).toBe(true);
    expect(run.infos.every((info) => Number.isFinite(info.energy) && info.acceptStat >= 0 && info.acceptStat <= 1)).toBe(true);
  });

  it('reports divergences in a funnel with too large a step size, and none on a Gaussian at that step', async () => {
    await expectCheckPasses(nutsFunnel);
    // Leapfrog on N(0, 1) is stable for step sizes below 2: the energy error stays bounded.
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

  it('chains of one dim interleaved on one tree through advance, diagonal and dense, give their own draws', () => {
    // The tree swaps buffers between its ends, candidates and checkpoint slots instead of
    // copying them, and keeps velocities on the dense path only: whatever one chain leaves in
    // them, the next transition of another must not read.
    const dense = new Array<number>(25).fill(0);
    sds.forEach((sd, i) => (dense[i * 5 + i] = 1.5 * sd * sd));
    dense[1] = dense[5] = 0.3 * Math.sqrt(dense[0]! * dense[6]!);
    const setups = [
      { parameters: { stepSize: 0.8, metric: scaledMetric }, stream: 0 },
      { parameters: { stepSize: 0.7, metric: denseMetric(dense) }, stream: 1 },
      { parameters: { stepSize: 0.5, metric: scaledMetric }, stream: 2 },
    ];
    const alone = setups.map(({ parameters, stream }) => runChain(buildNutsKernel(), scaledModel, parameters, makeRng(21, stream), means, 60));
    const shared = buildNutsKernel();
    const chains = setups.map(({ stream }) => {
      const start = shared.init(scaledModel, Float64Array.from(means));
      return {
        rng: makeRng(21, stream),
        state: { position: Float64Array.from(start.position), logDensity: start.logDensity, logDensityGrad: Float64Array.from(start.logDensityGrad) },
        info: { acceptStat: 0, isDivergent: false, isNonFinite: false, energy: 0, numSteps: 0, treeDepth: 0 },
      };
    });
    for (let t = 0; t < 60; t++) {
      chains.forEach((chain, c) => {
        shared.advance!(chain.rng, scaledModel, chain.state, setups[c]!.parameters, chain.info);
        expect([...chain.state.position]).toEqual([...alone[c]!.positions[t]!]);
        expect(chain.info.numSteps).toBe(alone[c]!.infos[t]!.numSteps);
        expect(chain.info.acceptStat).toBe(alone[c]!.infos[t]!.acceptStat);
      });
    }
  });
});
