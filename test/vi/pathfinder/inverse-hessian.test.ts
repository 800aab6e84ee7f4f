import { describe, expect, it } from 'vitest';
import { makeRng } from '../../../src/random/rng.js';
import { cholesky, inverseSymmetricPositiveDefinite, solveLowerInPlace } from '../../../src/samplers/linalg.js';
import { applyInverseHessianFactors, denseInverseHessian, inverseHessianFactors, updateDiagonal } from '../../../src/vi/pathfinder/inverse-hessian.js';
import { localNormal } from '../../../src/vi/pathfinder/local-normal.js';

/** Pairs (s, y = A s) of a random SPD Hessian A: what L-BFGS collects on a quadratic. */
function quadraticPairs(seed: number, n: number, m: number) {
  const rng = makeRng(seed);
  const root = Float64Array.from({ length: n * n }, () => rng.normal());
  const hessian = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let sum = i === j ? 0.5 : 0;
    for (let k = 0; k < n; k++) sum += root[i * n + k]! * root[j * n + k]!;
    hessian[i * n + j] = sum / n;
  }
  const steps = Array.from({ length: m }, () => Float64Array.from({ length: n }, () => rng.normal()));
  const changes = steps.map((s) => Float64Array.from({ length: n }, (_, i) => s.reduce((sum, value, k) => sum + hessian[i * n + k]! * value, 0)));
  const alpha = Float64Array.from({ length: n }, () => 0.5 + rng.uniform());
  return { hessian, steps, changes, alpha };
}

/** The BFGS recursion H+ = (I − ρ s y') H (I − ρ y s') + ρ s s' from H0 = diag(α), densely. */
function denseBfgs(alpha: Float64Array, steps: Float64Array[], changes: Float64Array[]): Float64Array {
  const n = alpha.length;
  let h = new Float64Array(n * n);
  alpha.forEach((value, i) => (h[i * n + i] = value));
  steps.forEach((s, k) => {
    const y = changes[k]!;
    const rho = 1 / s.reduce((sum, value, i) => sum + value * y[i]!, 0);
    const left = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) left[i * n + j] = (i === j ? 1 : 0) - rho * s[i]! * y[j]!;
    const next = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let sum = rho * s[i]! * s[j]!;
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) sum += left[i * n + a]! * h[a * n + b]! * left[j * n + b]!;
      next[i * n + j] = sum;
    }
    h = next;
  });
  return h;
}

describe('Pathfinder inverse-Hessian factors (Byrd, Nocedal & Schnabel 1994)', () => {
  it.each([[6, 2], [5, 3], [12, 5]])('equal the BFGS recursion from diag(alpha) (n = %i, m = %i)', (n, m) => {
    const { steps, changes, alpha } = quadraticPairs(n + m, n, m);
    const expected = denseBfgs(alpha, steps, changes);
    const actual = denseInverseHessian(inverseHessianFactors(alpha, steps, changes));
    actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 10));
    // The secant condition H y = s holds for the newest pair.
    const hy = applyInverseHessianFactors(inverseHessianFactors(alpha, steps, changes), changes[m - 1]!);
    hy.forEach((value, i) => expect(value).toBeCloseTo(steps[m - 1]![i]!, 10));
  });

  it('updates the diagonal as the diagonal of the scaled BFGS Hessian update (Gilbert & Lemaréchal 1989)', () => {
    const n = 7;
    const { steps, changes, alpha } = quadraticPairs(3, n, 1);
    const s = steps[0]!;
    const y = changes[0]!;
    const b = s.reduce((sum, value, i) => sum + value * y[i]!, 0);
    const a = y.reduce((sum, value, i) => sum + value * alpha[i]! * value, 0);
    // B = (a/b) diag(1/alpha); B+ = B − B s s' B / (s' B s) + y y' / b; expected alpha+ = 1 / diag(B+).
    const bDiag = alpha.map((value) => a / (b * value));
    const sBs = s.reduce((sum, value, i) => sum + value * bDiag[i]! * value, 0);
    const expected = alpha.map((_, i) => 1 / (bDiag[i]! - (bDiag[i]! * s[i]!) ** 2 / sBs + (y[i]! * y[i]!) / b));
    const actual = updateDiagonal(alpha, s, y);
    actual.forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i]!, 12);
      expect(value).toBeGreaterThan(0);
    });
  });
});

describe("Pathfinder's local normal N(theta + H grad, H)", () => {
  it.each([['thin', 12, 3], ['dense', 5, 3]] as const)('%s case: log q is the normal density and draws have covariance H', (_case, n, m) => {
    const { steps, changes, alpha } = quadraticPairs(7, n, m);
    const factors = inverseHessianFactors(alpha, steps, changes);
    const covariance = denseInverseHessian(factors);
    const position = Float64Array.from({ length: n }, (_, i) => i / n);
    const gradient = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const normal = localNormal(position, gradient, factors)!;
    const step = applyInverseHessianFactors(factors, gradient);
    normal.mean.forEach((value, i) => expect(value).toBeCloseTo(position[i]! + step[i]!, 12));
    // log q against the dense density: −(log|H| + (x−μ)' H⁻¹ (x−μ) + n log 2π) / 2.
    const lower = cholesky(covariance);
    const logDeterminant = 2 * Array.from({ length: n }, (_, i) => Math.log(lower[i * n + i]!)).reduce((a, b) => a + b, 0);
    expect(normal.logDeterminant).toBeCloseTo(logDeterminant, 9);
    const rng = makeRng(8);
    const count = 20000;
    const sums = new Float64Array(n * n);
    const x = new Float64Array(n);
    for (let k = 0; k < count; k++) {
      const logQ = normal.drawInto(rng, x);
      const centred = x.map((value, i) => value - normal.mean[i]!);
      if (k < 5) {
        const whitened = Float64Array.from(centred);
        solveLowerInPlace(lower, whitened);
        const expected = -0.5 * (logDeterminant + whitened.reduce((sum, value) => sum + value * value, 0) + n * Math.log(2 * Math.PI));
        expect(logQ).toBeCloseTo(expected, 9);
      }
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sums[i * n + j]! += (centred[i]! * centred[j]!) / count;
    }
    // Each sample covariance entry has sd sqrt((H_ii H_jj + H_ij²) / count); 5 sd.
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const sd = Math.sqrt((covariance[i * n + i]! * covariance[j * n + j]! + covariance[i * n + j]! ** 2) / count);
      expect(Math.abs(sums[i * n + j]! - covariance[i * n + j]!)).toBeLessThan(5 * sd);
    }
    expect(inverseSymmetricPositiveDefinite(covariance).every(Number.isFinite)).toBe(true);
  });
});
