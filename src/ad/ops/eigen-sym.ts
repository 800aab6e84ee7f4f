import { apply, defineOp } from '../op.js';
import { Tensor } from '../tensor.js';
import { shapeOf, type Value } from '../trace.js';
import { add, div, mul, sub } from './arithmetic.js';
import { matmul, transpose } from './linalg.js';
import { sum } from './reduce.js';
import { whereBy } from './select.js';
import { reshape } from './shape.js';
import { checkedSymmetric } from './symmetric.js';

// Eigenvalues (ascending) and orthonormal eigenvectors (as columns) of a symmetric matrix,
// A = V diag(λ) Vᵀ, by the cyclic Jacobi method (Golub & Van Loan 2013, "Matrix
// Computations", algorithm 8.5.3): accurate to high relative precision and simple, for the
// small matrices of models. Each eigenvector's sign is fixed (its largest entry positive)
// so that results do not depend on the order of rotations.
//
// Derivatives (Giles 2008, "Collected matrix derivative results", section 3.1), along
// symmetric perturbations, with F_ij = 1/(λ_j − λ_i) off the diagonal and 0 on it:
//   λ̇ = diag(Vᵀ Ȧ V),            V̇ = V (F ∘ (Vᵀ Ȧ V))
//   Ā = V diag(λ̄) Vᵀ,            Ā = V (F ∘ (Vᵀ V̄)) Vᵀ     (symmetrised)
// written with leapfrog's ops, so they differentiate again. Eigenvectors are not unique
// for repeated eigenvalues, and their derivatives are then infinite (as in Stan and JAX).

const MAX_SWEEPS = 100;

/** [eigenvalues ascending, eigenvectors as columns] of the symmetric matrix A. */
function jacobi(A: Tensor): { values: Float64Array; vectors: Float64Array } {
  const n = A.shape[0]!;
  const a = Float64Array.from(A.data);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i]! * a[i]!;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    if (!(off > 1e-30 * scale)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        // The rotation that zeroes a[p, q] (Golub & Van Loan, algorithm 8.5.1, symSchur2).
        const tau = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i]! - a[j * n + j]! || i - j);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    let largest = 0;
    for (let k = 0; k < n; k++) if (Math.abs(v[k * n + from]!) > Math.abs(v[largest * n + from]!)) largest = k;
    const sign = v[largest * n + from]! < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) vectors[k * n + to] = sign * v[k * n + from]!;
  });
  return { values, vectors };
}

const symmetrise = (X: Value): Value => mul(0.5, add(X, transpose(X)));

/** F ∘ X with F_ij = 1/(λ_j − λ_i) off the diagonal, 0 on it. */
function gapWeighted(A: Value, X: Value): Value {
  const lambda = eigenvaluesSym(A);
  const n = shapeOf(lambda)[0]!;
  const eye = new Tensor(Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0)), [n, n]);
  const offDiagonal = new Tensor(Float64Array.from(eye.data, (d) => 1 - d), [n, n]);
  const gaps = add(sub(reshape(lambda, [1, n]), reshape(lambda, [n, 1])), eye);
  // Exactly repeated eigenvalues (the zeros of singular_values' augmented matrix) get F = 0,
  // not ∞, so that the terms they multiply, which vanish there, stay 0 rather than NaN.
  return mul(whereBy(gaps, (gap) => gap !== 0, div(offDiagonal, gaps), 0), X);
}

const eigenvaluesOp = defineOp({
  name: 'eigenvaluesSym',
  argNames: ['matrix'],
  forward: ([A]) => new Tensor(jacobi(A as Tensor).values, [(A as Tensor).shape[0]!]),
  vjp: [
    (g, { args }) => {
      const V = eigenvectorsSym(args[0]!);
      return matmul(mul(V, reshape(g, [1, shapeOf(g)[0]!])), transpose(V));
    },
  ],
  jvp: [
    (t, { args }) => {
      const V = eigenvectorsSym(args[0]!);
      return sum(mul(V, matmul(symmetrise(t), V)), 0);
    },
  ],
});

const eigenvectorsOp = defineOp({
  name: 'eigenvectorsSym',
  argNames: ['matrix'],
  forward: ([A]) => new Tensor(jacobi(A as Tensor).vectors, (A as Tensor).shape),
  vjp: [(g, { args, ans }) => symmetrise(matmul(matmul(ans, gapWeighted(args[0]!, matmul(transpose(ans), g))), transpose(ans)))],
  jvp: [(t, { args, ans }) => matmul(ans, gapWeighted(args[0]!, matmul(matmul(transpose(ans), symmetrise(t)), ans)))],
});

/** The eigenvalues of a symmetric matrix, in ascending order (Stan's eigenvalues_sym). */
export function eigenvaluesSym(A: Value): Value {
  return apply(eigenvaluesOp, [checkedSymmetric(A, 'eigenvalues_sym')], undefined);
}

/** The eigenvectors of a symmetric matrix as columns, in the order of eigenvaluesSym (Stan's eigenvectors_sym). */
export function eigenvectorsSym(A: Value): Value {
  return apply(eigenvectorsOp, [checkedSymmetric(A, 'eigenvectors_sym')], undefined);
}
