import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/random/rng.js';
import { binRanks, drawsNeeded, rankOf, thinningPlan } from '../../src/validation/sbc-ranks.js';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { rankExchangeable, rankTies } from './validation.checks.js';

describe('rankOf', () => {
  it('counts the draws below the true value', () => {
    const rng = makeRng(1);
    expect(rankOf(0.5, [0.1, 0.9, 0.4, 0.7], rng)).toBe(2);
    expect(rankOf(-1, [0.1, 0.9], rng)).toBe(0);
    expect(rankOf(5, [0.1, 0.9], rng)).toBe(2);
  });

  // Uniformity is a statistical property: functions of the seed in validation.checks.ts.
  it('breaks ties uniformly at random', () => expectCheckPasses(rankTies));
  it('is uniform when the true value and the draws are exchangeable (Talts et al., Theorem 1)', () => expectCheckPasses(rankExchangeable));

  it('rejects NaN draws and non-finite true values', () => {
    expect(() => rankOf(0, [1, NaN], makeRng(1))).toThrow('draws[1] is NaN');
    expect(() => rankOf(Infinity, [1], makeRng(1))).toThrow('true value is Infinity');
  });
});

describe('binRanks', () => {
  it('puts (L + 1) / B consecutive ranks in each bin', () => {
    expect(binRanks([0, 4, 5, 9, 19, 15], 19, 4)).toEqual([2, 2, 0, 2]);
  });

  it('needs bins that divide the number of possible ranks, and ranks in range', () => {
    expect(() => binRanks([0], 19, 3)).toThrow('dividing the 20 possible ranks');
    expect(() => binRanks([20], 19, 4)).toThrow('ranks[0] is 20');
  });
});

describe('thinningPlan (Talts et al. section 4)', () => {
  it('keeps L draws on a regular grid ending at the last draw', () => {
    const plan = thinningPlan(500, 300, 99);
    expect(plan?.stride).toBe(5);
    expect(plan?.indices.length).toBe(99);
    expect(plan?.indices.at(-1)).toBe(499);
    expect(plan?.indices[0]).toBe(499 - 98 * 5);
  });

  it('refuses when the stride that independence needs leaves fewer than L draws', () => {
    // 500 draws with ESS 80: independence needs a stride of 7, but 99 draws allow only 5.
    expect(thinningPlan(500, 80, 99)).toBeUndefined();
    expect(thinningPlan(50, 50, 99)).toBeUndefined();
    expect(thinningPlan(500, NaN, 99)).toBeUndefined();
  });

  it('asks for enough draws to thin to L nearly independent ones', () => {
    // 1.2 · 99 draws · 500/80 per independent one = 743; its ESS 118.9 needs a stride of
    // ceil(743 / 118.9) = 7, and 743 draws allow floor(743 / 99) = 7: kept 56, 63, ..., 742.
    const needed = drawsNeeded(500, 80, 99);
    expect(needed).toBe(743);
    expect(thinningPlan(needed, (80 / 500) * needed, 99)).toEqual({ stride: 7, indices: Array.from({ length: 99 }, (_, l) => 56 + 7 * l) });
    // Without the 20% margin the plan would not fit.
    expect(thinningPlan(619, (80 / 500) * 619, 99)).toBeUndefined();
  });
});
