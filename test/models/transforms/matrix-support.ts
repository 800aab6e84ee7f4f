import { expect } from 'vitest';
import { flatten, gather, type Value } from '../../../src/index.js';
import type { Primal } from '../../../src/ad/trace.js';
import { dataOf } from './support.js';

// Free coordinates and set-membership checks of the matrix transforms' tests.

/** The entries of a flattened value at `indices`, as the free coordinates of a transform. */
export const entries = (indices: readonly number[]) => (v: Value): Value => gather(flatten(v), indices);

/** Flat indices of the lower triangle of each K×K matrix of `count`, row by row; `strict` leaves the diagonal out. */
export function lowerIndices(dimension: number, strict: boolean, count = 1): number[] {
  const out: number[] = [];
  for (let c = 0; c < count; c++) {
    for (let i = 0; i < dimension; i++) for (let j = 0; j < (strict ? i : i + 1); j++) out.push(c * dimension * dimension + i * dimension + j);
  }
  return out;
}

/** Throws unless x is a symmetric K×K matrix with positive pivots (positive definite), and unit diagonal if `correlation`. */
export const isSymmetricPositiveDefinite = (dimension: number, correlation: boolean) => (x: Primal, strict: boolean): void => {
  const a = Float64Array.from(dataOf(x));
  for (let i = 0; i < dimension; i++) {
    if (correlation) expect(Math.abs(a[i * dimension + i]! - 1), `diagonal ${i}`).toBeLessThan(1e-12);
    for (let j = 0; j < i; j++) expect(a[i * dimension + j], `entry (${i}, ${j})`).toBe(a[j * dimension + i]);
  }
  // Gaussian elimination without pivoting: every pivot of a positive-definite matrix is positive.
  for (let c = 0; c < dimension; c++) {
    const pivot = a[c * dimension + c]!;
    expect(strict ? pivot > 0 : pivot >= 0, `pivot ${c} is ${pivot}`).toBe(true);
    if (pivot === 0) return;
    for (let r = c + 1; r < dimension; r++) {
      const factor = a[r * dimension + c]! / pivot;
      for (let k = c; k < dimension; k++) a[r * dimension + k]! -= factor * a[c * dimension + k]!;
    }
  }
};
