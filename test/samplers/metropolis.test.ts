import { describe, expect, it } from 'vitest';
import { densityModel } from '../../src/models/model.js';
import { makeRng } from '../../src/random/rng.js';
import { buildMetropolisKernel } from '../../src/samplers/metropolis.js';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { correlatedMean as mean, correlatedModel as model, metropolisAdapted, metropolisCorrelated } from './metropolis.checks.js';
import { runChain } from './support.js';

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

  it('samples a correlated 2-d Gaussian: means and variances within their MCSE bound', () => expectCheckPasses(metropolisCorrelated));

  it('reports as energy minus the log density of the kept state', () => {
    const run = runChain(kernel, model, { proposalScale: 1 }, makeRng(3), mean, 300);
    expect(run.infos.some((info, t) => t > 0 && run.positions[t] !== run.positions[t - 1])).toBe(true);
    run.infos.forEach((info, t) => expect(info.energy).toBe(-model.logDensity(run.positions[t]!)));
  });

  it('gives bit-identical draws from the same seed', () => {
    const draw = () => runChain(kernel, model, { proposalScale: 0.1 }, makeRng(4, 1), mean, 300);
    expect(draw().positions).toEqual(draw().positions);
  });
});

describe('Metropolis adaptation', () => {
  it('reaches an acceptance rate of 0.234 ± 0.07 and samples correctly with the result', () => expectCheckPasses(metropolisAdapted));
});
