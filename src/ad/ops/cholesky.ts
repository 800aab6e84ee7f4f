import { apply, defineOp } from '../op.js';
import { Tensor, formatShape } from '../tensor.js';
import { shapeOf, type Value } from '../trace.js';
import { add, mul } from './arithmetic.js';
import { matmul, transpose } from './linalg.js';
import { lowerMask, triangularSolve } from './triangular-solve.js';

// The Cholesky factor L of a symmetric positive-definite matrix A = L Lᵀ (L lower
// triangular, positive diagonal). The derivatives are those of Murray (2016),
// "Differentiation of the Cholesky decomposition", arXiv:1602.07527, eqs. (8)–(10), with
// Φ(X) = the lower triangle of X with its diagonal halved:
//   jvp:  L̇ = L Φ(L⁻¹ Ȧ L⁻ᵀ)
//   vjp:  Ā = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹, symmetrised
// Both are written with leapfrog's ops (matmul, triangularSolve), so the Cholesky
// differentiates to any order.
//
// A is assumed symmetric and only its lower triangle is read. The derivatives are those
// along symmetric perturbations (as in JAX): the tangent is symmetrised and the cotangent
// returned symmetric, so a covariance matrix built from parameters with ops gets the
// gradient of each parameter right whichever triangle of A it came through.

function choleskyKernel(A: Tensor): Tensor {
  const n = A.shape[0]!;
  const a = A.data;
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let pivot = a[j * n + j]!;
    for (let k = 0; k < j; k++) pivot -= l[j * n + k]! * l[j * n + k]!;
    if (!(pivot > 0)) {
      throw new Error(
        `cholesky: the matrix is not positive definite (pivot ${j + 1} is ${pivot}); ` +
          'add jitter to the diagonal if it is a covariance matrix that is singular up to rounding',
      );
    }
    const diagonal = Math.sqrt(pivot);
    l[j * n + j] = diagonal;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / diagonal;
    }
  }
  return new Tensor(l, A.shape);
}

/** Φ as a constant mask: ones below the diagonal, one half on it. */
function phiMask(n: number): Tensor {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) data[i * n + j] = 1;
    data[i * n + i] = 0.5;
  }
  return new Tensor(data, [n, n]);
}

const symmetrise = (X: Value): Value => mul(0.5, add(X, transpose(X)));

const choleskyOp = defineOp({
  name: 'cholesky',
  argNames: ['matrix'],
  forward: ([A]) => choleskyKernel(A as Tensor),
  vjp: [
    (g, { ans }) => {
      const n = shapeOf(ans)[0]!;
      // Only L's lower triangle is a function of A: the upper part of L̄ is dropped.
      const P = mul(matmul(transpose(ans), mul(g, lowerMask(n))), phiMask(n));
      const Y = triangularSolve(ans, P, { transpose: true }); // L⁻ᵀ P
      const St = triangularSolve(ans, transpose(Y), { transpose: true }); // (L⁻ᵀ P L⁻¹)ᵀ
      return symmetrise(St);
    },
  ],
  jvp: [
    (t, { ans }) => {
      const n = shapeOf(ans)[0]!;
      const W = triangularSolve(ans, symmetrise(t)); // L⁻¹ Ȧ
      const X = transpose(triangularSolve(ans, transpose(W))); // L⁻¹ Ȧ L⁻ᵀ
      return matmul(ans, mul(X, phiMask(n)));
    },
  ],
});

/**
 * The lower-triangular Cholesky factor of a symmetric positive-definite matrix (only the
 * lower triangle is read). Throws, naming the failing pivot, when the matrix is not
 * positive definite; a model's log density turns that into a rejected point.
 */
export function cholesky(A: Value): Value {
  const s = shapeOf(A);
  if (s.length !== 2 || s[0] !== s[1]) {
    throw new Error(`cholesky: expects a square matrix, got shape ${formatShape(s)}`);
  }
  return apply(choleskyOp, [A], undefined);
}
