import { describe, expect, it } from 'vitest';
import {
  autocovariances,
  averageRanks,
  median,
  normalQuantile,
  quantile,
  quantiles,
  rankNormalize,
  splitChains,
} from '../../../src/samplers/diagnostics/index.js';
import { iidNormalChains } from './simulated-chains.js';

describe('quantiles (R type 7)', () => {
  const chains = [Float64Array.of(4, 1), Float64Array.of(3, 2)];

  it('interpolates between order statistics', () => {
    // sorted 1, 2, 3, 4: h = 1 + 3p
    expect(quantile(chains, 0.25)).toBe(1.75);
    expect(quantile(chains, 0.5)).toBe(2.5);
    expect(quantile(chains, 0)).toBe(1);
    expect(quantile(chains, 1)).toBe(4);
    const [lower, upper] = quantiles(chains, [0.05, 0.95]);
    expect(lower).toBeCloseTo(1.15, 14);
    expect(upper).toBeCloseTo(3.85, 14);
  });

  it('returns tied values exactly', () => {
    const tied = [Float64Array.of(0.1, 0.1, 0.1, 0.7)];
    expect(quantile(tied, 0.33)).toBe(0.1);
  });

  it('takes the median as R does', () => {
    expect(median(chains)).toBe(2.5);
    expect(median([Float64Array.of(5, -1, 2)])).toBe(2);
    expect(median([Float64Array.of(1, NaN)])).toBeNaN();
  });

  it('is NaN with NaN draws and rejects bad probabilities', () => {
    expect(quantile([Float64Array.of(1, NaN, 3)], 0.5)).toBeNaN();
    expect(() => quantile(chains, 2)).toThrow('quantile: probability is 2, but must be in [0, 1]');
  });
});

describe('rank normalisation', () => {
  it('gives ties their average rank', () => {
    expect(Array.from(averageRanks(Float64Array.of(3, 1, 3, 2, 3)))).toEqual([4, 1, 4, 2, 4]);
  });

  it('uses the normal quantile', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 15);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
  });

  it('maps ranks with Blom offsets across all chains', () => {
    const [first, second] = rankNormalize([Float64Array.of(10, 30), Float64Array.of(20, 40)]);
    // S = 4: z = Φ⁻¹((r - 3/8) / 4.25)
    const expected = [1, 3, 2, 4].map((rank) => normalQuantile((rank - 3 / 8) / 4.25));
    expect(Array.from(first!)).toEqual(expected.slice(0, 2));
    expect(Array.from(second!)).toEqual(expected.slice(2));
  });
});

describe('chain splitting', () => {
  it('halves chains and drops the middle draw of odd lengths', () => {
    const halves = splitChains([Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(6, 7, 8, 9, 10)]);
    expect(halves.map((half) => Array.from(half))).toEqual([
      [1, 2],
      [6, 7],
      [4, 5],
      [9, 10],
    ]);
    expect(splitChains([Float64Array.of(7)]).map((half) => Array.from(half))).toEqual([[7]]);
  });
});

describe('autocovariance by FFT', () => {
  it('equals the direct sum (1/n) Σ (x_i - x̄)(x_{i+t} - x̄) at every lag', () => {
    for (const length of [3, 17, 64, 101]) {
      const [chain] = iidNormalChains(41, 1, length);
      const mean = chain!.reduce((sum, value) => sum + value, 0) / length;
      const [fromFft] = autocovariances([chain!]);
      for (let lag = 0; lag < length; lag += 1) {
        let direct = 0;
        for (let draw = 0; draw + lag < length; draw += 1) direct += (chain![draw]! - mean) * (chain![draw + lag]! - mean);
        expect(fromFft![lag]!).toBeCloseTo(direct / length, 12);
      }
    }
  });

  it('is zero for a constant chain', () => {
    expect(Array.from(autocovariances([new Float64Array(5).fill(3)])[0]!)).toEqual([0, 0, 0, 0, 0]);
  });
});
