import { describe, expect, it } from 'vitest';
import { convergenceWindow, initialConvergence, recordElbo, relativeDifference, upperMedian } from '../../src/vi/elbo-convergence.js';

describe('ADVI convergence test (Stan advi::stochastic_gradient_ascent)', () => {
  it("uses Stan's window max(0.1 maxIterations / evalElbo, 2), truncated", () => {
    expect(convergenceWindow(10_000, 100)).toBe(10);
    expect(convergenceWindow(1000, 100)).toBe(2);
    expect(convergenceWindow(2550, 100)).toBe(2);
    expect(convergenceWindow(3500, 100)).toBe(3);
  });

  it('takes the upper median, as circ_buff_median (nth_element at n / 2)', () => {
    expect(upperMedian([3, 1, 2])).toBe(2);
    expect(upperMedian([1, 1000])).toBe(1000);
    expect(upperMedian([4, 1, 3, 2])).toBe(3);
  });

  it('starts from a previous ELBO of 0, so the first relative change is 1 (Stan prints 1.000)', () => {
    const first = recordElbo(initialConvergence(10), -250);
    expect(first.relativeChange).toBe(1);
    expect(first.mean).toBe(1);
    expect(first.median).toBe(1);
    const second = recordElbo(first.state, -200);
    expect(second.relativeChange).toBeCloseTo(relativeDifference(-200, -250), 15);
    expect(second.relativeChange).toBeCloseTo(0.25, 15);
    expect(second.mean).toBeCloseTo(0.625, 15);
    expect(second.median).toBe(1);
    const third = recordElbo(second.state, -200);
    expect(third.median).toBe(0.25);
  });

  it('keeps only the last `capacity` changes', () => {
    let check = recordElbo(initialConvergence(2), -100);
    check = recordElbo(check.state, -50);
    check = recordElbo(check.state, -50);
    expect(check.state.changes).toEqual([1, 0]);
    expect(check.mean).toBe(0.5);
  });
});
