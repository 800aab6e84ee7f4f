import { flatten, gather } from '../../ad/ops/shape.js';
import type { Tensor } from '../../ad/tensor.js';
import type { Value } from '../../ad/trace.js';

// Plain-value matrix helpers shared by the multivariate distributions (row-major data).

/** The entries (i, i) for i ≥ `from` of a K×K matrix, as a differentiable vector. */
export function diagonal(matrix: Value, size: number, from = 0): Value {
  const indices: number[] = [];
  for (let i = from; i < size; i++) indices.push(i * (size + 1));
  return gather(flatten(matrix), indices);
}

/** The Cholesky factor of a symmetric matrix's plain data, or null if it is not positive definite. */
export function choleskyOrNull(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let pivot = a[j * n + j]!;
    for (let k = 0; k < j; k++) pivot -= l[j * n + k]! * l[j * n + k]!;
    if (!(pivot > 0) || !Number.isFinite(pivot)) return null;
    const d = Math.sqrt(pivot);
    l[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / d;
    }
  }
  return l;
}

/** The first entry (i, j), i > j, where a square matrix is not symmetric to `tolerance` (relative), or null. */
export function asymmetry(m: Tensor, tolerance = 1e-8): [number, number] | null {
  const n = m.shape[0]!;
  const a = m.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const x = a[i * n + j]!;
      const y = a[j * n + i]!;
      if (!(Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(x), Math.abs(y)))) return [i, j];
    }
  }
  return null;
}

/** The first entry above the diagonal that is not zero, or null for a lower-triangular matrix. */
export function upperEntry(m: Tensor): [number, number] | null {
  const n = m.shape[0]!;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (m.data[i * n + j] !== 0) return [i, j];
  return null;
}

/** L z for a lower-triangular L (plain data) and a vector z. */
export function lowerTimes(l: Float64Array, z: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k <= i; k++) s += l[i * n + k]! * z[k]!;
    out[i] = s;
  }
  return out;
}
