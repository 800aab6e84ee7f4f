import { apply, defineOp, type OpContext } from '../op.js';
import { Tensor, formatShape } from '../tensor.js';
import { shapeOf, type Value } from '../trace.js';
import { mul, neg } from './arithmetic.js';
import { matmul, matvec, outer, transpose } from './linalg.js';
import { sum } from './reduce.js';

// Solves, inverses and determinants of general square matrices by an LU factorisation with
// partial pivoting (Golub & Van Loan 2013, "Matrix Computations", algorithm 3.4.1). The
// factorisation lives inside each op's forward kernel; the derivative rules are written with
// leapfrog's ops (Giles 2008, "Collected matrix derivative results", sections 2.2.2–2.2.3),
// so they differentiate again:
//   X = A⁻¹B:      B̄ = A⁻ᵀ X̄,   Ā = −B̄ Xᵀ;     Ẋ = A⁻¹(Ḃ − Ȧ X)
//   d = det A:     Ā = ḡ d A⁻ᵀ;               ḋ = d tr(A⁻¹ Ȧ)
//   l = log|det A|: Ā = ḡ A⁻ᵀ;                 l̇ = tr(A⁻¹ Ȧ)

interface Factors {
  readonly lu: Float64Array;
  readonly pivots: Int32Array;
  /** +1 or −1: the parity of the row swaps. */
  readonly sign: number;
  /** False when a pivot is exactly zero. */
  readonly regular: boolean;
}

function factorise(A: Tensor): Factors {
  const n = A.shape[0]!;
  const lu = Float64Array.from(A.data);
  const pivots = new Int32Array(n);
  let sign = 1;
  let regular = true;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(lu[i * n + k]!) > Math.abs(lu[p * n + k]!)) p = i;
    pivots[k] = p;
    if (p !== k) {
      sign = -sign;
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j]!;
        lu[k * n + j] = lu[p * n + j]!;
        lu[p * n + j] = t;
      }
    }
    const pivot = lu[k * n + k]!;
    if (pivot === 0) {
      regular = false;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k]! /= pivot);
      if (f !== 0) for (let j = k + 1; j < n; j++) lu[i * n + j]! -= f * lu[k * n + j]!;
    }
  }
  return { lu, pivots, sign, regular };
}

function solveKernel(name: string, A: Tensor, B: Tensor): Tensor {
  const n = A.shape[0]!;
  const { lu, pivots, regular } = factorise(A);
  if (!regular) throw new Error(`${name}: the matrix is singular`);
  const columns = B.shape.length === 1 ? 1 : B.shape[1]!;
  const x = Float64Array.from(B.data);
  for (let k = 0; k < n; k++) {
    const p = pivots[k]!;
    if (p !== k) {
      for (let c = 0; c < columns; c++) {
        const t = x[k * columns + c]!;
        x[k * columns + c] = x[p * columns + c]!;
        x[p * columns + c] = t;
      }
    }
  }
  for (let c = 0; c < columns; c++) {
    for (let i = 0; i < n; i++) {
      let s = x[i * columns + c]!;
      for (let k = 0; k < i; k++) s -= lu[i * n + k]! * x[k * columns + c]!;
      x[i * columns + c] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i * columns + c]!;
      for (let k = i + 1; k < n; k++) s -= lu[i * n + k]! * x[k * columns + c]!;
      x[i * columns + c] = s / lu[i * n + i]!;
    }
  }
  return new Tensor(x, B.shape);
}

/** a bᵀ for vectors, A Bᵀ for matrices. */
const outerOrProduct = (a: Value, b: Value): Value => (shapeOf(a).length === 1 ? outer(a, b) : matmul(a, transpose(b)));
const times = (A: Value, X: Value): Value => (shapeOf(X).length === 1 ? matvec(A, X) : matmul(A, X));

const solveOp = defineOp({
  name: 'solve',
  argNames: ['matrix', 'rightHandSide'],
  forward: ([A, B]) => solveKernel('solve', A as Tensor, B as Tensor),
  vjp: [
    (g, { args, ans }) => neg(outerOrProduct(solve(transpose(args[0]!), g), ans)),
    (g, { args }) => solve(transpose(args[0]!), g),
  ],
  jvp: [(t, { args, ans }) => neg(solve(args[0]!, times(t, ans))), (t, { args }) => solve(args[0]!, t)],
});

function expectSquare(name: string, A: Value): number {
  const s = shapeOf(A);
  if (s.length !== 2 || s[0] !== s[1]) throw new Error(`${name}: expects a square matrix, got shape ${formatShape(s)}`);
  return s[0]!;
}

/** X with A X = B, for a square matrix A and B a vector or a matrix with as many rows (Stan's A \ B). */
export function solve(A: Value, B: Value): Value {
  const n = expectSquare('solve', A);
  const sb = shapeOf(B);
  if ((sb.length !== 1 && sb.length !== 2) || sb[0] !== n) {
    throw new Error(`solve: the right-hand side has shape ${formatShape(sb)}, but must be a vector or matrix with ${n} rows`);
  }
  return apply(solveOp, [A, B], undefined);
}

function identity(n: number): Tensor {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return new Tensor(data, [n, n]);
}

/** A⁻¹ (as the solve A X = I, whose rules give −A⁻ᵀ Ā A⁻ᵀ). Throws when A is singular. */
export function inverse(A: Value): Value {
  return solve(A, identity(expectSquare('inverse', A)));
}

function determinantKernel(A: Tensor): number {
  const n = A.shape[0]!;
  const { lu, sign } = factorise(A);
  let d = sign;
  for (let i = 0; i < n; i++) d *= lu[i * n + i]!;
  return d;
}

function logAbsDeterminantKernel(A: Tensor): number {
  const n = A.shape[0]!;
  const { lu } = factorise(A);
  let l = 0;
  for (let i = 0; i < n; i++) l += Math.log(Math.abs(lu[i * n + i]!));
  return l;
}

/** tr(A⁻¹ T) = Σ (A⁻ᵀ ∘ T). */
const traceOfSolve = (A: Value, T: Value): Value => sum(mul(transpose(inverse(A)), T));

const determinantOp = defineOp({
  name: 'determinant',
  argNames: ['matrix'],
  forward: ([A]) => determinantKernel(A as Tensor),
  vjp: [(g, { args, ans }: OpContext<undefined>) => mul(mul(g, ans), transpose(inverse(args[0]!)))],
  jvp: [(t, { args, ans }) => mul(ans, traceOfSolve(args[0]!, t))],
});

const logAbsDeterminantOp = defineOp({
  name: 'logAbsDeterminant',
  argNames: ['matrix'],
  forward: ([A]) => logAbsDeterminantKernel(A as Tensor),
  vjp: [(g, { args }) => mul(g, transpose(inverse(args[0]!)))],
  jvp: [(t, { args }) => traceOfSolve(args[0]!, t)],
});

/** det A of a square matrix (1 for a 0×0 matrix). */
export function determinant(A: Value): Value {
  expectSquare('determinant', A);
  return apply(determinantOp, [A], undefined);
}

/** log |det A| (−∞ for a singular matrix; its derivative needs A⁻¹ and throws there). */
export function logAbsDeterminant(A: Value): Value {
  expectSquare('logAbsDeterminant', A);
  return apply(logAbsDeterminantOp, [A], undefined);
}
