import { apply, defineOp, type OpContext } from '../op.js';
import { Tensor, formatShape } from '../tensor.js';
import { shapeOf, type Primal, type Value } from '../trace.js';
import { mul, neg } from './arithmetic.js';
import { matmul, matvec, outer, transpose } from './linalg.js';

// Solves with a lower-triangular matrix L: op(L) X = B, where op(L) is L or Lᵀ, by forward
// or back substitution. Only the lower triangle of L is read, so L's cotangent is lower
// triangular too. The derivative rules follow from op(L) dX = dB − d(op L) X (Giles 2008,
// "Collected matrix derivative results", section 2.2.3):
//   B̄ = op(L)⁻ᵀ X̄                          (a solve with the other op)
//   L̄ = −tril(B̄ Xᵀ)     when op(L) = L
//   L̄ = −tril(X B̄ᵀ)     when op(L) = Lᵀ

export interface TriangularSolveOptions {
  /** Solve Lᵀ X = B instead of L X = B. */
  readonly transpose: boolean;
}

function substitute(L: Tensor, B: Primal, transposed: boolean): Tensor {
  const n = L.shape[0]!;
  const b = B as Tensor;
  const columns = b.shape.length === 1 ? 1 : b.shape[1]!;
  const l = L.data;
  const x = Float64Array.from(b.data);
  for (let c = 0; c < columns; c++) {
    if (!transposed) {
      for (let i = 0; i < n; i++) {
        let s = x[i * columns + c]!;
        for (let k = 0; k < i; k++) s -= l[i * n + k]! * x[k * columns + c]!;
        x[i * columns + c] = s / l[i * n + i]!;
      }
    } else {
      // Lᵀ is upper triangular with (Lᵀ)[i, k] = L[k, i].
      for (let i = n - 1; i >= 0; i--) {
        let s = x[i * columns + c]!;
        for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k * columns + c]!;
        x[i * columns + c] = s / l[i * n + i]!;
      }
    }
  }
  return new Tensor(x, b.shape);
}

/** A constant lower-triangular mask (ones on and below the diagonal). */
export function lowerMask(n: number): Tensor {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) data[i * n + j] = 1;
  return new Tensor(data, [n, n]);
}

/** a bᵀ for vectors, a Bᵀ for matrices. */
function outerOrProduct(a: Value, b: Value): Value {
  return shapeOf(a).length === 1 ? outer(a, b) : matmul(a, transpose(b));
}

type Context = OpContext<TriangularSolveOptions>;

function matrixCotangent(g: Value, { args, ans, options }: Context): Value {
  const bBar = triangularSolve(args[0]!, g, { transpose: !options.transpose });
  const product = options.transpose ? outerOrProduct(ans, bBar) : outerOrProduct(bBar, ans);
  return neg(mul(product, lowerMask(shapeOf(args[0]!)[0]!)));
}

function matrixTangent(t: Value, { args, ans, options }: Context): Value {
  const tLower = mul(t, lowerMask(shapeOf(args[0]!)[0]!));
  const opT = options.transpose ? transpose(tLower) : tLower;
  const product = shapeOf(ans).length === 1 ? matvec(opT, ans) : matmul(opT, ans);
  return neg(triangularSolve(args[0]!, product, options));
}

const triangularSolveOp = defineOp<TriangularSolveOptions>({
  name: 'triangularSolve',
  argNames: ['lower', 'rightHandSide'],
  forward: ([L, B], { transpose: transposed }) => substitute(L as Tensor, B!, transposed),
  vjp: [matrixCotangent, (g, { args, options }) => triangularSolve(args[0]!, g, { transpose: !options.transpose })],
  jvp: [matrixTangent, (t, { args, options }) => triangularSolve(args[0]!, t, options)],
});

/**
 * X with L X = B (or Lᵀ X = B with `{ transpose: true }`) for a lower-triangular n×n
 * matrix L (its upper triangle is ignored) and B a vector of length n or an n×m matrix.
 */
export function triangularSolve(L: Value, B: Value, options: TriangularSolveOptions = { transpose: false }): Value {
  const sl = shapeOf(L);
  const sb = shapeOf(B);
  if (sl.length !== 2 || sl[0] !== sl[1]) {
    throw new Error(`triangularSolve: the triangular matrix must be square, got shape ${formatShape(sl)}`);
  }
  if ((sb.length !== 1 && sb.length !== 2) || sb[0] !== sl[0]) {
    throw new Error(
      `triangularSolve: the right-hand side has shape ${formatShape(sb)}, but must be a vector or matrix with ${sl[0]} rows`,
    );
  }
  return apply(triangularSolveOp, [L, B], options);
}
