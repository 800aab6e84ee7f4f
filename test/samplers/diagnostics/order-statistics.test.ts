import fc from 'fast-check';
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
import { sortOrder } from '../../../src/samplers/diagnostics/rank-normalize.js';
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

  it('ranks as a comparison sort does, over signs, zeros, ties, subnormals and extremes', () => {
    /** The reference: sort indices with a comparator, average the ranks of each run of equal values. */
    const reference = (values: Float64Array): number[] => {
      const order = Array.from(values, (_, index) => index).sort((a, b) => values[a]! - values[b]!);
      const ranks = new Array<number>(values.length);
      for (let start = 0; start < order.length; ) {
        let end = start + 1;
        while (end < order.length && values[order[end]!] === values[order[start]!]) end += 1;
        for (let position = start; position < end; position++) ranks[order[position]!] = (start + 1 + end) / 2;
        start = end;
      }
      return ranks;
    };
    const finite = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, 1, -1, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 0.5, -0.5),
      fc.integer({ min: -3, max: 3 }),
    );
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 300 }), (list) => {
        const values = Float64Array.from(list);
        expect(Array.from(averageRanks(values))).toEqual(reference(values));
        const sorted = Array.from(sortOrder(values), (index) => values[index]!);
        for (let position = 1; position < sorted.length; position++) expect(sorted[position - 1]! <= sorted[position]!).toBe(true);
      }),
      { numRuns: 300, seed: 12 },
    );
    // A view into a larger buffer is read at its own offset.
    const buffer = Float64Array.of(9, 3, 1, 2, 9);
    expect(Array.from(averageRanks(buffer.subarray(1, 4)))).toEqual([3, 1, 2]);
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
