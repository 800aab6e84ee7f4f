import { describe, expect, it } from 'vitest';
import { model as centered } from '../../../examples/bench/eight_schools_centered.js';
import { summary } from '../../../src/samplers/run/summary.js';
import { advi } from '../../../src/vi/advi.js';
import { pathfinder } from '../../../src/vi/pathfinder/pathfinder.js';
import { readExampleData } from '../support.js';
import { correlatedGaussian } from './gaussian.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { pathfinderMoments } from '../approximation.checks.js';

describe('pathfinder on a correlated Gaussian (exact posterior known)', () => {
  const { model, mean, sd } = correlatedGaussian(5, 0.8);

  // Multi-path draws, PSIS-resampled, against the exact moments: a check of the seed
  // (../approximation.checks.ts; over seeds 1–12 when written the largest |z| was 2.4 for
  // means and 3.2 for sds, Pareto k 0.21–0.67).
  it('has means, sds and correlations within Monte Carlo error', () => expectCheckPasses(pathfinderMoments));

  it('needs a small fraction of the gradients of ADVI', () => {
    const result = pathfinder(model, { seed: 1 });
    const variational = advi(model, { seed: 1, draws: 10 });
    expect(result.gradientEvaluations).toBeLessThan(variational.gradientEvaluations / 10);
    expect(result.fit.chains[0]!.gradientEvaluations).toBe(result.gradientEvaluations);
    expect(result.paths).toHaveLength(4);
    for (const path of result.paths) {
      expect(path.bestIteration).toBeGreaterThan(0);
      expect(path.bestIteration).toBeLessThanOrEqual(path.iterations);
      expect(path.elbo).toBe(Math.max(...path.elboTrace.map((entry) => entry.elbo)));
    }
  });

  it('single path: draws from the best approximation, whose mean is near the mode', () => {
    const result = pathfinder(model, { seed: 2, paths: 1, draws: 400 });
    expect(result.fit.approximation).toBe('Pathfinder (single path)');
    expect(result.positions).toHaveLength(400);
    // Not resampled: the check is computed from the draws' own ratios.
    expect(result.fit.approximationCheck).toBeUndefined();
    expect(summary(result.fit).approximationCheck!.paretoK).toBe(result.approximationCheck!.paretoK);
    result.paths[0]!.mean.forEach((value, i) => expect(Math.abs(value - mean[i]!) / sd[i]!).toBeLessThan(0.05));
  });

  it('is reproducible from its seed', () => {
    const a = pathfinder(model, { seed: 5, paths: 2, draws: 50, drawsPerPath: 50 });
    const b = pathfinder(model, { seed: 5, paths: 2, draws: 50, drawsPerPath: 50 });
    expect(a.fit.draws).toEqual(b.fit.draws);
    const c = pathfinder(model, { seed: 6, paths: 2, draws: 50, drawsPerPath: 50 });
    expect(c.fit.draws).not.toEqual(a.fit.draws);
  });

  it('names bad options', () => {
    expect(() => pathfinder(model, { paths: 0 })).toThrow('pathfinder: paths is 0, but must be a positive integer');
    expect(() => pathfinder(model, { init: new Float64Array(3) })).toThrow('pathfinder: init[0] has length 3, but the model has 5 unconstrained coordinates');
    expect(() => pathfinder(model, { init: [new Float64Array(5)], paths: 2 })).toThrow('pathfinder: init holds 1 positions, but there are 2 paths');
    expect(() => pathfinder(model, { tolRelGrad: -1 })).toThrow('pathfinder: tolRelGrad is -1');
  });
});

describe('pathfinder says when not to trust it', () => {
  it('reports Pareto k above 0.7 on the centred eight schools funnel', () => {
    // L-BFGS heads down the funnel's neck (the density is unbounded there) until its cap;
    // 100 iterations keep the test short. k was 0.94–1.22 over seeds 1–4 (0.84 at 1000).
    const result = pathfinder(centered.compile(readExampleData('data/eight_schools.json')), { seed: 1, maxIterations: 100 });
    expect(result.approximationCheck!.paretoK).toBeGreaterThan(0.7);
    expect(result.approximationCheck!.verdict).toBe('unreliable');
    const report = summary(result.fit);
    expect(report.warnings.map((warning) => warning.kind)).toContain('pareto-k');
    expect(report.text).toContain('Pathfinder (4 paths, PSIS resampling)');
    expect(result.warnings.join('\n')).toContain('not to be trusted');
  });
});

describe('pathfinder and advi with a single draw', () => {
  it('return it without a Pareto-k check, which needs at least two draws', () => {
    const { model } = correlatedGaussian(2, 0.5);
    expect(pathfinder(model, { paths: 1, draws: 1 }).approximationCheck).toBeUndefined();
    expect(advi(model, { draws: 1, seed: 1 }).approximationCheck).toBeUndefined();
  });
});
