import { add } from '../../ad/ops/arithmetic.js';
import { dot, matmul, transpose } from '../../ad/ops/linalg.js';
import { flatten, gather } from '../../ad/ops/shape.js';
import { log } from '../../ad/ops/unary.js';
import { Tensor, formatShape, type Shape } from '../../ad/tensor.js';
import type { Value } from '../../ad/trace.js';
import { cholesky } from '../../samplers/linalg.js';
import { checkShape, elementName } from './shapes.js';

// What the correlation- and covariance-matrix transforms share: a K×K shape, L Lᵀ, the
// log-Jacobian of L ↦ L Lᵀ onto the free entries, and the checks of a given symmetric matrix.

/** Entries must be symmetric, and a correlation matrix's diagonal 1, within this (Stan's CONSTRAINT_TOLERANCE). */
export const MATRIX_TOLERANCE = 1e-8;

/** K of a K×K shape; throws naming the transform otherwise. */
export function squareDimension(transformName: string, shape: Shape): number {
  checkShape(transformName, shape);
  if (shape.length !== 2 || shape[0] !== shape[1] || shape[0]! < 1) {
    throw new Error(`${transformName}: shape ${formatShape(shape)} is not valid; it is a K×K matrix with K ≥ 1`);
  }
  return shape[0]!;
}

/** L Lᵀ (symmetric bit for bit: entries (i, j) and (j, i) are the same products in the same order). */
export const timesOwnTranspose = (lower: Value): Value => matmul(lower, transpose(lower));

/**
 * log |J| of L ↦ L Lᵀ from the lower triangle of L (row by row) onto that of L Lᵀ:
 * Σ_j (K − 1 − j + extra) log L_jj (0-based j) plus `constant`. Row i of L Lᵀ below the
 * diagonal is L_[0..i−1] times row i of L, a triangular map with determinant Π_{j<i} L_jj;
 * with the diagonal free too (covariance), Σ_ii = Σ_m L_im² adds 2 L_ii (extra = 1,
 * constant K log 2). Stan Math's cov_matrix_constrain and read_corr_matrix.
 */
export function productLogJacobian(lower: Value, dimension: number, extra: 0 | 1, constant: number): Value {
  const diagonal = gather(flatten(lower), Int32Array.from({ length: dimension }, (_, j) => j * dimension + j));
  const weights = new Tensor(Float64Array.from({ length: dimension }, (_, j) => dimension - 1 - j + extra), [dimension]);
  const term = dot(weights, log(diagonal));
  return constant === 0 ? term : add(constant, term);
}

/** The lower Cholesky factor of a given symmetric positive-definite matrix, checked; names the transform. */
export function factorOf(transformName: string, x: Float64Array, shape: Shape): Float64Array {
  const dimension = shape[0]!;
  for (let i = 0; i < dimension; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [x[i * dimension + j]!, x[j * dimension + i]!];
      if (!(Math.abs(a - b) <= MATRIX_TOLERANCE * Math.max(1, Math.abs(a)))) {
        throw new Error(`${transformName}: the matrix must be symmetric, but ${elementName(shape, i * dimension + j)} is ${a} and ${elementName(shape, j * dimension + i)} is ${b}`);
      }
    }
  }
  try {
    return cholesky(x, transformName);
  } catch (error) {
    throw new Error((error as Error).message.replace('check that it is a covariance matrix', 'a covariance or correlation matrix must be positive definite'));
  }
}
