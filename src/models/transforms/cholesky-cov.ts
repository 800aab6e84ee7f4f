import { add } from '../../ad/ops/arithmetic.js';
import { sum } from '../../ad/ops/reduce.js';
import { concat, gather, reshape } from '../../ad/ops/shape.js';
import { exp } from '../../ad/ops/unary.js';
import { formatShape, zeros, type Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import { checkShape, constrainedData, elementName, unconstrainedVector } from './shapes.js';
import type { Transform } from './transform.js';

// Stan reference manual, "Constraint transforms", Cholesky factors of covariance
// matrices, for Stan's cholesky_factor_cov[M, N] (M ≥ N; a K×K factor is M = N = K):
// the N(N+1)/2 + (M−N)N unconstrained reals fill the lower trapezoid row by row
// (row m takes columns 0..min(m, N−1)); diagonal entries are exp of theirs, the others
// are their own. The Jacobian is diagonal, so log |J| = Σ of the unconstrained reals at
// the diagonal positions (Stan Math's cholesky_factor_constrain).

interface Layout {
  readonly rows: number;
  readonly columns: number;
  readonly size: number;
  /** Per cell (row-major): 1 + index of its unconstrained real if below the diagonal, else 0. */
  readonly belowDiagonal: Int32Array;
  /** Per cell: 1 + n for the diagonal cell (n, n), else 0. */
  readonly diagonal: Int32Array;
  /** The unconstrained index of each diagonal cell. */
  readonly diagonalPositions: Int32Array;
}

function layout(shape: Shape): Layout {
  checkShape('choleskyCov', shape);
  const [rows, columns] = shape as [number, number];
  if (shape.length !== 2 || rows < columns || columns < 1) {
    throw new Error(`choleskyCov: shape ${formatShape(shape)} is not valid; a Cholesky factor of a covariance matrix is M×N with M ≥ N ≥ 1`);
  }
  const belowDiagonal = new Int32Array(rows * columns);
  const diagonal = new Int32Array(rows * columns);
  const diagonalPositions = new Int32Array(columns);
  let k = 0;
  for (let m = 0; m < rows; m++) {
    for (let n = 0; n <= Math.min(m, columns - 1); n++) {
      if (m === n) {
        diagonal[m * columns + n] = n + 1;
        diagonalPositions[n] = k;
      } else {
        belowDiagonal[m * columns + n] = k + 1;
      }
      k++;
    }
  }
  return { rows, columns, size: k, belowDiagonal, diagonal, diagonalPositions };
}

export const choleskyCovTransform: Transform = Object.freeze({
  name: 'choleskyCov',
  unconstrainedSize(shape: Shape): number {
    return layout(shape).size;
  },
  forward(unconstrained: Value, shape: Shape) {
    const { rows, columns, size, belowDiagonal, diagonal, diagonalPositions } = layout(shape);
    const y = unconstrainedVector('choleskyCov', unconstrained, size, shape);
    const logDiagonal = gather(y, diagonalPositions);
    // Two gathers from zero-padded vectors place the free entries and exp(diagonal);
    // exp is never applied to the free entries (whose overflow would poison gradients).
    const free = gather(concat([zeros([1]), y]), belowDiagonal);
    const positive = gather(concat([zeros([1]), exp(logDiagonal)]), diagonal);
    return { value: reshape(add(free, positive), [rows, columns]), logAbsDetJacobian: sum(logDiagonal) };
  },
  inverse(constrained: Primal, shape: Shape): Float64Array {
    const { rows, columns, size } = layout(shape);
    const x = constrainedData('choleskyCov', constrained, shape);
    const out = new Float64Array(size);
    let k = 0;
    for (let m = 0; m < rows; m++) {
      for (let n = 0; n < columns; n++) {
        const v = x[m * columns + n]!;
        const name = elementName(shape, m * columns + n);
        if (n > m) {
          if (v !== 0) throw new Error(`choleskyCov: ${name} is ${v}, but a Cholesky factor must be lower triangular (zero above the diagonal)`);
          continue;
        }
        if (!Number.isFinite(v)) throw new Error(`choleskyCov: ${name} is ${v}, but must be finite`);
        if (n === m && !(v > 0)) throw new Error(`choleskyCov: ${name} is ${v}, but the diagonal must be positive`);
        out[k++] = n === m ? Math.log(v) : v;
      }
    }
    return out;
  },
});
