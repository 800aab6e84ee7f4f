import { describe, expect, it } from 'vitest';
import { sample } from '../../../src/samplers/run/sample.js';
import { welfordVarianceFinal, welfordVarianceInit, welfordVarianceUpdate } from '../../../src/samplers/adaptation/welford.js';
import { withInitialPoints } from '../../../src/samplers/run/pathfinder-init.js';
import { pathfinder } from '../../../src/vi/pathfinder/pathfinder.js';
import { correlatedGaussian } from '../../vi/pathfinder/gaussian.js';

describe("NUTS with init: 'pathfinder'", () => {
  const { model, mean, sd } = correlatedGaussian(4, 0.5);

  it('starts each chain at a distinct Pathfinder draw', () => {
    const options = withInitialPoints(model, { init: 'pathfinder', chains: 3, seed: 4 });
    const inits = options.inits as readonly Float64Array[];
    expect(inits).toHaveLength(3);
    expect(new Set(inits.map((init) => init.join(','))).size).toBe(3);
    const drawn = pathfinder(model, { seed: 4, drawsPerPath: 250, draws: 250 }).positions.map((position) => position.join(','));
    for (const init of inits) expect(drawn).toContain(init.join(','));
    // Near the typical set: within a few sds of the mean (the sds are 0.5–1.4).
    for (const init of inits) init.forEach((value, i) => expect(Math.abs(value - mean[i]!)).toBeLessThan(6));
  });

  it('records the initial points and samples from them, reproducibly', () => {
    const run = () => sample(model, { init: 'pathfinder', chains: 2, warmup: 100, draws: 50, seed: 2 });
    const fit = run();
    expect(fit.config.inits).toHaveLength(2);
    expect(fit.draws).toEqual(run().draws);
  });

  it("starts warm-up's metric at the regularised variance (or covariance) of Pathfinder's distinct draws", () => {
    const distinct = [...new Set(pathfinder(model, { seed: 4, drawsPerPath: 250, draws: 250 }).positions)];
    const expected = welfordVarianceFinal(distinct.reduce((state, draw) => welfordVarianceUpdate(state, draw), welfordVarianceInit(4)));
    const diag = withInitialPoints(model, { init: 'pathfinder', chains: 2, seed: 4 }).inverseMetric!;
    expect([...diag]).toEqual([...expected]);
    // The target's variances are 0.25, 0.64, 1.21 and 1.96 (gaussian.ts): Pathfinder's draws measure
    // them (250 draws: a variance's relative sd ≈ 9%; ratios over seeds 1–40 lie in 0.80–1.26).
    sd.forEach((s, i) => expect(diag[i]! / (s * s)).toBeGreaterThan(0.6));
    sd.forEach((s, i) => expect(diag[i]! / (s * s)).toBeLessThan(1.6));
    const dense = withInitialPoints(model, { init: 'pathfinder', chains: 2, seed: 4, metric: 'dense' }).inverseMetric!;
    expect(dense).toHaveLength(16);
    for (let i = 0; i < 4; i++) expect(dense[i * 4 + i]).toBeCloseTo(diag[i]!, 12);
    // A user's inverse metric is kept; Metropolis has none.
    const mine = Float64Array.of(1, 2, 3, 4);
    expect(withInitialPoints(model, { init: 'pathfinder', seed: 4, inverseMetric: mine }).inverseMetric).toBe(mine);
    expect(withInitialPoints(model, { init: 'pathfinder', seed: 4, method: 'metropolis' }).inverseMetric).toBeUndefined();
  });

  it('gives the chains of a run split by chain ids the initial points of the whole run', () => {
    const whole = withInitialPoints(model, { init: 'pathfinder', chains: 4, seed: 4 });
    const second = withInitialPoints(model, { init: 'pathfinder', chains: 2, firstChainId: 3, seed: 4 });
    expect((second.inits as Float64Array[]).map((x) => [...x])).toEqual((whole.inits as Float64Array[]).slice(2).map((x) => [...x]));
    expect(second.inverseMetric).toEqual(whole.inverseMetric);
  });

  it('leaves random initialisation alone and refuses contradictory settings', () => {
    expect(withInitialPoints(model, { chains: 2 })).toEqual({ chains: 2 });
    expect(() => withInitialPoints(model, { init: 'pathfinder', inits: new Float64Array(4) })).toThrow("sample: both init: 'pathfinder' and inits are given");
    expect(() => withInitialPoints(model, { init: 'mode' as 'random' })).toThrow("sample: init is 'mode', but must be 'random' or 'pathfinder'");
  });
});
