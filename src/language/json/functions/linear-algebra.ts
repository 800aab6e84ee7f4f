import { add, mul } from '../../../ad/ops/arithmetic.js';
import { cholesky } from '../../../ad/ops/cholesky.js';
import { matmul, transpose } from '../../../ad/ops/linalg.js';
import { sum } from '../../../ad/ops/reduce.js';
import { reshape, slice } from '../../../ad/ops/shape.js';
import { lowerMask, triangularSolve } from '../../../ad/ops/triangular-solve.js';
import { primal, shapeOf, type Value } from '../../../ad/trace.js';
import { hmmMarginal } from '../../../models/distributions/hmm-marginal.js';
import { EvaluationError } from '../local-variable.js';
import { REAL, isScalar, matrixType, rowVectorType, sizesAgree, vectorType, withArticle, type SpecType } from '../types.js';
import { arity, sizeArgument, wrongArgument, type SpecFunction } from './function.js';
import { matchingVector, squareMatrix } from './matrix-checks.js';
import { diagonalOf, identity } from './matrix-values.js';

// Matrix functions by their Stan names (Stan functions reference, "Matrix operations",
// written with leapfrog's linear-algebra ops.


export const linearAlgebraFunctions: readonly SpecFunction[] = [
  {
    name: 'cholesky_decompose',
    usage: 'cholesky_decompose(A): lower-triangular L with L Lᵀ = A',
    doc: 'The lower-triangular Cholesky factor L with L Lᵀ = A of a symmetric positive-definite matrix (only the lower triangle of A is read); an error, rejecting the point, when A is not positive definite. Derivatives by Murray (2016).',
    check: (args) => arity('cholesky_decompose', args, 1) ?? squareMatrix('cholesky_decompose', args),
    kernel: ([a]) => cholesky(a!),
  },
  {
    name: 'add_diag',
    usage: 'add_diag(A, d): A plus d (a scalar or a vector) on the diagonal',
    doc: 'A with d added to its diagonal: a scalar to every diagonal element, or a vector elementwise.',
    check: (args) => {
      const problem = arity('add_diag', args, 2);
      if (problem !== undefined) return problem;
      const m = squareMatrix('add_diag', args);
      if (typeof m === 'string') return m;
      return isScalar(args[1]!.type) ? m : (matchingVector('add_diag', args, 1, (m as { rows: number | null }).rows) ?? m);
    },
    kernel: ([m, d]) => {
      const n = shapeOf(m!)[0]!;
      return add(m!, mul(identity(n), shapeOf(d!).length === 0 ? d! : reshape(d!, [1, n])));
    },
  },
  {
    name: 'diag_matrix',
    usage: 'diag_matrix(v)',
    doc: 'The square matrix with v on its diagonal and zeros elsewhere.',
    check: (args) => arity('diag_matrix', args, 1) ?? (args[0]!.type.kind === 'vector' ? matrixType(args[0]!.type.size, args[0]!.type.size) : wrongArgument('diag_matrix', 0, 'a vector', args[0]!.type)),
    kernel: ([v]) => {
      const n = shapeOf(v!)[0]!;
      return mul(identity(n), reshape(v!, [1, n]));
    },
  },
  {
    name: 'diagonal',
    usage: 'diagonal(A)',
    doc: 'The diagonal of a square matrix, as a vector.',
    check: (args) => {
      const m = arity('diagonal', args, 1) ?? squareMatrix('diagonal', args);
      return typeof m === 'string' ? m : vectorType((m as { rows: number | null }).rows);
    },
    kernel: ([m]) => diagonalOf(m!),
  },
  {
    name: 'trace',
    usage: 'trace(A)',
    doc: 'The sum of the diagonal of a square matrix.',
    check: (args) => {
      const m = arity('trace', args, 1) ?? squareMatrix('trace', args);
      return typeof m === 'string' ? m : REAL;
    },
    kernel: ([m]) => sum(diagonalOf(m!)),
  },
  {
    name: 'identity_matrix',
    usage: 'identity_matrix(n)',
    doc: 'The n × n identity matrix.',
    check: (args) => {
      const n = arity('identity_matrix', args, 1) ?? sizeArgument('identity_matrix', args, 0);
      return typeof n === 'string' ? n : matrixType(n, n);
    },
    kernel: ([n]) => identity(primal(n!) as number),
    allocates: ([n]) => (primal(n!) as number) ** 2,
  },
  {
    name: 'diag_pre_multiply',
    usage: 'diag_pre_multiply(v, A) = diag_matrix(v) * A',
    doc: 'diag_matrix(v) * A: row i of A scaled by vᵢ, without forming the diagonal matrix.',
    check: (args) => {
      const problem = arity('diag_pre_multiply', args, 2);
      if (problem !== undefined) return problem;
      const m = args[1]!.type;
      if (m.kind !== 'matrix') return wrongArgument('diag_pre_multiply', 1, 'a matrix', m);
      return matchingVector('diag_pre_multiply', args, 0, m.rows) ?? m;
    },
    kernel: ([v, m]) => mul(reshape(v!, [shapeOf(v!)[0]!, 1]), m!),
  },
  {
    name: 'diag_post_multiply',
    usage: 'diag_post_multiply(A, v) = A * diag_matrix(v)',
    doc: 'A * diag_matrix(v): column j of A scaled by vⱼ.',
    check: (args) => {
      const problem = arity('diag_post_multiply', args, 2);
      if (problem !== undefined) return problem;
      const m = args[0]!.type;
      if (m.kind !== 'matrix') return wrongArgument('diag_post_multiply', 0, 'a matrix', m);
      return matchingVector('diag_post_multiply', args, 1, m.cols) ?? m;
    },
    kernel: ([m, v]) => mul(m!, reshape(v!, [1, shapeOf(v!)[0]!])),
  },
  {
    name: 'quad_form_diag',
    usage: 'quad_form_diag(A, v) = diag_matrix(v) * A * diag_matrix(v)',
    doc: 'diag_matrix(v) * A * diag_matrix(v), as in building a covariance from correlations and scales.',
    check: (args) => {
      const problem = arity('quad_form_diag', args, 2);
      if (problem !== undefined) return problem;
      const m = squareMatrix('quad_form_diag', args);
      return typeof m === 'string' ? m : (matchingVector('quad_form_diag', args, 1, (m as { rows: number | null }).rows) ?? m);
    },
    kernel: ([m, v]) => {
      const n = shapeOf(v!)[0]!;
      return mul(mul(reshape(v!, [n, 1]), m!), reshape(v!, [1, n]));
    },
  },
  {
    name: 'multiply_lower_tri_self_transpose',
    usage: 'multiply_lower_tri_self_transpose(L) = L Lᵀ for the lower triangle of L',
    doc: 'L Lᵀ, where L is the lower triangle of the argument (its upper triangle is ignored).',
    check: (args) => arity('multiply_lower_tri_self_transpose', args, 1) ?? squareMatrix('multiply_lower_tri_self_transpose', args),
    kernel: ([l]) => {
      const lower = mul(l!, lowerMask(shapeOf(l!)[0]!));
      return matmul(lower, transpose(lower));
    },
  },
  {
    name: 'mdivide_left_tri_low',
    usage: 'mdivide_left_tri_low(L, b) = L⁻¹ b for lower-triangular L',
    doc: 'L⁻¹ b for a lower-triangular L (its upper triangle is ignored), by forward substitution; b a vector or matrix.',
    check: (args) => {
      const problem = arity('mdivide_left_tri_low', args, 2);
      if (problem !== undefined) return problem;
      const m = squareMatrix('mdivide_left_tri_low', args);
      if (typeof m === 'string') return m;
      const b = args[1]!.type;
      const side = (m as { rows: number | null }).rows;
      if (b.kind === 'vector') return sizesAgree(b.size, side) ? b : `mdivide_left_tri_low: b has ${b.size} elements, but L is ${side} × ${side}`;
      if (b.kind === 'matrix') return sizesAgree(b.rows, side) ? b : `mdivide_left_tri_low: b has ${b.rows} rows, but L is ${side} × ${side}`;
      return wrongArgument('mdivide_left_tri_low', 1, 'a vector or matrix', b);
    },
    kernel: ([l, b]) => triangularSolve(l!, b!),
  },
  {
    name: 'crossprod',
    usage: 'crossprod(A) = Aᵀ A',
    doc: 'Aᵀ A.',
    check: (args) => arity('crossprod', args, 1) ?? (args[0]!.type.kind === 'matrix' ? matrixType(args[0]!.type.cols, args[0]!.type.cols) : wrongArgument('crossprod', 0, 'a matrix', args[0]!.type)),
    kernel: ([m]) => matmul(transpose(m!), m!),
  },
  {
    name: 'tcrossprod',
    usage: 'tcrossprod(A) = A Aᵀ',
    doc: 'A Aᵀ.',
    check: (args) => arity('tcrossprod', args, 1) ?? (args[0]!.type.kind === 'matrix' ? matrixType(args[0]!.type.rows, args[0]!.type.rows) : wrongArgument('tcrossprod', 0, 'a matrix', args[0]!.type)),
    kernel: ([m]) => matmul(m!, transpose(m!)),
  },
  {
    name: 'col',
    usage: 'col(A, j): column j',
    doc: 'Column j (1-based) of a matrix, as a vector.',
    check: (args) => {
      const problem = arity('col', args, 2);
      if (problem !== undefined) return problem;
      const m = args[0]!.type;
      if (m.kind !== 'matrix') return wrongArgument('col', 0, 'a matrix', m);
      const j = sizeArgument('col', args, 1);
      return typeof j === 'string' ? j : vectorType(m.rows);
    },
    kernel: ([m, j]) => pick(m!, primal(j!) as number, 1, 'col'),
  },
  {
    name: 'row',
    usage: 'row(A, i): row i',
    doc: 'Row i (1-based) of a matrix, as a row vector.',
    check: (args) => {
      const problem = arity('row', args, 2);
      if (problem !== undefined) return problem;
      const m = args[0]!.type;
      if (m.kind !== 'matrix') return wrongArgument('row', 0, 'a matrix', m);
      const i = sizeArgument('row', args, 1);
      return typeof i === 'string' ? i : rowVectorType(m.cols);
    },
    kernel: ([m, i]) => pick(m!, primal(i!) as number, 0, 'row'),
  },
  {
    name: 'hmm_marginal',
    usage: 'hmm_marginal(log_omega, Gamma, rho): log density of an HMM, states summed out (log_omega [K, N], Gamma [K, K] with simplex rows, rho a K-simplex)',
    doc: "The log density of a hidden Markov model's observations with the hidden states summed out by the forward algorithm: log_omega [K, N] the log emission densities, Gamma the K × K transition matrix (rows are simplexes), rho the initial state distribution.",
    check: (args) => {
      const problem = arity('hmm_marginal', args, 3);
      if (problem !== undefined) return problem;
      const [logOmega, gamma, rho] = args.map((a) => a.type) as [SpecType, SpecType, SpecType];
      if (logOmega.kind !== 'matrix') return wrongArgument('hmm_marginal', 0, 'a matrix [K, N] of log emission densities', logOmega);
      if (gamma.kind !== 'matrix' || !sizesAgree(gamma.rows, logOmega.rows) || !sizesAgree(gamma.cols, logOmega.rows)) {
        return `hmm_marginal: argument 2 (Gamma) must be a ${logOmega.rows ?? 'K'} x ${logOmega.rows ?? 'K'} matrix (one row and column per state of log_omega), but is ${withArticle(gamma)}`;
      }
      return matchingVector('hmm_marginal', args, 2, logOmega.rows) ?? REAL;
    },
    kernel: ([logOmega, gamma, rho]) => hmmMarginal(logOmega!, gamma!, rho!),
  },
];

/** Row or column k (1-based) of a matrix, as a vector. */
function pick(m: Value, k: number, axis: 0 | 1, name: string): Value {
  const shape = shapeOf(m);
  if (!Number.isInteger(k) || k < 1 || k > shape[axis]!) {
    throw new EvaluationError(`${name}: index ${k} is out of range; valid indices are 1 to ${shape[axis]} (1-based)`);
  }
  return reshape(slice(m, k - 1, k, axis), [shape[1 - axis]!]);
}
