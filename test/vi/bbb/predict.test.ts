import { describe, expect, it } from 'vitest';
import { Tensor, tensor } from '../../../src/ad/index.js';
import { dense, sequential, tanhLayer } from '../../../src/nn/index.js';
import { makeRng } from '../../../src/random/rng.js';
import { inverseSoftplus, bnnPredictive, type VariationalParameters } from '../../../src/vi/bbb/index.js';
import { sortedQuantile } from '../../../src/vi/bbb/predict.js';

const network = sequential([dense(1, 4), tanhLayer(), dense(4, 1)]);
const xNew = tensor([[-2], [0], [1.5]]);

/** A posterior with every weight's sd `scale` around the network's seeded initialisation. */
function posteriorWithScale(scale: number): VariationalParameters {
  const mean = network.initialize(makeRng(1));
  const rho = Object.fromEntries(Object.entries(mean).map(([name, m]) => [name, new Tensor(new Float64Array(m.size).fill(inverseSoftplus(scale)), m.shape)]));
  return { mean, rho };
}

describe('sortedQuantile', () => {
  it('interpolates linearly between order statistics (type 7)', () => {
    const sorted = Float64Array.of(1, 2, 3, 4, 5);
    expect(sortedQuantile(sorted, 0)).toBe(1);
    expect(sortedQuantile(sorted, 1)).toBe(5);
    expect(sortedQuantile(sorted, 0.5)).toBe(3);
    expect(sortedQuantile(sorted, 0.25)).toBe(2);
    expect(sortedQuantile(sorted, 0.1)).toBeCloseTo(1.4, 14);
  });
});

describe('bnnPredictive', () => {
  it('with a point-mass posterior and fixed noise gives f(x) ± z₀.₉₅ σ', () => {
    const variational = posteriorWithScale(1e-12);
    const sigma = 0.5;
    const prediction = bnnPredictive(network, { kind: 'fixed', sigma }, variational, xNew, { rng: makeRng(2), draws: 4000 });
    const f = (network.apply(variational.mean, xNew) as Tensor).data;
    expect(prediction.mean.shape).toEqual([3, 1]);
    const z = 1.6448536269514722;
    // The 5% quantile of 4000 normal draws has sd ≈ σ √(0.05 · 0.95 / 4000) / φ(z) ≈ 0.017; 4 sd ≈ 0.067.
    for (let i = 0; i < 3; i++) {
      expect(prediction.mean.data[i]).toBeCloseTo(f[i]!, 9);
      expect(prediction.functionLower.data[i]).toBeCloseTo(f[i]!, 9);
      expect(prediction.functionUpper.data[i]).toBeCloseTo(f[i]!, 9);
      expect(Math.abs(prediction.lower.data[i]! - (f[i]! - z * sigma))).toBeLessThan(0.067);
      expect(Math.abs(prediction.upper.data[i]! - (f[i]! + z * sigma))).toBeLessThan(0.067);
    }
    expect(prediction.level).toBe(0.9);
    expect(prediction.draws).toBe(4000);
  });

  it('widens the function band with the weights\' uncertainty, and the observation band contains it', () => {
    const prediction = bnnPredictive(network, { kind: 'fixed', sigma: 0.5 }, posteriorWithScale(0.3), xNew, { rng: makeRng(3), draws: 2000, level: 0.8 });
    for (let i = 0; i < 3; i++) {
      expect(prediction.functionUpper.data[i]! - prediction.functionLower.data[i]!).toBeGreaterThan(0.1);
      expect(prediction.lower.data[i]).toBeLessThan(prediction.functionLower.data[i]!);
      expect(prediction.upper.data[i]).toBeGreaterThan(prediction.functionUpper.data[i]!);
    }
  });

  it('is reproducible from the rng, and names the place, the value and the rule in its errors', () => {
    const variational = posteriorWithScale(0.2);
    const noise = { kind: 'learned', priorScale: 1 } as const;
    const withNoise = { ...variational, noise: { mean: Math.log(0.2), rho: inverseSoftplus(0.1) } };
    const a = bnnPredictive(network, noise, withNoise, xNew, { rng: makeRng(4), draws: 50 });
    const b = bnnPredictive(network, noise, withNoise, xNew, { rng: makeRng(4), draws: 50 });
    expect(a.upper.data).toEqual(b.upper.data);
    expect(() => bnnPredictive(network, noise, withNoise, tensor([1, 2]), { rng: makeRng(1) })).toThrow(
      'predict: xNew has shape [2], but must be [M, 1]',
    );
    expect(() => bnnPredictive(network, noise, withNoise, xNew, { rng: makeRng(1), level: 1 })).toThrow(
      'predict: level is 1, but must be in (0, 1)',
    );
    expect(() => bnnPredictive(network, noise, withNoise, xNew, { rng: makeRng(1), draws: 1 })).toThrow(
      'predict: draws is 1, but must be an integer ≥ 2',
    );
  });
});
