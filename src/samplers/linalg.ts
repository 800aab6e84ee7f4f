/**
 * The few dense linear-algebra routines the samplers need (metric set-up, Metropolis
 * proposal covariance), on square matrices stored row-major in a Float64Array.
 * They are O(d^3) and run once per metric or covariance change, never per leapfrog step.
 */

/** The side of a square row-major matrix, or an error naming `place` if not square. */
export function squareSide(matrix: Float64Array, place: string): number {
  const side = Math.round(Math.sqrt(matrix.length));
  if (side < 1 || side * side !== matrix.length) {
    throw new Error(`${place}: matrix has ${matrix.length} entries, but must be a non-empty square (d*d)`);
  }
  return side;
}

/**
 * Lower Cholesky factor L of a symmetric positive-definite A (A = L L'), by the
 * Cholesky–Banachiewicz recurrence (Golub & Van Loan 2013, section 4.2). Only the lower
 * triangle of A is read. Throws, naming `place`, the pivot and its value, when A is not
 * numerically positive definite.
 */
export function cholesky(matrix: Float64Array, place = 'cholesky'): Float64Array {
  const dim = squareSide(matrix, place);
  const lower = new Float64Array(dim * dim);
  for (let row = 0; row < dim; row++) {
    for (let col = 0; col <= row; col++) {
      let sum = matrix[row * dim + col]!;
      for (let k = 0; k < col; k++) sum -= lower[row * dim + k]! * lower[col * dim + k]!;
      if (row === col) {
        if (!(sum > 0) || !Number.isFinite(sum)) {
          throw new Error(
            `${place}: matrix is not positive definite (pivot ${row + 1} of ${dim} is ${sum}, ` +
              'but must be a positive finite number); check that it is a covariance matrix',
          );
        }
        lower[row * dim + col] = Math.sqrt(sum);
      } else {
        lower[row * dim + col] = sum / lower[col * dim + col]!;
      }
    }
  }
  return lower;
}

/**
 * Inverse of a symmetric positive-definite A from its Cholesky factor: A^{-1} = L^{-T} L^{-1},
 * solving L L' x = e_j column by column. The result is symmetrised exactly.
 */
export function inverseSymmetricPositiveDefinite(matrix: Float64Array, place = 'inverse'): Float64Array {
  const lower = cholesky(matrix, place);
  const dim = squareSide(matrix, place);
  const inverse = new Float64Array(dim * dim);
  const column = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    column.fill(0);
    column[j] = 1;
    solveLowerInPlace(lower, column);
    solveLowerTransposeInPlace(lower, column);
    for (let i = 0; i < dim; i++) inverse[i * dim + j] = column[i]!;
  }
  return symmetrizeInPlace(inverse, dim);
}

/** Replaces A_ij and A_ji by their mean: a matrix symmetric in exact arithmetic, exactly so. */
export function symmetrizeInPlace(matrix: Float64Array, dim: number): Float64Array {
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (matrix[i * dim + j]! + matrix[j * dim + i]!);
      matrix[i * dim + j] = mean;
      matrix[j * dim + i] = mean;
    }
  }
  return matrix;
}

/** Solves L y = b in place (forward substitution); L lower triangular, row-major. */
export function solveLowerInPlace(lower: Float64Array, vector: Float64Array): void {
  const dim = vector.length;
  for (let i = 0; i < dim; i++) {
    let sum = vector[i]!;
    for (let k = 0; k < i; k++) sum -= lower[i * dim + k]! * vector[k]!;
    vector[i] = sum / lower[i * dim + i]!;
  }
}

/** Solves L' x = y in place (back substitution); L lower triangular, row-major. */
export function solveLowerTransposeInPlace(lower: Float64Array, vector: Float64Array): void {
  const dim = vector.length;
  for (let i = dim - 1; i >= 0; i--) {
    let sum = vector[i]!;
    for (let k = i + 1; k < dim; k++) sum -= lower[k * dim + i]! * vector[k]!;
    vector[i] = sum / lower[i * dim + i]!;
  }
}

/** out = L x for lower-triangular L (row-major); `out` must not alias `vector`. */
export function lowerTriangularTimes(lower: Float64Array, vector: Float64Array, out: Float64Array): Float64Array {
  const dim = vector.length;
  for (let i = 0; i < dim; i++) {
    let sum = 0;
    for (let k = 0; k <= i; k++) sum += lower[i * dim + k]! * vector[k]!;
    out[i] = sum;
  }
  return out;
}

/** out = A x for a square row-major A; `out` must not alias `vector`. */
export function matrixTimes(matrix: Float64Array, vector: Float64Array, out: Float64Array): Float64Array {
  const dim = vector.length;
  for (let i = 0; i < dim; i++) {
    let sum = 0;
    const offset = i * dim;
    for (let k = 0; k < dim; k++) sum += matrix[offset + k]! * vector[k]!;
    out[i] = sum;
  }
  return out;
}

/**
 * Largest |A_ij - A_ji| relative to the largest |A_ij|: 0 for an exactly symmetric matrix.
 * Used to reject a non-symmetric "covariance" before it silently becomes a wrong metric.
 */
export function relativeAsymmetry(matrix: Float64Array, dim: number): number {
  let largest = 0;
  let asymmetry = 0;
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      largest = Math.max(largest, Math.abs(matrix[i * dim + j]!));
      if (j < i) asymmetry = Math.max(asymmetry, Math.abs(matrix[i * dim + j]! - matrix[j * dim + i]!));
    }
  }
  return largest === 0 ? 0 : asymmetry / largest;
}
