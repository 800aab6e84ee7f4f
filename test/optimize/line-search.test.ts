import { describe, expect, it } from 'vitest';
import { cubicStep, defaultLineSearchOptions, type LinePoint, strongWolfeSearch } from '../../src/optimize/line-search.js';

/** phi(alpha) = f(alpha) for a one-dimensional f along p = +1 from x = 0. */
function along(f: (x: number) => number, derivative: (x: number) => number): { evaluate: (alpha: number) => LinePoint } {
  return {
    evaluate: (alpha) => ({ alpha, value: f(alpha), slope: derivative(alpha), position: Float64Array.of(alpha), gradient: Float64Array.of(derivative(alpha)) }),
  };
}

function expectStrongWolfe(point: LinePoint, start: LinePoint): void {
  const { c1, c2 } = defaultLineSearchOptions;
  expect(point.value).toBeLessThanOrEqual(start.value + c1 * point.alpha * start.slope);
  expect(Math.abs(point.slope)).toBeLessThanOrEqual(c2 * Math.abs(start.slope));
}

describe('strongWolfeSearch (Nocedal & Wright algorithms 3.5 and 3.6)', () => {
  const quadratic = along((x) => (x - 3) ** 2, (x) => 2 * (x - 3));
  const start = quadratic.evaluate(0);

  it('returns a point meeting both strong Wolfe conditions, expanding from a tiny first step', () => {
    const result = strongWolfeSearch(quadratic.evaluate, start, 1e-3);
    if (!result.ok) throw new Error(result.reason);
    expectStrongWolfe(result.point, start);
    expect(result.evaluations).toBeLessThan(10);
  });

  it('zooms into a bracket when the first step overshoots', () => {
    const result = strongWolfeSearch(quadratic.evaluate, start, 50);
    if (!result.ok) throw new Error(result.reason);
    expectStrongWolfe(result.point, start);
  });

  it('backs off from where the function is not finite', () => {
    const walled = along((x) => (x > 1.5 ? Infinity : (x - 1) ** 2), (x) => (x > 1.5 ? NaN : 2 * (x - 1)));
    const begin = walled.evaluate(0);
    const result = strongWolfeSearch(walled.evaluate, begin, 10);
    if (!result.ok) throw new Error(result.reason);
    expect(result.point.alpha).toBeLessThan(1.5);
    expectStrongWolfe(result.point, begin);
  });

  it('fails with a reason on an ascent direction or an unbounded function', () => {
    const uphill = strongWolfeSearch(quadratic.evaluate, quadratic.evaluate(5), 1);
    expect(uphill.ok).toBe(false);
    if (!uphill.ok) expect(uphill.reason).toMatch(/not a descent direction/);
    const linear = along((x) => -x, () => -1);
    const unbounded = strongWolfeSearch(linear.evaluate, linear.evaluate(0), 1);
    expect(unbounded.ok).toBe(false);
  });
});

describe('cubicStep (N&W eq. 3.59)', () => {
  const point = (alpha: number, f: (x: number) => number, d: (x: number) => number): LinePoint => ({ alpha, value: f(alpha), slope: d(alpha), position: new Float64Array(0), gradient: new Float64Array(0) });

  it('finds the minimiser of a cubic from its values and slopes at two points', () => {
    // f(x) = x³ − 3x has its local minimum at 1.
    const f = (x: number): number => x ** 3 - 3 * x;
    const d = (x: number): number => 3 * x * x - 3;
    expect(cubicStep(point(0, f, d), point(1.8, f, d))).toBeCloseTo(1, 12);
    expect(cubicStep(point(1.8, f, d), point(0, f, d))).toBeCloseTo(1, 12);
  });

  it('bisects when the interpolant is unusable', () => {
    const f = (x: number): number => (x > 1 ? Infinity : x);
    expect(cubicStep(point(0, f, () => -1), point(2, f, () => NaN))).toBe(1);
  });
});
