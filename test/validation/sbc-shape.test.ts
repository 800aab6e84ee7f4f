import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/random/rng.js';
import { rankShape } from '../../src/validation/sbc-shape.js';

// Ranks of a true value among L = 99 draws when the fitted posterior is normal(shift, scale)
// and the exact posterior standard normal (the true value is a draw from the latter).
function ranks(shift: number, scale: number, seed: number): number[] {
  const rng = makeRng(seed);
  return Array.from({ length: 400 }, () => {
    const truth = rng.normal();
    let below = 0;
    for (let l = 0; l < 99; l++) if (shift + scale * rng.normal() < truth) below += 1;
    return below;
  });
}

describe('rankShape reads the direction of miscalibration (Talts et al. 2018, section 4.2)', () => {
  it('calls calibrated ranks uniform', () => {
    const shape = rankShape(ranks(0, 1, 1), 99);
    expect(shape.reading).toBe('consistent with uniform');
    expect(Math.abs(shape.meanZ)).toBeLessThan(3);
    expect(Math.abs(shape.spreadZ)).toBeLessThan(3);
  });

  it('a too narrow fit piles ranks at both ends', () => {
    const shape = rankShape(ranks(0, 0.5, 2), 99);
    expect(shape.reading).toBe('too narrow (overconfident)');
    expect(shape.spreadRatio).toBeGreaterThan(1.2);
  });

  it('a too wide fit piles ranks in the middle', () => {
    const shape = rankShape(ranks(0, 2, 3), 99);
    expect(shape.reading).toBe('too wide (underconfident)');
    expect(shape.spreadRatio).toBeLessThan(0.8);
  });

  it('a fit shifted up gives low ranks, and one shifted down high ranks', () => {
    expect(rankShape(ranks(0.7, 1, 4), 99).reading).toBe('biased: fitted posterior too high');
    expect(rankShape(ranks(-0.7, 1, 5), 99).reading).toBe('biased: fitted posterior too low');
  });
});
