import { describe, expect, it } from 'vitest';
import { type CompiledModel, densityModel } from '../../../src/models/model.js';
import { mcseMean, mcseSd } from '../../../src/samplers/diagnostics/mcse.js';
import { meanOf, varianceOf } from '../../../src/samplers/diagnostics/moments.js';
import { poolChains } from '../../../src/samplers/diagnostics/chains.js';
import { rhat } from '../../../src/samplers/diagnostics/rhat.js';
import type { DrawEvent, Progress } from '../../../src/samplers/run/chain.js';
import { columnDraws, type Fit, samplerColumnNames } from '../../../src/samplers/run/fit.js';
import { sample } from '../../../src/samplers/run/sample.js';
import { gaussianModel, spreadScales } from '../../fixtures/models/gaussian-model.js';

const means = spreadScales.map((_, i) => i - 4.5);

/** Each output's mean within 4 MCSE of the truth and sd within 4 MCSE; R-hat < 1.01. */
function expectGaussianRecovered(fit: Fit, trueMeans: readonly number[], trueSds: readonly number[]): void {
  fit.outputNames.forEach((name, i) => {
    const chains = columnDraws(fit, name);
    const pooled = poolChains(chains);
    expect(Math.abs(meanOf(pooled) - trueMeans[i]!), `${name} mean`).toBeLessThan(4 * mcseMean(chains));
    expect(Math.abs(Math.sqrt(varianceOf(pooled)) - trueSds[i]!), `${name} sd`).toBeLessThan(4 * mcseSd(chains));
    expect(rhat(chains), `${name} R-hat`).toBeLessThan(1.01);
  });
}

describe('sample', () => {
  it('recovers a 10-d Gaussian with scales 0.01..1 with NUTS', () => {
    const fit = sample(gaussianModel({ scales: spreadScales, means }), { seed: 1 });
    expect(fit.config).toMatchObject({ method: 'nuts', chains: 4, warmup: 1000, draws: 1000, metric: 'diag' });
    expectGaussianRecovered(fit, means, spreadScales);
    for (const chain of fit.chains) {
      expect(chain.divergentPositions).toHaveLength(0);
      const leapfrogs = columnDraws(fit, 'n_leapfrog__')[chain.chain]!.reduce((sum, value) => sum + value, 0);
      expect(chain.gradientEvaluations).toBeGreaterThan(leapfrogs);
      expect(chain.adaptation.kind).toBe('hamiltonian');
    }
  });

  it('recovers a Gaussian with static HMC and with random-walk Metropolis', () => {
    const scales = [1, 2, 0.5];
    const centre = [1, -1, 0];
    const model = gaussianModel({ scales, means: centre });
    expectGaussianRecovered(sample(model, { method: 'hmc', seed: 2, warmup: 500, draws: 1000 }), centre, scales);
    const metropolis = sample(model, { method: 'metropolis', seed: 2, warmup: 2000, draws: 4000 });
    expect(metropolis.config.adaptDelta).toBe(0.234);
    expect(metropolis.chains[0]!.logDensityEvaluations).toBe(6001);
    expect(metropolis.chains[0]!.gradientEvaluations).toBe(0);
    expectGaussianRecovered(metropolis, centre, scales);
  });

  it('stores draws column-wise with Stan sampler columns, thinned', () => {
    const fit = sample(gaussianModel({ scales: [1, 2] }), { chains: 2, warmup: 50, draws: 25, thin: 3, seed: 5 });
    expect(fit.columnNames).toEqual([...samplerColumnNames, 'x[1]', 'x[2]']);
    expect(fit.draws).toHaveLength(2);
    for (const chain of fit.draws) {
      expect(chain).toHaveLength(9);
      for (const column of chain) expect(column).toHaveLength(9); // ceil(25 / 3)
    }
    const stepSizes = columnDraws(fit, 'stepsize__')[0]!;
    expect(stepSizes.every((value) => value === stepSizes[0])).toBe(true);
    expect(columnDraws(fit, 'treedepth__')[0]!.every((depth) => depth >= 1 && depth <= 10)).toBe(true);
  });

  it('reports every saved draw to onDraw and progress by phase', () => {
    const draws: DrawEvent[] = [];
    const progress: Progress[] = [];
    const fit = sample(gaussianModel({ scales: [1] }), {
      chains: 2,
      warmup: 30,
      draws: 20,
      thin: 2,
      seed: 6,
      progressEvery: 10,
      onDraw: (draw) => draws.push(draw),
      onProgress: (update) => progress.push(update),
    });
    expect(draws).toHaveLength(20);
    for (const { chain, draw, values } of draws) {
      values.forEach((value, column) => expect(value).toBe(fit.draws[chain]![column]![draw]));
    }
    const iterations = progress.filter((update) => update.chain === 1).map((update) => [update.iteration, update.phase]);
    expect(iterations).toEqual([
      [10, 'warmup'],
      [20, 'warmup'],
      [30, 'warmup'],
      [40, 'sampling'],
      [50, 'sampling'],
    ]);
    expect(progress.every((update) => update.totalIterations === 50 && update.elapsedSeconds >= 0)).toBe(true);
  });

  it("makes chain k's draws depend only on (seed, k)", () => {
    const model = gaussianModel({ scales: [1, 3] });
    const two = sample(model, { chains: 2, warmup: 100, draws: 50, seed: 7 });
    const four = sample(model, { chains: 4, warmup: 100, draws: 50, seed: 7 });
    expect(four.draws.slice(0, 2)).toEqual(two.draws);
    const other = sample(model, { chains: 2, warmup: 100, draws: 50, seed: 8 });
    expect(other.draws[0]![7]).not.toEqual(two.draws[0]![7]);
  });

  it('draws generated quantities from their own stream', () => {
    const base = gaussianModel({ scales: [1, 2] });
    const withNoise: CompiledModel = {
      ...base,
      outputNames: [...base.outputNames, 'y_rep'],
      outputs: (theta, rng) => Float64Array.of(theta[0]!, theta[1]!, theta[0]! + rng.normal()),
    };
    const options = { chains: 2, warmup: 100, draws: 100, seed: 9 };
    const plain = sample(base, options);
    const generated = sample(withNoise, options);
    for (let chain = 0; chain < 2; chain++) {
      expect(generated.draws[chain]!.slice(0, 9)).toEqual(plain.draws[chain]);
    }
    const replicated = poolChains(columnDraws(generated, 'y_rep'));
    expect(Math.sqrt(varianceOf(replicated))).toBeGreaterThan(1.2); // sd sqrt(2) around x[1]
  });

  it('checks its options and the model outputs', () => {
    const model = gaussianModel({ scales: [1] });
    expect(() => sample(model, { chains: 0 })).toThrow(/chains is 0, but must be an integer >= 1/);
    expect(() => sample(model, { adaptDelta: 1 })).toThrow(/adaptDelta is 1, but must be in \(0, 1\)/);
    expect(() => sample(model, { method: 'gibbs' as 'nuts' })).toThrow(/method is 'gibbs'/);
    expect(() => sample(model, { chains: 2, inits: [Float64Array.of(0)] })).toThrow(/inits holds 1 positions, but there are 2 chains/);
    const wrongOutputs = densityModel({
      dim: 1,
      logDensityAndGradient: (theta) => ({ logDensity: -0.5 * theta[0]! ** 2, gradient: Float64Array.of(-theta[0]!) }),
    });
    const broken: CompiledModel = { ...wrongOutputs, outputs: () => new Float64Array(3) };
    expect(() => sample(broken, { chains: 1, warmup: 10, draws: 5 })).toThrow(/returned 3 values, but the model has 1 output names/);
  });
});
