import { newBuffer } from '../buffers.js';
import { apply, defineOp } from '../op.js';
import { Tensor, formatShape } from '../tensor.js';
import { shapeOf, type Primal, type Value } from '../trace.js';
import { mul } from './arithmetic.js';
import { wasmMatmul, wasmMatvec, wasmVecmat } from '../wasm/dense.js';

// Dense linear algebra on row-major Float64Array. Products with a constant data matrix (and
// large products) run in WebAssembly SIMD where the engine has it (src/ad/wasm/dense.ts), the
// loops below otherwise and when `configure({ wasm: false })` asks. The vjps are the usual matrix-calculus
// identities (e.g. Giles 2008, "Collected matrix derivative results"):
//   y = A x:  x̄ = Aᵀ ȳ (vecmat), Ā = ȳ xᵀ (outer)
//   C = A B:  Ā = C̄ Bᵀ, B̄ = Aᵀ C̄

function expectShape(opName: string, argName: string, x: Value, rank: number): readonly number[] {
  const s = shapeOf(x);
  if (s.length !== rank) {
    const kind = rank === 1 ? 'a vector' : 'a matrix';
    throw new Error(`${opName}: ${argName} must be ${kind}, got shape ${formatShape(s)}`);
  }
  return s;
}

function mismatch(opName: string, a: readonly number[], b: readonly number[]): Error {
  return new Error(`${opName}: shapes ${formatShape(a)} and ${formatShape(b)} do not fit`);
}

const t = (x: Primal): Tensor => x as Tensor;

function dotKernel(a: Float64Array, b: Float64Array, aOffset: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const n4 = n - (n % 4);
  for (let j = 0; j < n4; j += 4) {
    s0 += a[aOffset + j]! * b[j]!;
    s1 += a[aOffset + j + 1]! * b[j + 1]!;
    s2 += a[aOffset + j + 2]! * b[j + 2]!;
    s3 += a[aOffset + j + 3]! * b[j + 3]!;
  }
  for (let j = n4; j < n; j++) s0 += a[aOffset + j]! * b[j]!;
  return s0 + s1 + (s2 + s3);
}

const dotOp = defineOp({
  name: 'dot',
  argNames: ['a', 'b'],
  forward: ([a, b]) => dotKernel(t(a!).data, t(b!).data, 0, t(a!).size),
  vjp: [(g, { args }) => mul(g, args[1]!), (g, { args }) => mul(g, args[0]!)],
  jvp: [(d, { args }) => dot(d, args[1]!), (d, { args }) => dot(args[0]!, d)],
});

/** Inner product of two vectors. */
export function dot(a: Value, b: Value): Value {
  const sa = expectShape('dot', 'a', a, 1);
  const sb = expectShape('dot', 'b', b, 1);
  if (sa[0] !== sb[0]) throw mismatch('dot', sa, sb);
  return apply(dotOp, [a, b], undefined);
}

function matvecKernel(A: Tensor, x: Tensor): Tensor {
  const simd = wasmMatvec(A, x);
  if (simd !== null) return simd;
  const m = A.shape[0]!;
  const n = A.shape[1]!;
  const a = A.data;
  const xd = x.data;
  const out = newBuffer(m);
  // dotKernel's four accumulators written out, without a call per row (about a tenth
  // faster on logistic_regression's 2000×25 X).
  const n4 = n - (n % 4);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < n4; j += 4) {
      s0 += a[row + j]! * xd[j]!;
      s1 += a[row + j + 1]! * xd[j + 1]!;
      s2 += a[row + j + 2]! * xd[j + 2]!;
      s3 += a[row + j + 3]! * xd[j + 3]!;
    }
    for (let j = n4; j < n; j++) s0 += a[row + j]! * xd[j]!;
    out[i] = s0 + s1 + (s2 + s3);
  }
  return new Tensor(out, [m]);
}

/**
 * yᵀA as a sum of rows of A scaled by y: four rows per sweep over `out`, which quarters
 * the loads and stores of `out`. Rows with y_i = 0 are skipped (so an infinite entry of
 * A in such a row does not make NaN), which the four-row sweep leaves to the one-row loop.
 */
function vecmatKernel(y: Tensor, A: Tensor): Tensor {
  const simd = wasmVecmat(y, A);
  if (simd !== null) return simd;
  const m = A.shape[0]!;
  const n = A.shape[1]!;
  const out = newBuffer(n);
  const a = A.data;
  const yd = y.data;
  const m4 = m - (m % 4);
  let i = 0;
  for (; i < m4; i += 4) {
    const y0 = yd[i]!, y1 = yd[i + 1]!, y2 = yd[i + 2]!, y3 = yd[i + 3]!;
    if (y0 === 0 || y1 === 0 || y2 === 0 || y3 === 0) {
      for (let k = i; k < i + 4; k++) addScaledRow(out, a, yd[k]!, k * n);
      continue;
    }
    const r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
    for (let j = 0; j < n; j++) out[j]! += y0 * a[r0 + j]! + y1 * a[r1 + j]! + y2 * a[r2 + j]! + y3 * a[r3 + j]!;
  }
  for (; i < m; i++) addScaledRow(out, a, yd[i]!, i * n);
  return new Tensor(out, [n]);
}

