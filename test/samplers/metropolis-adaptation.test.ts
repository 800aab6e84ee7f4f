import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/random/rng';
import {
  metropolisAdaptationFinal,
  metropolisAdaptationInit,
  metropolisAdaptationUpdate,
} from '../../src/samplers/metropolis-adaptation';

describe('metropolisAdaptationInit', () => {
  it('starts at Haario\'s scale 2.38 / sqrt(d) with the identity shape', () => {
    const state = metropolisAdaptationInit(4);
    expect(state.parameters).toEqual({ proposalScale: 2.38 / 2 });
    expect(state.iteration).toBe(0);
    expect(() => metropolisAdaptationInit(0)).toThrow(/dim is 0, but must be a positive integer/);
    expect(() => metropolisAdaptationInit(2, { proposalScale: 0 })).toThrow(/proposalScale is 0/);
  });
});

describe('metropolisAdaptationUpdate', () => {
  it('is pure and moves the log scale by gamma_n (acceptStat - target)', () => {
    const start = metropolisAdaptationInit(2, { proposalScale: 1 });
    const position = Float64Array.of(0.5, -0.5);
    const up = metropolisAdaptationUpdate(start, position, 1);
    expect(up.logScale).toBeCloseTo(1 - 0.234, 14); // gamma_1 = 1
    const down = metropolisAdaptationUpdate(up, position, 0);
    expect(down.logScale).toBeCloseTo(1 - 0.234 - 2 ** -0.6 * 0.234, 14);
    expect(start.logScale).toBe(0);
    expect(start.iteration).toBe(0);
    expect(start.covariance.count).toBe(0);
    expect(() => metropolisAdaptationUpdate(start, position, 1.5)).toThrow(/acceptStat is 1.5, but must be in \[0, 1\]/);
    expect(() => metropolisAdaptationUpdate(start, position, 0.5, { gainDecay: 0.3 })).toThrow(/gainDecay is 0.3/);
  });

  it('adopts the running covariance at covarianceStart, restarting the scale, and refreshes it every interval', () => {
    const rng = makeRng(6);
    const options = { covarianceStart: 200, covarianceInterval: 100 };
    let state = metropolisAdaptationInit(2);
    const draws: Float64Array[] = [];
    for (let i = 0; i < 250; i++) {
      // Draws from N(0, diag(4, 0.25)): the estimate's Cholesky should be near diag(2, 0.5).
      const position = Float64Array.of(2 * rng.normal(), 0.5 * rng.normal());
      draws.push(position);
      state = metropolisAdaptationUpdate(state, position, 0.9, options);
      if (i === 198) expect(state.parameters.proposalCholesky).toBeUndefined();
      if (i === 199) {
        expect(state.parameters.proposalScale).toBeCloseTo(2.38 / Math.SQRT2, 14);
        const lower = state.parameters.proposalCholesky!;
        expect(lower[0]).toBeGreaterThan(1.6);
        expect(lower[0]).toBeLessThan(2.4);
        expect(lower[3]).toBeGreaterThan(0.4);
        expect(lower[3]).toBeLessThan(0.6);
        expect(lower[1]).toBe(0);
      }
    }
    // No refresh between 200 and 300; the scale keeps adapting (acceptance 0.9 > 0.234).
    expect(state.parameters.proposalScale).toBeGreaterThan(2.38 / Math.SQRT2);
    expect(metropolisAdaptationFinal(state)).toBe(state.parameters);
    expect(state.covariance.count).toBe(250);
  });

  it('adapts the scale only when adaptCovariance is false', () => {
    let state = metropolisAdaptationInit(1);
    for (let i = 0; i < 300; i++) state = metropolisAdaptationUpdate(state, Float64Array.of(i), 0.1, { adaptCovariance: false });
    expect(state.parameters.proposalCholesky).toBeUndefined();
    expect(state.parameters.proposalScale).toBeLessThan(2.38);
  });
});
