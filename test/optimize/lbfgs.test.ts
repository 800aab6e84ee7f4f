import { describe, expect, it } from 'vitest';
import { applyInverseHessian, dotProduct, emptyHistory, pushPair } from '../../src/optimize/lbfgs.js';

const vector = (...values: number[]): Float64Array => Float64Array.from(values);

describe('L-BFGS two-loop recursion (Nocedal & Wright algorithm 7.4)', () => {
  it('is the identity with no history', () => {
    expect(Array.from(applyInverseHessian(emptyHistory(5), vector(1, -2)))).toEqual([1, -2]);
  });

  it('satisfies the secant equation H y = s for the newest pair', () => {
    let history = emptyHistory(3);
    history = pushPair(history, vector(1, 0, 0.5), vector(2, 0.3, 1));
    history = pushPair(history, vector(0.2, -1, 0.1), vector(0.5, -3, 0.4));
    history = pushPair(history, vector(-0.3, 0.4, 1), vector(-0.2, 1.5, 4));
    const s = applyInverseHessian(history, vector(-0.2, 1.5, 4));
    expect(Array.from(s).map((v) => Number(v.toFixed(12)))).toEqual([-0.3, 0.4, 1]);
  });

  it('recovers the inverse of a diagonal Hessian from coordinate steps', () => {
    // f = (x² + 4 y²) / 2: y = H s with H = diag(1, 4).
    let history = emptyHistory(5);
    history = pushPair(history, vector(1, 0), vector(1, 0));
    history = pushPair(history, vector(0, 1), vector(0, 4));
    const direction = applyInverseHessian(history, vector(3, 8));
    expect(direction[0]).toBeCloseTo(3, 12);
    expect(direction[1]).toBeCloseTo(2, 12);
  });

  it('skips pairs without positive curvature and keeps at most `capacity` pairs', () => {
    const history = emptyHistory(2);
    expect(pushPair(history, vector(1, 0), vector(-1, 0))).toBe(history);
    let full = history;
    for (let k = 1; k <= 4; k++) full = pushPair(full, vector(k, 0), vector(k, 1));
    expect(full.steps.map((s) => s[0])).toEqual([3, 4]);
    expect(dotProduct(vector(1, 2), vector(3, 4))).toBe(11);
    expect(() => emptyHistory(0)).toThrow(/history is 0/);
  });
});
