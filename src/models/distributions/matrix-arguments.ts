import { cholesky } from '../../ad/ops/cholesky.js';
import { mul } from '../../ad/ops/arithmetic.js';
import { sum } from '../../ad/ops/reduce.js';
import { log } from '../../ad/ops/unary.js';
import { Tensor, formatShape } from '../../ad/tensor.js';
import { Box, primal, type Primal, type Value } from '../../ad/trace.js';
import { expectRank, expectValue, formatIndex } from './checks.js';
import { asymmetry, choleskyOrNull, diagonal, upperEntry } from './matrix.js';

// Matrix arguments of the multivariate distributions: a symmetric positive-definite matrix
// (a covariance, precision or scale) or a Cholesky factor. Plain ones are checked once, at
// construction, with a message naming the entry and the rule; traced ones are checked at
// evaluation by the plain tests here, which `guarded` repeats when a gradient is replayed.

/** The size K of a square K×K argument (checked). */
export function squareSize(name: string, argName: string, m: Value, size?: number): number {
  const s = expectRank(name, argName, expectValue(name, argName, m), [2], 'a square matrix');
  if (s[0] !== s[1] || (size !== undefined && s[0] !== size)) {
    throw new Error(`${name}: ${argName} has shape ${formatShape(s)}, but must be ${size === undefined ? 'square' : `${size}×${size}`}`);
  }
  return s[0]!;
}

/** Whether plain data is a symmetric positive-definite K×K matrix. */
export function isSpd(m: Primal, size: number): boolean {
  const t = m as Tensor;
  return t.data.every(Number.isFinite) && asymmetry(t) === null && choleskyOrNull(t.data, size) !== null;
}

/** Whether plain data is a Cholesky factor: finite, lower triangular, positive diagonal. */
export function isCholeskyFactor(m: Primal, size: number): boolean {
  const t = m as Tensor;
  if (!t.data.every(Number.isFinite) || upperEntry(t) !== null) return false;
  for (let i = 0; i < size; i++) if (!(t.data[i * size + i]! > 0)) return false;
  return true;
}

/** Throws unless a plain matrix is symmetric positive definite (no-op for traced values). */
export function checkSpd(name: string, argName: string, m: Value, size: number): void {
  if (m instanceof Box) return;
  const t = primal(m) as Tensor;
  const bad = t.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`${name}: ${argName}${formatIndex(bad, t.shape)} is ${t.data[bad]}, but must be finite`);
  const asym = asymmetry(t);
  if (asym !== null) {
    const [i, j] = asym;
    throw new Error(`${name}: ${argName} is not symmetric: ${argName}[${i}, ${j}] is ${t.data[i * size + j]}, but ${argName}[${j}, ${i}] is ${t.data[j * size + i]}`);
  }
  if (choleskyOrNull(t.data, size) === null) throw new Error(`${name}: ${argName} is not positive definite (its Cholesky factorisation fails)`);
}

/** Throws unless a plain matrix is a Cholesky factor (no-op for traced values). */
export function checkCholesky(name: string, argName: string, m: Value, size: number): void {
  if (m instanceof Box) return;
  const t = primal(m) as Tensor;
  const bad = t.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`${name}: ${argName}${formatIndex(bad, t.shape)} is ${t.data[bad]}, but must be finite`);
  const upper = upperEntry(t);
  if (upper !== null) throw new Error(`${name}: ${argName}${formatIndex(upper[0] * size + upper[1], t.shape)} is ${t.data[upper[0] * size + upper[1]]}, but ${argName} must be lower triangular`);
  for (let i = 0; i < size; i++) {
    const d = t.data[i * size + i]!;
    if (!(d > 0)) throw new Error(`${name}: ${argName}${formatIndex(i * size + i, t.shape)} is ${d}, but the diagonal of a Cholesky factor must be positive`);
  }
}

/** The Cholesky factor of an SPD matrix as a differentiable value (a plain factor for plain input). */
export function factorOf(m: Value, size: number): Value {
  if (m instanceof Box) return cholesky(m);
  const l = choleskyOrNull((primal(m) as Tensor).data, size);
  if (l === null) throw new Error('factorOf: the matrix is not positive definite');
  return new Tensor(l, [size, size]);
}

/** log det(L Lᵀ) = 2 Σ log L_ii. */
export function logDeterminant(factor: Value, size: number): Value {
  return mul(2, sum(log(diagonal(factor, size))));
}

/** The plain Cholesky factor's data of an SPD matrix or of a factor. */
export function plainFactorData(m: Value, size: number, isFactor: boolean): Float64Array {
  const data = (primal(m) as Tensor).data;
  if (isFactor) return data;
  const l = choleskyOrNull(data, size);
  if (l === null) throw new Error('the matrix is not positive definite, so there is nothing to sample');
  return l;
}
