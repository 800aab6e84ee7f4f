import { add, mul, sub } from '../../../ad/ops/arithmetic.js';
import { eigenvaluesSym, eigenvectorsSym } from '../../../ad/ops/eigen-sym.js';
import { matmul, transpose } from '../../../ad/ops/linalg.js';
import { solve } from '../../../ad/ops/lu.js';
import { concat, gather } from '../../../ad/ops/shape.js';
import { lowerMask } from '../../../ad/ops/triangular-solve.js';
import { Tensor } from '../../../ad/tensor.js';
import { primal, shapeOf, type Value } from '../../../ad/trace.js';
import { EvaluationError } from '../local-variable.js';
import { isScalar, matrixType, sizesAgree, vectorType, type Size, type SpecType } from '../types.js';
import { arity, sizeArgument, wrongArgument, type SpecFunction } from './function.js';
import { anyMatrix, squareMatrix } from './matrix-checks.js';
import { identity } from './matrix-values.js';

// Stan functions reference, "Linear algebra functions": eigendecompositions of symmetric
// matrices (cyclic Jacobi, src/ad/ops/eigen-sym.ts), singular values, the matrix
// exponential and powers, each differentiable through the ops it is made of.

const rowsOf = (t: SpecType): Size => (t as { rows: Size }).rows;

/**
 * The singular values of an m × n matrix, largest first: the min(m, n) largest eigenvalues
 * of the symmetric Jordan–Wielandt matrix [[0, A], [Aᵀ, 0]], whose eigenvalues are ±σᵢ and
 * zeros (Golub & Van Loan 2013, section 8.6.1). This keeps the small singular values'
 * digits, which the eigenvalues of AᵀA would square away.
 */
function singularValues(A: Value): Value {
  const [m, n] = shapeOf(A) as [number, number];
  const top = concat([new Tensor(new Float64Array(m * m), [m, m]), A], 1);
  const bottom = concat([transpose(A), new Tensor(new Float64Array(n * n), [n, n])], 1);
  const lambda = eigenvaluesSym(concat([top, bottom], 0));
  const k = Math.min(m, n);
  return gather(lambda, Int32Array.from({ length: k }, (_, i) => m + n - 1 - i));
}

/** The largest absolute row sum ‖A‖∞ of a plain matrix. */
function infinityNorm(A: Value): number {
  const p = primal(A) as Tensor;
  const n = p.shape[1]!;
  let norm = 0;
  for (let i = 0; i < p.shape[0]!; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += Math.abs(p.data[i * n + j]!);
    norm = Math.max(norm, row);
  }
  return norm;
}

/**
 * e^A by scaling and squaring with the diagonal Padé approximant of degree 6 (Golub & Van
 * Loan 2013, algorithm 9.3.1): A is scaled by 2⁻ʲ until ‖A‖∞ ≤ 1/2, where the [6/6]
 * approximant is accurate to about 3e-16 relative, then squared j times. Written with
 * matmul and solve, so it differentiates (the number of squarings is read from A's value).
 */
function matrixExp(A: Value): Value {
  const n = shapeOf(A)[0]!;
  const norm = infinityNorm(A);
  if (!Number.isFinite(norm)) throw new EvaluationError('matrix_exp: the matrix has a non-finite element');
  const j = norm === 0 ? 0 : Math.max(0, 1 + Math.floor(Math.log2(norm)));
  const scaled = mul(A, 2 ** -j);
  const q = 6;
  let numerator: Value = identity(n);
  let denominator: Value = identity(n);
  let power: Value = identity(n);
  let c = 1;
  for (let k = 1; k <= q; k++) {
    c = (c * (q - k + 1)) / ((2 * q - k + 1) * k);
    power = matmul(scaled, power);
    numerator = add(numerator, mul(c, power));
    denominator = k % 2 === 0 ? add(denominator, mul(c, power)) : sub(denominator, mul(c, power));
  }
  let result = solve(denominator, numerator);
  for (let k = 0; k < j; k++) result = matmul(result, result);
  return result;
}

/** A^n for an int n ≥ 0, by repeated squaring. */
function matrixPower(A: Value, n: number): Value {
  if (!(Number.isInteger(n) && n >= 0)) throw new EvaluationError(`matrix_power: the power is ${n}, but must be a non-negative int`);
  let result: Value = identity(shapeOf(A)[0]!);
  let base = A;
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = matmul(result, base);
    if (k > 1) base = matmul(base, base);
  }
  return result;
}

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

