import { mul } from '../../../ad/ops/arithmetic.js';
import { cholesky } from '../../../ad/ops/cholesky.js';
import { matmul, transpose } from '../../../ad/ops/linalg.js';
import { determinant, inverse, logAbsDeterminant, solve } from '../../../ad/ops/lu.js';
import { sum } from '../../../ad/ops/reduce.js';
import { checkedSymmetric } from '../../../ad/ops/symmetric.js';
import { triangularSolve } from '../../../ad/ops/triangular-solve.js';
import { log } from '../../../ad/ops/unary.js';
import { Tensor } from '../../../ad/tensor.js';
import { shapeOf, type Value } from '../../../ad/trace.js';
import { REAL, type Size, type SpecType } from '../types.js';
import { arity, type Argument, type SpecFunction } from './function.js';
import { diagonalOf } from './matrix-values.js';
import { leftRightHandSide, rightLeftHandSide, squareMatrix } from './matrix-checks.js';

// Stan functions reference, "Linear algebra functions and solvers": solves, inverses and
// determinants. General matrices go through an LU factorisation with partial pivoting
// (src/ad/ops/lu.ts), symmetric positive-definite ones through the Cholesky factor, whose
// failure (not positive definite) rejects the point. All are differentiable.

const sideOf = (t: SpecType): Size => (t as { rows: Size }).rows;

/** f(A, b) or f(b, A): the square matrix at `matrixAt`, the other side checked by `other`. */
function solver(
  name: string,
  usage: string,
  doc: string,
  matrixAt: 0 | 1,
  other: (name: string, args: readonly Argument[], position: number, side: Size) => SpecType | string,
  kernel: (args: readonly Value[]) => Value,
): SpecFunction {
  return {
    name,
    usage,
    doc,
    check: (args) => {
      const problem = arity(name, args, 2);
      if (problem !== undefined) return problem;
      const a = squareMatrix(name, args, matrixAt);
      return typeof a === 'string' ? a : other(name, args, 1 - matrixAt, sideOf(a));
    },
    kernel,
  };
}

/** A square matrix in, `result` out. */
function ofSquare(name: string, doc: string, result: (a: SpecType) => SpecType, kernel: (A: Value) => Value): SpecFunction {
  return {
    name,
    usage: `${name}(A)`,
    doc,
    check: (args) => {
      const a = arity(name, args, 1) ?? squareMatrix(name, args);
      return typeof a === 'string' ? a : result(a);
    },
    kernel: ([A]) => kernel(A!),
  };
}

/** b A⁻¹ = (A⁻ᵀ bᵀ)ᵀ; a row vector b is a vector at run time. */
const rightDivide = (b: Value, A: Value): Value => (shapeOf(b).length === 1 ? solve(transpose(A), b) : transpose(solve(transpose(A), transpose(b))));

/** A⁻¹ b for symmetric positive-definite A: two triangular solves with its Cholesky factor. */
function spdSolve(name: string, A: Value, b: Value): Value {
  const L = cholesky(checkedSymmetric(A, name));
  return triangularSolve(L, triangularSolve(L, b), { transpose: true });
}

/** (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹ from a lower-triangular L. */
function cholToInverse(L: Value): Value {
  const n = shapeOf(L)[0]!;
  const identity = new Tensor(Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0)), [n, n]);
  const inverseL = triangularSolve(L, identity);
  return matmul(transpose(inverseL), inverseL);
}

const same = (a: SpecType): SpecType => a;

export const solverFunctions: readonly SpecFunction[] = [
  solver('mdivide_left', 'mdivide_left(A, b), also written A \\ b', 'A⁻¹ b: the solution x of A x = b for a square matrix A and a vector or matrix b, by LU with partial pivoting; an error for a singular A.', 0, leftRightHandSide, ([A, b]) => solve(A!, b!)),
  solver('mdivide_right', 'mdivide_right(b, A), also written b / A', 'b A⁻¹: the solution x of x A = b for a row vector or matrix b and a square matrix A, by LU with partial pivoting.', 1, rightLeftHandSide, ([b, A]) => rightDivide(b!, A!)),
  solver('mdivide_left_spd', 'mdivide_left_spd(A, b)', 'A⁻¹ b for a symmetric positive-definite A, by its Cholesky factor (an error when A is not symmetric or not positive definite).', 0, leftRightHandSide, ([A, b]) => spdSolve('mdivide_left_spd', A!, b!)),
  solver(
    'mdivide_right_spd',
    'mdivide_right_spd(b, A)',
    'b A⁻¹ for a symmetric positive-definite A, by its Cholesky factor.',
    1,
    rightLeftHandSide,
    ([b, A]) => (shapeOf(b!).length === 1 ? spdSolve('mdivide_right_spd', A!, b!) : transpose(spdSolve('mdivide_right_spd', A!, transpose(b!)))),
  ),
  solver(
    'mdivide_right_tri_low',
    'mdivide_right_tri_low(b, L)',
    'b L⁻¹ for a lower-triangular L (its upper triangle is ignored), by substitution.',
    1,
    rightLeftHandSide,
    ([b, L]) => (shapeOf(b!).length === 1 ? triangularSolve(L!, b!, { transpose: true }) : transpose(triangularSolve(L!, transpose(b!), { transpose: true }))),
  ),
  ofSquare('inverse', 'A⁻¹ of a square matrix, by LU with partial pivoting; an error for a singular matrix.', same, inverse),
  ofSquare('inverse_spd', 'A⁻¹ of a symmetric positive-definite matrix, by its Cholesky factor.', same, (A) => cholToInverse(cholesky(checkedSymmetric(A, 'inverse_spd')))),
  ofSquare('chol2inv', '(L Lᵀ)⁻¹ from a lower-triangular Cholesky factor L (its upper triangle is ignored).', same, cholToInverse),
  ofSquare('determinant', 'det A, by LU with partial pivoting (the sign of the row swaps included).', () => REAL, determinant),
  ofSquare('log_determinant', 'log |det A|, by LU with partial pivoting; −∞ for a singular matrix.', () => REAL, logAbsDeterminant),
  ofSquare('log_determinant_spd', 'log det A of a symmetric positive-definite matrix: 2 Σ log Lᵢᵢ of its Cholesky factor.', () => REAL, (A) =>
    mul(2, sum(log(diagonalOf(cholesky(checkedSymmetric(A, 'log_determinant_spd'))))))),
];
