import { describe, expect, it } from 'vitest';
import { sample } from '../../../src/samplers/run/sample.js';
import { withInitialPoints } from '../../../src/samplers/run/pathfinder-init.js';
import { pathfinder } from '../../../src/vi/pathfinder/pathfinder.js';
import { correlatedGaussian } from '../../vi/pathfinder/gaussian.js';

describe("NUTS with init: 'pathfinder'", () => {
  const { model, mean } = correlatedGaussian(4, 0.5);

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

  it('leaves random initialisation alone and refuses contradictory settings', () => {
    expect(withInitialPoints(model, { chains: 2 })).toEqual({ chains: 2 });
    expect(() => withInitialPoints(model, { init: 'pathfinder', inits: new Float64Array(4) })).toThrow("sample: both init: 'pathfinder' and inits are given");
    expect(() => withInitialPoints(model, { init: 'mode' as 'random' })).toThrow("sample: init is 'mode', but must be 'random' or 'pathfinder'");
  });
});
