import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/random/rng.js';
import { buildHmcKernel } from '../../src/samplers/hmc.js';
import { mclachlan } from '../../src/samplers/integrator.js';
import { buildMetropolisKernel } from '../../src/samplers/metropolis.js';
import { identityMetric, sampleMomentum } from '../../src/samplers/metric.js';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { hmcCorrelated, hmcFixedSteps, hmcFunnel, hmcJittered, hmcMclachlan, hmcNanRegion, hmcSkewed } from './hmc.checks.js';
import { means, scaledMetric, scaledModel } from './nuts.checks.js';
import { independentGaussianModel, runChain } from './support.js';
import { nanRegionModel } from './targets.js';

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

// The statistical tests are functions of the seed in hmc.checks.ts: here at one seed, in
// `npm run sweep` over many (test/fixtures/seed-sweep.md).
describe('HMC moments', () => {
  it.each([
    ['fixed steps', hmcFixedSteps],
    ['jittered integration time', hmcJittered],
    ['McLachlan integrator', hmcMclachlan],
  ])('%s: 5-d Gaussian with scales 0.1..10, means and variances within their MCSE bound, no divergence', (_, check) => expectCheckPasses(check));

  it('takes no tree (depth 0) and reports it', () => {
    const run = runChain(buildHmcKernel({ numSteps: 3 }), scaledModel, { stepSize: 0.6, metric: scaledMetric }, makeRng(1), means, 100);
    expect(run.infos.every((info) => info.treeDepth === 0 && info.numSteps === 3)).toBe(true);
  });

  it('skewed 1-d target (log of a Gamma(2, 1)) at a large step size', () => expectCheckPasses(hmcSkewed));
  it('correlated 2-d Gaussian (rho 0.9) with a dense metric: moments and covariance', () => expectCheckPasses(hmcCorrelated));
});

describe('HMC transition info', () => {
  it('counts steps from the integration time and reports the energy of the kept state', () => {
    const model = independentGaussianModel([0], [1]);
    const timed = buildHmcKernel({ integrationTime: 1, jitter: false });
    expect(timed.step(makeRng(3), model, timed.init(model, Float64Array.of(0.5)), { stepSize: 0.3, metric: identityMetric(1) })[1].numSteps).toBe(4);
    // On N(0, 1) leapfrog steps have a closed form, so the energies of the start and of the
    // proposal are known; the momentum and the accept uniform are the kernel's two draws
    // from its RNG (no jitter), replayed by a twin generator. A large step (1.2, still
    // stable) makes energy errors of order 1, so some proposals are rejected.
    const kernel = buildHmcKernel({ numSteps: 4 });
    const stepSize = 1.2;
    let accepted = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const x0 = 0.5 + 0.1 * seed;
      const twin = makeRng(seed);
      const p0 = sampleMomentum(twin, identityMetric(1), new Float64Array(1))[0]!;
      let [x, p] = [x0, p0];
      for (let k = 0; k < 4; k++) {
        p -= (stepSize / 2) * x;
        x += stepSize * p;
        p -= (stepSize / 2) * x;
      }
      const [startEnergy, proposedEnergy] = [0.5 * (x0 * x0 + p0 * p0), 0.5 * (x * x + p * p)];
      const accept = twin.uniform() < Math.min(1, Math.exp(startEnergy - proposedEnergy));
      const [state, info] = kernel.step(makeRng(seed), model, kernel.init(model, Float64Array.of(x0)), { stepSize, metric: identityMetric(1) });
      expect(info.numSteps).toBe(4);
      expect(info.acceptStat).toBeCloseTo(Math.min(1, Math.exp(startEnergy - proposedEnergy)), 12);
      expect(state.position[0]).toBeCloseTo(accept ? x : x0, 12);
      expect(info.energy).toBeCloseTo(accept ? proposedEnergy : startEnergy, 12);
      if (accept) accepted++;
    }
    // Both outcomes were exercised.
    expect(accepted).toBeGreaterThan(5);
    expect(accepted).toBeLessThan(40);
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
  it('rejects a NaN log density as non-finite, not divergent, and never enters the NaN region', async () => {
    await expectCheckPasses(hmcNanRegion);
    const run = runChain(buildHmcKernel({ numSteps: 5 }), nanRegionModel, { stepSize: 0.4, metric: identityMetric(2) }, makeRng(4), [0, 0], 500);
    expect(run.positions.every((x) => x[0]! <= 1)).toBe(true);
    expect(run.infos.every((info) => Number.isFinite(info.energy))).toBe(true);
  });

  it('reports divergences in a funnel with too large a step size', () => expectCheckPasses(hmcFunnel));
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