export const decompositionFunctions: readonly SpecFunction[] = [
  ofSquare(
    'eigenvalues_sym',
    'The eigenvalues of a symmetric matrix (checked), in ascending order, by the cyclic Jacobi method. Differentiable; the derivative needs distinct eigenvalues.',
    (a) => vectorType(rowsOf(a)),
    eigenvaluesSym,
  ),
  ofSquare(
    'eigenvectors_sym',
    'The orthonormal eigenvectors of a symmetric matrix as columns, in the order of eigenvalues_sym; each has its largest entry positive. Differentiable where the eigenvalues are distinct (repeated eigenvalues have no unique eigenvectors).',
    (a) => a,
    eigenvectorsSym,
  ),
  {
    name: 'singular_values',
    usage: 'singular_values(A)',
    doc: 'The singular values of an m × n matrix, largest first (min(m, n) of them), as the largest eigenvalues of [[0, A], [Aᵀ, 0]]. Differentiable where they are distinct and non-zero.',
    check: (args) => {
      const a = arity('singular_values', args, 1) ?? anyMatrix('singular_values', args, 0);
      if (typeof a === 'string') return a;
      return vectorType(a.rows === null || a.cols === null ? null : Math.min(a.rows, a.cols));
    },
    kernel: ([A]) => singularValues(A!),
  },
  ofSquare('matrix_exp', 'The matrix exponential e^A, by scaling and squaring with a [6/6] Padé approximant (Golub & Van Loan, algorithm 9.3.1). Differentiable.', (a) => a, matrixExp),
  {
    name: 'matrix_exp_multiply',
    usage: 'matrix_exp_multiply(A, B)',
    doc: 'e^A B for a square A and a matrix B with as many rows.',
    check: (args) => {
      const problem = arity('matrix_exp_multiply', args, 2);
      if (problem !== undefined) return problem;
      const a = squareMatrix('matrix_exp_multiply', args, 0);
      if (typeof a === 'string') return a;
      const b = anyMatrix('matrix_exp_multiply', args, 1);
      if (typeof b === 'string') return b;
      return sizesAgree(rowsOf(a), b.rows) ? b : `matrix_exp_multiply: B has ${b.rows} rows, but A is ${rowsOf(a)} × ${rowsOf(a)}`;
    },
    kernel: ([A, B]) => matmul(matrixExp(A!), B!),
  },
  {
    name: 'scale_matrix_exp_multiply',
    usage: 'scale_matrix_exp_multiply(t, A, B)',
    doc: 'e^(tA) B for a scalar t, a square A and a matrix B with as many rows.',
    check: (args) => {
      const problem = arity('scale_matrix_exp_multiply', args, 3);
      if (problem !== undefined) return problem;
      if (!isScalar(args[0]!.type)) return wrongArgument('scale_matrix_exp_multiply', 0, 'a scalar', args[0]!.type);
      const a = squareMatrix('scale_matrix_exp_multiply', args, 1);
      if (typeof a === 'string') return a;
      const b = anyMatrix('scale_matrix_exp_multiply', args, 2);
      if (typeof b === 'string') return b;
      return sizesAgree(rowsOf(a), b.rows) ? b : `scale_matrix_exp_multiply: B has ${b.rows} rows, but A is ${rowsOf(a)} × ${rowsOf(a)}`;
    },
    kernel: ([t, A, B]) => matmul(matrixExp(mul(t!, A!)), B!),
  },
  {
    name: 'matrix_power',
    usage: 'matrix_power(A, n)',
    doc: 'Aⁿ for a square matrix and an int n ≥ 0 (the identity for n = 0), by repeated squaring.',
    check: (args) => {
      const problem = arity('matrix_power', args, 2);
      if (problem !== undefined) return problem;
      const a = squareMatrix('matrix_power', args, 0);
      if (typeof a === 'string') return a;
      const n = sizeArgument('matrix_power', args, 1);
      return typeof n === 'string' ? n : a;
    },
    kernel: ([A, n]) => matrixPower(A!, primal(n!) as number),
  },
  ofSquare(
    'symmetrize_from_lower_tri',
    'The symmetric matrix whose lower triangle (diagonal included) is that of A.',
    (a) => matrixType(rowsOf(a), rowsOf(a)),
    (A) => {
      const n = shapeOf(A)[0]!;
      const lower = lowerMask(n);
      const strictlyLower = new Tensor(lower.data.map((v, k) => (k % (n + 1) === 0 ? 0 : v)), [n, n]);
      return add(mul(A, lower), transpose(mul(A, strictlyLower)));
    },
  ),
];
