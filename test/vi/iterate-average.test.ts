import { describe, expect, it } from 'vitest';
import { addIterate, averagedIterate, closeBlock, initialAverage } from '../../src/vi/iterate-average.js';

describe('Polyak–Ruppert iterate averaging over the last blocks', () => {
  it('averages the iterates of the last `capacity` closed blocks', () => {
    let average = initialAverage(1, 2);
    expect(averagedIterate(average)).toBeUndefined();
    // Blocks of two iterates: [1, 2], [3, 4], [5, 6]; the last two blocks hold 3..6.
    for (let k = 1; k <= 6; k++) {
      average = addIterate(average, Float64Array.of(k));
      if (k % 2 === 0) average = closeBlock(average);
    }
    expect(averagedIterate(average)![0]).toBeCloseTo(4.5, 14);
  });

  it('counts a partial block in place of the oldest one', () => {
    let average = initialAverage(2, 2);
    for (const value of [10, 20]) average = addIterate(average, Float64Array.of(value, -value));
    average = closeBlock(average);
    for (const value of [30, 40]) average = addIterate(average, Float64Array.of(value, -value));
    average = closeBlock(average);
    average = addIterate(average, Float64Array.of(100, -100));
    // Blocks kept: [30, 40] and the partial [100].
    const mean = averagedIterate(average)!;
    expect(mean[0]).toBeCloseTo((30 + 40 + 100) / 3, 12);
    expect(mean[1]).toBeCloseTo(-(30 + 40 + 100) / 3, 12);
  });
});
