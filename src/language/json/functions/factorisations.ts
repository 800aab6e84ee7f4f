import { mul } from '../../../ad/ops/arithmetic.js';
import { cholesky } from '../../../ad/ops/cholesky.js';
import { eigenvectorsSym } from '../../../ad/ops/eigen-sym.js';
import { matmul, transpose } from '../../../ad/ops/linalg.js';
import { inverse } from '../../../ad/ops/lu.js';
import { concat, gather, slice } from '../../../ad/ops/shape.js';
import { triangularSolve } from '../../../ad/ops/triangular-solve.js';
import { Tensor } from '../../../ad/tensor.js';
import { shapeOf, type Value } from '../../../ad/trace.js';
import { EvaluationError } from '../local-variable.js';
import { matrixType, type SpecType } from '../types.js';
import { arity, type SpecFunction } from './function.js';
import { anyMatrix } from './matrix-checks.js';

// Stan functions reference, "Linear algebra functions": the factors of the singular value
// and QR decompositions and the generalized inverse, composed of leapfrog's differentiable
// ops (eigenvectors of a symmetric matrix, Cholesky factors, triangular and LU solves).

/**
 * U and V of A = U diag(σ) Vᵀ (thin: min(m, n) columns, largest σ first): the eigenvectors
 * of [[0, A], [Aᵀ, 0]] for its eigenvalues +σᵢ are [uᵢ; vᵢ]/√2 (Golub & Van Loan 2013,
 * section 8.6.1). Their signs follow the eigenvectors' (largest entry positive), so uᵢ
 * and vᵢ always agree: A vᵢ = σᵢ uᵢ.
 */
function singularVectors(A: Value, which: 'U' | 'V'): Value {
  const [m, n] = shapeOf(A) as [number, number];
  const top = concat([new Tensor(new Float64Array(m * m), [m, m]), A], 1);
  const bottom = concat([transpose(A), new Tensor(new Float64Array(n * n), [n, n])], 1);
  const W = eigenvectorsSym(concat([top, bottom], 0));
  const k = Math.min(m, n);
  const columns = transpose(gather(transpose(W), Int32Array.from({ length: k }, (_, i) => m + n - 1 - i)));
  const part = which === 'U' ? slice(columns, 0, m, 0) : slice(columns, m, m + n, 0);
  return mul(Math.SQRT2, part);
}

/** The thin QR factors of an m × n matrix with m ≥ n and full column rank, R with a positive diagonal: R = Lᵀ for L = chol(AᵀA), Q = A R⁻¹. */
function thinQr(A: Value, which: 'Q' | 'R'): Value {
  const [m, n] = shapeOf(A) as [number, number];
  if (m < n) throw new EvaluationError(`qr_thin_${which}: the matrix is ${m} × ${n}, but needs at least as many rows as columns`);
  const L = cholesky(matmul(transpose(A), A));
  return which === 'R' ? transpose(L) : transpose(triangularSolve(L, transpose(A)));
}

/** The Moore–Penrose inverse of a full-rank matrix: (AᵀA)⁻¹Aᵀ for a tall one, Aᵀ(AAᵀ)⁻¹ for a wide one, A⁻¹ for a square one. */
function generalizedInverse(A: Value): Value {
  const [m, n] = shapeOf(A) as [number, number];
  if (m === n) return inverse(A);
  if (m > n) return matmul(inverse(matmul(transpose(A), A)), transpose(A));
  return matmul(transpose(A), inverse(matmul(A, transpose(A))));
}

function ofMatrix(name: string, usage: string, doc: string, result: (a: Extract<SpecType, { kind: 'matrix' }>) => SpecType, kernel: (A: Value) => Value): SpecFunction {
  return {
    name,
    usage,
    doc,
    check: (args) => {
      const a = arity(name, args, 1) ?? anyMatrix(name, args, 0);
      return typeof a === 'string' ? a : result(a);
    },
    kernel: ([A]) => kernel(A!),
  };
}

const least = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.min(a, b));

export const factorisationFunctions: readonly SpecFunction[] = [
  ofMatrix(
    'svd_U',
    'svd_U(A)',
    'The left singular vectors of an m × n matrix as the columns of an m × min(m, n) matrix, in the order of singular_values (largest first); each pair uᵢ, vᵢ has one sign, so A vᵢ = σᵢ uᵢ. Differentiable where the singular values are distinct and non-zero.',
    (a) => matrixType(a.rows, least(a.rows, a.cols)),
    (A) => singularVectors(A, 'U'),
  ),
  ofMatrix(
    'svd_V',
    'svd_V(A)',
    'The right singular vectors of an m × n matrix as the columns of an n × min(m, n) matrix, in the order of singular_values.',
    (a) => matrixType(a.cols, least(a.rows, a.cols)),
    (A) => singularVectors(A, 'V'),
  ),
  ofMatrix(
    'qr_thin_Q',
    'qr_thin_Q(A)',
    'The m × n orthonormal factor Q of the thin QR decomposition A = QR of an m × n matrix with m ≥ n and full column rank, R with a positive diagonal (computed as A R⁻¹ with R from the Cholesky factor of AᵀA: accurate for well-conditioned A).',
    (a) => a,
    (A) => thinQr(A, 'Q'),
  ),
  ofMatrix(
    'qr_thin_R',
    'qr_thin_R(A)',
    'The n × n upper-triangular factor R, with a positive diagonal, of the thin QR decomposition of an m × n matrix with m ≥ n and full column rank.',
    (a) => matrixType(a.cols, a.cols),
    (A) => thinQr(A, 'R'),
  ),
  ofMatrix(
    'generalized_inverse',
    'generalized_inverse(A)',
    'The Moore–Penrose inverse of a full-rank matrix: A⁻¹ if square, (AᵀA)⁻¹Aᵀ if tall, Aᵀ(AAᵀ)⁻¹ if wide (an error for a rank-deficient matrix).',
    (a) => matrixType(a.cols, a.rows),
    generalizedInverse,
  ),
];