/** out += yi · (row of `a` starting at `base`), nothing when yi = 0. */
function addScaledRow(out: Float64Array, a: Float64Array, yi: number, base: number): void {
  if (yi === 0) return;
  for (let j = 0, n = out.length; j < n; j++) out[j]! += yi * a[base + j]!;
}

function outerKernel(a: Tensor, b: Tensor): Tensor {
  const m = a.size;
  const n = b.size;
  const out = newBuffer(m * n);
  for (let i = 0; i < m; i++) {
    const ai = a.data[i]!;
    for (let j = 0; j < n; j++) out[i * n + j] = ai * b.data[j]!;
  }
  return new Tensor(out, [m, n]);
}

const matvecOp = defineOp({
  name: 'matvec',
  argNames: ['matrix', 'vector'],
  forward: ([A, x]) => matvecKernel(t(A!), t(x!)),
  vjp: [(g, { args }) => outer(g, args[1]!), (g, { args }) => vecmat(g, args[0]!)],
  jvp: [(d, { args }) => matvec(d, args[1]!), (d, { args }) => matvec(args[0]!, d)],
});

const vecmatOp = defineOp({
  name: 'vecmat',
  argNames: ['vector', 'matrix'],
  forward: ([y, A]) => vecmatKernel(t(y!), t(A!)),
  vjp: [(g, { args }) => matvec(args[1]!, g), (g, { args }) => outer(args[0]!, g)],
  jvp: [(d, { args }) => vecmat(d, args[1]!), (d, { args }) => vecmat(args[0]!, d)],
});

const outerOp = defineOp({
  name: 'outer',
  argNames: ['a', 'b'],
  forward: ([a, b]) => outerKernel(t(a!), t(b!)),
  vjp: [(g, { args }) => matvec(g, args[1]!), (g, { args }) => vecmat(args[0]!, g)],
  jvp: [(d, { args }) => outer(d, args[1]!), (d, { args }) => outer(args[0]!, d)],
});

/** A x for a matrix A (m×n) and a vector x (n). */
export function matvec(A: Value, x: Value): Value {
  const sa = expectShape('matvec', 'matrix', A, 2);
  const sx = expectShape('matvec', 'vector', x, 1);
  if (sa[1] !== sx[0]) throw mismatch('matvec', sa, sx);
  return apply(matvecOp, [A, x], undefined);
}

/** yᵀ A for a vector y (m) and a matrix A (m×n). */
export function vecmat(y: Value, A: Value): Value {
  const sy = expectShape('vecmat', 'vector', y, 1);
  const sa = expectShape('vecmat', 'matrix', A, 2);
  if (sa[0] !== sy[0]) throw mismatch('vecmat', sy, sa);
  return apply(vecmatOp, [y, A], undefined);
}

/** a bᵀ for vectors a and b. */
export function outer(a: Value, b: Value): Value {
  expectShape('outer', 'a', a, 1);
  expectShape('outer', 'b', b, 1);
  return apply(outerOp, [a, b], undefined);
}

function matmulKernel(A: Tensor, B: Tensor): Tensor {
  const simd = wasmMatmul(A, B);
  if (simd !== null) return simd;
  const [m, k] = A.shape as [number, number];
  const n = B.shape[1]!;
  const out = newBuffer(m * n);
  const a = A.data;
  const b = B.data;
  // i-k-j order: the inner loop runs along rows of B and C (contiguous).
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j]! += aip * b[p * n + j]!;
    }
  }
  return new Tensor(out, [m, n]);
}

function transposeKernel(A: Tensor): Tensor {
  const [m, n] = A.shape as [number, number];
  const out = newBuffer(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = A.data[i * n + j]!;
  return new Tensor(out, [n, m]);
}

const matmulOp = defineOp({
  name: 'matmul',
  argNames: ['a', 'b'],
  forward: ([A, B]) => matmulKernel(t(A!), t(B!)),
  vjp: [(g, { args }) => matmul(g, transpose(args[1]!)), (g, { args }) => matmul(transpose(args[0]!), g)],
  jvp: [(d, { args }) => matmul(d, args[1]!), (d, { args }) => matmul(args[0]!, d)],
});

const transposeOp = defineOp({
  name: 'transpose',
  argNames: ['matrix'],
  forward: ([A]) => transposeKernel(t(A!)),
  vjp: [(g) => transpose(g)],
  jvp: [(d) => transpose(d)],
});

/** The matrix product A B. */
export function matmul(A: Value, B: Value): Value {
  const sa = expectShape('matmul', 'a', A, 2);
  const sb = expectShape('matmul', 'b', B, 2);
  if (sa[1] !== sb[0]) throw mismatch('matmul', sa, sb);
  return apply(matmulOp, [A, B], undefined);
}

/** Aᵀ of a matrix. */
export function transpose(A: Value): Value {
  expectShape('transpose', 'matrix', A, 2);
  return apply(transposeOp, [A], undefined);
}
