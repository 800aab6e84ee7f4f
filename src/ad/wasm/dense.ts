import { newBuffer } from '../buffers.js';
import { Tensor } from '../tensor.js';
import { residentMatrix, writeRows, type ResidentMatrix } from './resident.js';
import { wasmKernelsEnabled } from './support.js';
import { WasmMemoryError, WasmWorkspace } from './workspace.js';

// The matrix products in WebAssembly SIMD (assembly/dense.ts), for the kernels of
// src/ad/ops/linalg.ts, which run their JavaScript loops when these return null.
//   - A x and yᵀA when A is constant data (a design matrix): A stays in its own memory
//     (resident.ts), each call copies the vector in and the result out.
//   - A B when A or B is constant data (resident) or the product is large enough for the
//     copies of A and B to pay: the other operands go to a scratch memory for the call.

/** A B with fewer multiply-adds than this: JavaScript (no copies) is as fast. */
const MIN_MATMUL_WORK = 16384;

/** A x of a constant matrix A [m, n] and a vector x [n]; null where the kernels do not serve. */
export function wasmMatvec(A: Tensor, x: Tensor): Tensor | null {
  const resident = residentMatrix(A);
  if (resident === null) return null;
  const out = newBuffer(resident.rows);
  resident.matvec(x.data, out);
  return new Tensor(out, [resident.rows]);
}

/** yᵀA of a vector y [m] and a constant matrix A [m, n]; null where the kernels do not serve. */
export function wasmVecmat(y: Tensor, A: Tensor): Tensor | null {
  const resident = residentMatrix(A);
  if (resident === null) return null;
  const out = newBuffer(resident.cols);
  resident.vecmat(y.data, out);
  return new Tensor(out, [resident.cols]);
}

// The scratch memory of products whose operands are not resident, made on first use. Its
// contents are dead between calls (each call writes all it reads), so sharing it is safe.
let shared: WasmWorkspace | null | undefined;

function sharedWorkspace(): WasmWorkspace | null {
  if (shared === undefined) shared = WasmWorkspace.create();
  return shared;
}

/** A B of matrices A [m, k] and B [k, n]; null where the kernels do not serve. */
export function wasmMatmul(A: Tensor, B: Tensor): Tensor | null {
  const [m, k] = A.shape as [number, number];
  const n = B.shape[1]!;
  if (m * k * n < MIN_MATMUL_WORK || !wasmKernelsEnabled()) return null;
  const left = residentMatrix(A);
  const right = left === null ? residentMatrix(B) : null;
  const space = left?.space ?? right?.space ?? sharedWorkspace();
  if (space === null) return null;
  try {
    return product(space, left, right, A, B, m, k, n);
  } catch (error) {
    if (error instanceof WasmMemoryError) return null;
    throw error;
  }
}

function product(space: WasmWorkspace, left: ResidentMatrix | null, right: ResidentMatrix | null, A: Tensor, B: Tensor, m: number, k: number, n: number): Tensor {
  const nb = n + (n & 1);
  space.beginCall();
  // A is read a number at a time: any row stride; B and C need the padded layout.
  const aAt = left !== null ? left.matrix : space.scratch(m * k);
  const ka = left !== null ? left.stride : k;
  const bAt = right !== null ? right.matrix : space.scratch(k * nb);
  const cAt = space.scratch(m * nb);
  const f64 = space.f64;
  if (left === null) f64.set(A.data, aAt / 8);
  if (right === null) writeRows(f64, bAt / 8, B.data, k, n, nb);
  space.kernels.matmul(aAt, m, k, ka, bAt, nb, cAt);
  const out = newBuffer(m * n);
  const view = space.f64;
  for (let i = 0; i < m; i++) {
    const from = cAt / 8 + i * nb;
    out.set(view.subarray(from, from + n), i * n);
  }
  return new Tensor(out, [m, n]);
}

