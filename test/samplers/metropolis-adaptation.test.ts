import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/random/rng.js';
import {
  type MetropolisAdaptationOptions,
  type MetropolisAdaptationState,
  metropolisAdaptationFinal,
  metropolisAdaptationInit,
  metropolisAdaptationUpdate,
} from '../../src/samplers/metropolis-adaptation.js';
import { expectCheckPasses } from '../helpers/expect-check.js';
import { metropolisAdaptive100d } from './metropolis.checks.js';

/** Feeds iid draws of N(0, diag(4, 0.25)) to the adaptation, recording every state. */
function adaptOnDraws(numUpdates: number, options: MetropolisAdaptationOptions): MetropolisAdaptationState[] {
  const rng = makeRng(6);
  const states = [metropolisAdaptationInit(2)];
  for (let i = 0; i < numUpdates; i++) {
    const position = Float64Array.of(2 * rng.normal(), 0.5 * rng.normal());
    states.push(metropolisAdaptationUpdate(states[states.length - 1]!, position, 0.9, options));
  }
  return states;
}

describe('metropolisAdaptationInit', () => {
  it("starts at Haario's scale 2.38 / sqrt(d) with the identity shape", () => {
    const state = metropolisAdaptationInit(4);
    expect(state.parameters).toEqual({ proposalScale: 2.38 / 2 });
    expect(state.iteration).toBe(0);
    expect(() => metropolisAdaptationInit(0)).toThrow(/dim is 0, but must be a positive integer/);
    expect(() => metropolisAdaptationInit(2, { proposalScale: 0 })).toThrow(/proposalScale is 0/);
  });
});

describe('metropolisAdaptationUpdate', () => {
  it('moves the log scale by gamma_n (acceptStat - target), gamma_n = (n + 10)^-0.6', () => {
    const start = metropolisAdaptationInit(2, { proposalScale: 1 });
    const position = Float64Array.of(0.5, -0.5);
    const up = metropolisAdaptationUpdate(start, position, 1);
    expect(up.logScale).toBeCloseTo(11 ** -0.6 * (1 - 0.234), 14);
    const down = metropolisAdaptationUpdate(up, position, 0);
    expect(down.logScale).toBeCloseTo(11 ** -0.6 * (1 - 0.234) - 12 ** -0.6 * 0.234, 14);
    expect(down.parameters.proposalScale).toBeCloseTo(Math.exp(down.logScale), 14);
    expect(start.logScale).toBe(0);
    expect(start.iteration).toBe(0);
    expect(() => metropolisAdaptationUpdate(start, position, 1.5)).toThrow(/acceptStat is 1.5, but must be in \[0, 1\]/);
    expect(() => metropolisAdaptationUpdate(start, position, 0.5, { gainDecay: 0.3 })).toThrow(/gainDecay is 0.3/);
    expect(() => metropolisAdaptationUpdate(start, Float64Array.of(1), 0.5)).toThrow(/position has length 1/);
  });

  it('refuses to update a state twice once its in-place covariance estimate has moved on', () => {
    const options = { initialBuffer: 0, baseWindow: 10 };
    const start = metropolisAdaptationInit(2);
    metropolisAdaptationUpdate(start, Float64Array.of(1, 2), 0.5, options);
    expect(() => metropolisAdaptationUpdate(start, Float64Array.of(1, 2), 0.5, options)).toThrow(/already updated/);
  });

  it('estimates the covariance in doubling windows that restart, and restarts the scale at each adoption', () => {
    const options = { initialBuffer: 20, baseWindow: 30, covarianceInterval: 5 };
    const states = adaptOnDraws(120, options);
    // Scale only in the initial buffer and the first window (30 draws after 20).
    expect(states[49]!.parameters.proposalCholesky).toBeUndefined();
    expect(states[49]!.covariance).toBe(states[0]!.covariance);
    const adopted = states[50]!;
    expect(adopted.parameters.proposalScale).toBeCloseTo(2.38 / Math.SQRT2, 14);
    expect(adopted.scaleIteration).toBe(0);
    expect([adopted.windowStart, adopted.windowSize, adopted.windowDraws]).toEqual([50, 60, 0]);
    const lower = adopted.parameters.proposalCholesky!;
    // 30 iid draws: the sd estimates 2 and 0.5 within about 4 standard errors (sd / sqrt(60)).
    expect(Math.abs(lower[0]! - 2)).toBeLessThan(1);
    expect(Math.abs(lower[3]! - 0.5)).toBeLessThan(0.25);
    expect(lower[1]).toBe(0);
    // The second window (60 draws) is adopted again every 5 draws from its 30th, and at its end.
    expect(states[79]!.parameters.proposalCholesky).toBe(lower);
    expect(states[80]!.parameters.proposalCholesky).not.toBe(lower);
    expect(states[80]!.scaleIteration).toBe(30); // a refresh inside a window keeps the scale
    expect(states[84]!.parameters.proposalCholesky).toBe(states[80]!.parameters.proposalCholesky);
    expect(states[110]!.scaleIteration).toBe(0);
    expect([states[110]!.windowStart, states[110]!.windowSize, states[120]!.windowDraws]).toEqual([110, 120, 10]);
    // The scale keeps adapting between adoptions (acceptance 0.9 > 0.234 pushes it up).
    expect(states[109]!.parameters.proposalScale).toBeGreaterThan(2.38 / Math.SQRT2);
  });

  it('stretches the last window to a terminal buffer when numWarmup is known, and stops estimating there', () => {
    const options = { numWarmup: 200, initialBuffer: 20, baseWindow: 30, terminalBuffer: 20 };
    const states = adaptOnDraws(200, options);
    // As Stan's compute_next_window: the first window ends after 50; the second (nominally
    // 50..110) is stretched to end at 180, because the window after it (to 230) would not fit.
    expect([states[50]!.windowStart, states[50]!.windowSize]).toEqual([50, 60]);
    expect(states[179]!.windowDraws).toBe(129);
    expect(states[180]!.scaleIteration).toBe(0);
    expect([states[180]!.windowStart, states[180]!.windowDraws]).toEqual([180, 0]);
    expect(states[200]!.windowDraws).toBe(0);
    expect(states[200]!.parameters.proposalCholesky).toBe(states[180]!.parameters.proposalCholesky);
    expect(states[200]!.scaleIteration).toBe(20);
  });

  it('adapts the scale only when adaptCovariance is false', () => {
    let state = metropolisAdaptationInit(1);
    for (let i = 0; i < 300; i++) state = metropolisAdaptationUpdate(state, Float64Array.of(i), 0.1, { adaptCovariance: false });
    expect(state.parameters.proposalCholesky).toBeUndefined();
    expect(state.parameters.proposalScale).toBeLessThan(2.38);
  });
});

describe('metropolisAdaptationFinal', () => {
  it('gives the gain-averaged scale with the last adopted shape', () => {
    const states = adaptOnDraws(150, { initialBuffer: 20, baseWindow: 30 });
    const last = states[150]!;
    const final = metropolisAdaptationFinal(last);
    expect(final.proposalScale).toBeCloseTo(Math.exp(last.averageLogScale), 14);
    expect(final.proposalScale).not.toBe(last.parameters.proposalScale);
    expect(final.proposalCholesky).toBe(last.parameters.proposalCholesky);
  });
});

describe('adaptive Metropolis on a 100-d Gaussian with scales 0.1 to 10', () => {
  it('tunes the acceptance, learns the variances and samples the means within their MCSE bound', () => expectCheckPasses(metropolisAdaptive100d));
});
