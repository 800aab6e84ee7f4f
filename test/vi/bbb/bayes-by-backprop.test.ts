import { describe, expect, it } from 'vitest';
import { tensor } from '../../../src/ad/index.js';
import { dense, sequential, tanhLayer } from '../../../src/nn/index.js';
import { bayesByBackprop } from '../../../src/vi/bbb/index.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import { bnnRegression, linearRegressionChecks } from './bbb.checks.js';
import { loadBnnRegression } from './bnn-data.js';

// The accuracy tests are functions of the seed in bbb.checks.ts, run here at one seed and by
// `npm run sweep` over many (test/fixtures/seed-sweep.md).
describe('bayesByBackprop', () => {
  it.each(linearRegressionChecks.map((check) => [check.name.replace('bbb/linear-regression-batch-', ''), check] as const))(
    'recovers the exact posterior of a centred linear regression (batch size %s)',
    (_, check) => expectCheckPasses(check),
  );

  it('fits bnn_regression: the predictive mean is within 1.5 noise sd (0.225) of the data in RMSE', async () => {
    await expectCheckPasses(bnnRegression);
    const { x, y, hidden } = loadBnnRegression();
    const fit = bayesByBackprop({ network: sequential([dense(1, hidden), tanhLayer(), dense(hidden, 1)]), x, y, epochs: 3, batchSize: 100, seed: 1 });
    expect(fit.posterior.noise.kind).toBe('learned');
    expect(fit.steps).toBe(3);
  });

  it('is deterministic given the seed', () => {
    const { x, y } = loadBnnRegression();
    const run = (seed: number) =>
      bayesByBackprop({ network: sequential([dense(1, 5), tanhLayer(), dense(5, 1)]), x, y, epochs: 5, batchSize: 30, seed, samples: 2 });
    const a = run(3);
    const b = run(3);
    expect(a.lossTrace).toEqual(b.lossTrace);
    expect(a.variational.mean['weight1']!.data).toEqual(b.variational.mean['weight1']!.data);
    expect(a.variational.noise).toEqual(b.variational.noise);
    expect(a.steps).toBe(5 * 4); // 100 observations in batches of 30: 4 steps per epoch
    expect(run(4).lossTrace).not.toEqual(a.lossTrace);
    const epochs: number[] = [];
    bayesByBackprop({ network: sequential([dense(1, 2)]), x, y: tensor(Array.from({ length: 100 }, (_, i) => [i / 100, 0])), epochs: 3, seed: 1, onEpoch: (info) => epochs.push(info.epoch) });
    expect(epochs).toEqual([1, 2, 3]);
  });

  it('names the place, the value and the rule in its errors', () => {
    const network = sequential([dense(1, 2), tanhLayer(), dense(2, 1)]);
    const x = tensor([[0], [1], [2]]);
    const y = tensor([0, 1, 0]);
    const base = { network, x, y, epochs: 1, seed: 1 };
    expect(() => bayesByBackprop({ ...base, x: tensor([0, 1, 2]) })).toThrow('bayesByBackprop: x has shape [3], but must be [N, 1] for this network');
    expect(() => bayesByBackprop({ ...base, y: tensor([0, 1]) })).toThrow('bayesByBackprop: y has shape [2], but must be [3, 1] to match x and the network');
    expect(() => bayesByBackprop({ ...base, y: tensor([0, NaN, 1]) })).toThrow('bayesByBackprop: y[1] is NaN, but every value must be finite');
    expect(() => bayesByBackprop({ ...base, epochs: 0 })).toThrow('bayesByBackprop: epochs is 0, but must be a positive integer');
    expect(() => bayesByBackprop({ ...base, batchSize: 4 })).toThrow('bayesByBackprop: batchSize is 4, but there are only 3 observations');
    expect(() => bayesByBackprop({ ...base, learningRate: -1 })).toThrow('bayesByBackprop: learningRate is -1, but must be a positive finite number');
    expect(() => bayesByBackprop({ ...base, noise: { kind: 'fixed', sigma: 0 } })).toThrow('bayesByBackprop: noise.sigma is 0, but must be a positive finite number');
    expect(() => bayesByBackprop({ ...base, epochs: 5, learningRate: 1e6 })).toThrow(/bayesByBackprop: the loss is .* at epoch \d+, step \d+; try a smaller learningRate/);
  });
});
