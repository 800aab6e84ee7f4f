import { describe, expect, it } from 'vitest';
import { adamStep, initialStepState, stanStep } from '../../src/vi/step-size.js';

describe('stanStep (Kucukelbir et al. 2017, eqs. 11-12)', () => {
  it('starts the running mean at g1² and then weights new squares by 0.1', () => {
    const first = stanStep(initialStepState(2), Float64Array.of(2, -4), 1);
    expect(Array.from(first.state.second)).toEqual([4, 16]);
    // rho_1 = eta / (1 + sqrt(s_1)): the first step is g / (1 + |g|).
    expect(first.increment[0]).toBeCloseTo(2 / 3, 14);
    expect(first.increment[1]).toBeCloseTo(-4 / 5, 14);
    const second = stanStep(first.state, Float64Array.of(1, 0), 0.5);
    expect(second.state.second[0]).toBeCloseTo(0.1 * 1 + 0.9 * 4, 14);
    expect(second.state.second[1]).toBeCloseTo(0.9 * 16, 14);
    expect(second.increment[0]).toBeCloseTo((0.5 / Math.SQRT2) / (1 + Math.sqrt(3.7)), 12);
    expect(second.increment[1]).toBe(0);
    expect(second.state.iteration).toBe(2);
  });

  it('shrinks like eta / sqrt(k) for a constant gradient', () => {
    let state = initialStepState(1);
    const increments: number[] = [];
    for (let k = 1; k <= 100; k++) {
      const step = stanStep(state, Float64Array.of(3), 2);
      state = step.state;
      increments.push(step.increment[0]!);
    }
    expect(increments[99]! / increments[24]!).toBeCloseTo(0.5, 10);
  });
});

describe('adamStep (Kingma & Ba 2015, algorithm 1)', () => {
  it('moves each coordinate by about eta whatever the gradient scale', () => {
    const step = adamStep(initialStepState(2), Float64Array.of(1e-3, -1e3), 0.1);
    expect(step.increment[0]).toBeCloseTo(0.1, 4);
    expect(step.increment[1]).toBeCloseTo(-0.1, 10);
  });

  it('keeps bias-corrected moment estimates', () => {
    const first = adamStep(initialStepState(1), Float64Array.of(2), 1);
    const second = adamStep(first.state, Float64Array.of(4), 1);
    const m = 0.9 * 0.2 + 0.1 * 4;
    const v = 0.999 * 0.004 + 0.001 * 16;
    expect(second.state.first[0]).toBeCloseTo(m, 14);
    expect(second.state.second[0]).toBeCloseTo(v, 14);
    expect(second.increment[0]).toBeCloseTo(m / (1 - 0.81) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8), 12);
  });
});
