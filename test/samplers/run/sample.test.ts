import { describe, expect, it } from 'vitest';
import { type CompiledModel, densityModel } from '../../../src/models/model.js';
import type { DrawEvent, Progress } from '../../../src/samplers/run/chain.js';
import { columnDraws, samplerColumnNames } from '../../../src/samplers/run/fit.js';
import { sample } from '../../../src/samplers/run/sample.js';
import { gaussianModel, spreadScales } from '../../fixtures/models/gaussian-model.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { generatedQuantitiesSpread, sampleHmcGaussian, sampleMetropolisGaussian, sampleNuts10d, spreadMeans, withReplicates } from './run.checks.js';

describe('sample', () => {
  // The statistical parts are functions of the seed in run.checks.ts (swept by `npm run sweep`).
  it('recovers a 10-d Gaussian with scales 0.01..1 with NUTS', async () => {
    const fit = sample(gaussianModel({ scales: spreadScales, means: spreadMeans }), { seed: 1, warmup: 100, draws: 100 });
    expect(fit.config).toMatchObject({ method: 'nuts', chains: 4, warmup: 100, draws: 100, metric: 'diag' });
    expect(sample(gaussianModel({ scales: [1] }), { seed: 1, warmup: 10, draws: 10 }).config).toMatchObject({ method: 'nuts', chains: 4, metric: 'diag' });
    for (const chain of fit.chains) {
      const leapfrogs = columnDraws(fit, 'n_leapfrog__')[chain.chain]!.reduce((sum, value) => sum + value, 0);
      expect(chain.gradientEvaluations).toBeGreaterThan(leapfrogs);
      expect(chain.adaptation.kind).toBe('hamiltonian');
    }
    await expectCheckPasses(sampleNuts10d);
  });

  it('recovers a Gaussian with static HMC and with random-walk Metropolis', async () => {
    await expectCheckPasses(sampleHmcGaussian);
    const metropolis = sample(gaussianModel({ scales: [1, 2, 0.5] }), { method: 'metropolis', seed: 2, warmup: 200, draws: 400 });
    expect(metropolis.config.adaptDelta).toBe(0.234);
    expect(metropolis.chains[0]!.logDensityEvaluations).toBe(601);
    expect(metropolis.chains[0]!.gradientEvaluations).toBe(0);
    await expectCheckPasses(sampleMetropolisGaussian);
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

  it('draws generated quantities from their own stream', async () => {
    const base = gaussianModel({ scales: [1, 2] });
    const withNoise = withReplicates(base);
    const options = { chains: 2, warmup: 100, draws: 100, seed: 9 };
    const plain = sample(base, options);
    const generated = sample(withNoise, options);
    for (let chain = 0; chain < 2; chain++) {
      expect(generated.draws[chain]!.slice(0, 9)).toEqual(plain.draws[chain]);
    }
    // y_rep = x[1] + N(0, 1) has sd sqrt(2); x[1] alone has sd 1.
    await expectCheckPasses(generatedQuantitiesSpread);
  });

  it("starts warm-up at the given inverse metric, and samples with it when there is no warm-up (CmdStan's metric_file)", () => {
    const model = gaussianModel({ scales: [0.1, 3] });
    const diag = Float64Array.of(0.01, 9);
    const fit = sample(model, { chains: 1, warmup: 0, draws: 20, seed: 1, inverseMetric: diag });
    expect(fit.chains[0]!.adaptation).toMatchObject({ kind: 'hamiltonian', metric: { kind: 'diag', inverseMassDiag: diag } });
    const dense = Float64Array.of(0.01, 0, 0, 9);
    const denseFit = sample(model, { chains: 1, warmup: 0, draws: 20, seed: 1, metric: 'dense', inverseMetric: dense });
    expect(denseFit.chains[0]!.adaptation).toMatchObject({ kind: 'hamiltonian', metric: { kind: 'dense', inverseMass: dense } });
    // With warm-up, adaptation replaces it at the first window's end: the run differs from the unit start.
    const adapted = sample(model, { chains: 1, warmup: 150, draws: 20, seed: 1, inverseMetric: diag });
    expect(adapted.draws).not.toEqual(sample(model, { chains: 1, warmup: 150, draws: 20, seed: 1 }).draws);
  });

  it('checks its options and the model outputs', () => {
    const model = gaussianModel({ scales: [1] });
    expect(() => sample(model, { chains: 0 })).toThrow(/chains is 0, but must be an integer >= 1/);
    expect(() => sample(model, { adaptDelta: 1 })).toThrow(/adaptDelta is 1, but must be in \(0, 1\)/);
    expect(() => sample(model, { method: 'gibbs' as 'nuts' })).toThrow(/method is 'gibbs'/);
    expect(() => sample(model, { chains: 2, inits: [Float64Array.of(0)] })).toThrow(/inits holds 1 positions, but there are 2 chains/);
    const two = gaussianModel({ scales: [1, 1] });
    expect(() => sample(two, { inverseMetric: Float64Array.of(1) })).toThrow('sample: inverseMetric has 1 entries, but a diag metric of a model with 2 unconstrained coordinates needs 2');
    expect(() => sample(two, { inverseMetric: Float64Array.of(1, -2) })).toThrow('sample: inverseMetric: inverseMassDiag[1] is -2, but must be a positive finite number');
    expect(() => sample(two, { metric: 'dense', inverseMetric: Float64Array.of(1, 2) })).toThrow('needs 4');
    expect(() => sample(two, { metric: 'dense', inverseMetric: Float64Array.of(1, 0.5, 0.4, 1) })).toThrow(/sample: inverseMetric: inverseMass is not symmetric/);
    const wrongOutputs = densityModel({
      dim: 1,
      logDensityAndGradient: (theta) => ({ logDensity: -0.5 * theta[0]! ** 2, gradient: Float64Array.of(-theta[0]!) }),
    });
    const broken: CompiledModel = { ...wrongOutputs, outputs: () => new Float64Array(3) };
    expect(() => sample(broken, { chains: 1, warmup: 10, draws: 5 })).toThrow(/returned 3 values, but the model has 1 output names/);
  });
});
