import { formatShape, type Shape } from '../../ad/tensor.js';
import { expectRank } from './checks.js';
import type { Value } from '../../ad/trace.js';

/** Rows of a vector (one row) or matrix (its rows), each of length K. */
export function rowsOf(shape: Shape): { rows: number; size: number } {
  return { rows: shape.length === 1 ? 1 : shape[0]!, size: shape[shape.length - 1]! };
}

/** Tolerance of the simplex check on the sum, as Stan's check_simplex (1e-8). */
export const SIMPLEX_TOLERANCE = 1e-8;

/**
 * Why a plain vector (or each row of a matrix) is not a simplex, or undefined if it is:
 * "theta[1] is -0.1, but must be non-negative" or "theta[2, :] sums to 1.2, but a simplex
 * must sum to 1".
 */
export function simplexViolation(argName: string, data: Float64Array, shape: Shape): string | undefined {
  const { rows, size } = rowsOf(shape);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let k = 0; k < size; k++) {
      const x = data[r * size + k]!;
      if (!(x >= 0) || !Number.isFinite(x)) {
        const index = shape.length === 1 ? `[${k}]` : `[${r}, ${k}]`;
        return `${argName}${index} is ${x}, but must be non-negative`;
      }
      total += x;
    }
    if (Math.abs(total - 1) > SIMPLEX_TOLERANCE) {
      const row = shape.length === 1 ? '' : `[${r}, :]`;
      return `${argName}${row} sums to ${total}, but a simplex must sum to 1`;
    }
  }
  return undefined;
}

/** Throws unless `value` is a vector or a matrix of rows, and (when given) its rows have K entries. */
export function expectRows(distribution: string, argName: string, value: Value, size?: number): Shape {
  const shape = expectRank(distribution, argName, value, [1, 2], 'a vector or a matrix of row vectors');
  if (size !== undefined && shape[shape.length - 1] !== size) {
    throw new Error(`${distribution}: ${argName} has shape ${formatShape(shape)}, but its rows must have ${size} entries`);
  }
  return shape;
}
