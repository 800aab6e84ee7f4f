import { sizeOf, type Shape } from '../../ad/tensor.js';
import { cholesky } from '../../samplers/linalg.js';
import type { ConstraintKind } from '../constraints.js';

// Whether plain values lie in a structured set (a simplex, a correlation matrix, ...): the
// checks Stan makes of constrained data when they are read, and of transformed parameters
// and generated quantities at the end of their blocks. Arrays of such values are checked
// element by element (the structure is the last axis, or the last two for matrices). Each
// failure gives the flat (row-major) offset of the entry at fault and the rule it breaks.

/** Equalities (a sum of 1, a unit norm, symmetry) hold within this (Stan's CONSTRAINT_TOLERANCE). */
export const CONSTRAINT_TOLERANCE = 1e-8;

export interface Violation {
  /** Flat row-major offset of the entry at fault. */
  readonly index: number;
  /** What it must be, as a phrase after "must be": `non-negative (part of a simplex)`. */
  readonly rule: string;
}

/** The constraints with a structure across entries; the others (bounds) are elementwise. */
export type StructuredKind = Extract<
  ConstraintKind,
  'simplex' | 'ordered' | 'positiveOrdered' | 'unitVector' | 'sumToZero' | 'choleskyCorr' | 'choleskyCov' | 'corrMatrix' | 'covMatrix' | 'rowStochastic' | 'columnStochastic'
>;

const VECTOR_KINDS: ReadonlySet<string> = new Set(['simplex', 'ordered', 'positiveOrdered', 'unitVector', 'sumToZero']);

export const isStructured = (kind: ConstraintKind): kind is StructuredKind =>
  VECTOR_KINDS.has(kind) || ['choleskyCorr', 'choleskyCov', 'corrMatrix', 'covMatrix', 'rowStochastic', 'columnStochastic'].includes(kind);

type Check = (x: Float64Array, base: number, rows: number, columns: number) => Violation | undefined;

/** A run of entries base, base + step, ... (count of them) as a simplex. */
function simplexRun(x: Float64Array, base: number, count: number, step: number, what: string): Violation | undefined {
  let total = 0;
  for (let k = 0; k < count; k++) {
    const v = x[base + k * step]!;
    if (!(v >= 0) || !Number.isFinite(v)) return { index: base + k * step, rule: `non-negative and finite (${what} is a simplex)` };
    total += v;
  }
  if (count > 0 && !(Math.abs(total - 1) <= CONSTRAINT_TOLERANCE)) return { index: base + (count - 1) * step, rule: `part of a simplex, but ${what} sums to ${total}` };
  return undefined;
}

function symmetric(x: Float64Array, base: number, n: number): Violation | undefined {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [x[base + i * n + j]!, x[base + j * n + i]!];
      if (!(Math.abs(a - b) <= CONSTRAINT_TOLERANCE * Math.max(1, Math.abs(a)))) return { index: base + i * n + j, rule: `equal to the entry across the diagonal (${b}): the matrix must be symmetric` };
    }
  }
  return undefined;
}

function positiveDefinite(x: Float64Array, base: number, n: number): Violation | undefined {
  try {
    cholesky(x.subarray(base, base + n * n), 'check');
    return undefined;
  } catch {
    return { index: base, rule: 'part of a positive-definite matrix, but the matrix is not positive definite' };
  }
}

function lowerTriangular(x: Float64Array, base: number, rows: number, columns: number, what: string): Violation | undefined {
  for (let i = 0; i < rows; i++) {
    for (let j = i + 1; j < columns; j++) if (x[base + i * columns + j] !== 0) return { index: base + i * columns + j, rule: `0 (${what} is lower triangular)` };
    if (i < columns && !(x[base + i * columns + i]! > 0)) return { index: base + i * columns + i, rule: `positive (the diagonal of ${what})` };
    for (let j = 0; j <= Math.min(i, columns - 1); j++) if (!Number.isFinite(x[base + i * columns + j])) return { index: base + i * columns + j, rule: 'finite' };
  }
  return undefined;
}

const CHECKS: Readonly<Record<StructuredKind, Check>> = {
  simplex: (x, base, _, n) => simplexRun(x, base, n, 1, 'the vector'),
  ordered: (x, base, _, n) => {
    for (let k = 0; k < n; k++) {
      if (!Number.isFinite(x[base + k])) return { index: base + k, rule: 'finite (ordered)' };
      if (k > 0 && !(x[base + k]! > x[base + k - 1]!)) return { index: base + k, rule: `greater than the entry before it (${x[base + k - 1]}), as ordered` };
    }
    return undefined;
  },
  positiveOrdered: (x, base, rows, n) => (n > 0 && !(x[base]! > 0) ? { index: base, rule: 'positive (positive_ordered)' } : CHECKS.ordered(x, base, rows, n)),
  unitVector: (x, base, _, n) => {
    let squared = 0;
    for (let k = 0; k < n; k++) squared += x[base + k]! ** 2;
    return Math.abs(squared - 1) <= CONSTRAINT_TOLERANCE ? undefined : { index: base + n - 1, rule: `part of a unit vector, but the squared norm is ${squared}` };
  },
  sumToZero: (x, base, _, n) => {
    let total = 0;
    for (let k = 0; k < n; k++) total += x[base + k]!;
    return Math.abs(total) <= CONSTRAINT_TOLERANCE ? undefined : { index: base + n - 1, rule: `part of a sum-to-zero vector, but the entries sum to ${total}` };
  },
  choleskyCov: (x, base, rows, columns) => lowerTriangular(x, base, rows, columns, 'a Cholesky factor'),
  choleskyCorr: (x, base, n) => {
    const triangular = lowerTriangular(x, base, n, n, 'a Cholesky factor');
    if (triangular !== undefined) return triangular;
    for (let i = 0; i < n; i++) {
      let squared = 0;
      for (let j = 0; j <= i; j++) squared += x[base + i * n + j]! ** 2;
      if (!(Math.abs(squared - 1) <= CONSTRAINT_TOLERANCE)) return { index: base + i * n + i, rule: `in a row of unit length, but row ${i + 1} has squared length ${squared} (cholesky_factor_corr)` };
    }
    return undefined;
  },
  corrMatrix: (x, base, n) => {
    for (let i = 0; i < n; i++) if (!(Math.abs(x[base + i * n + i]! - 1) <= CONSTRAINT_TOLERANCE)) return { index: base + i * n + i, rule: '1 (the diagonal of a correlation matrix)' };
    return symmetric(x, base, n) ?? positiveDefinite(x, base, n);
  },
  covMatrix: (x, base, n) => symmetric(x, base, n) ?? positiveDefinite(x, base, n),
  rowStochastic: (x, base, rows, columns) => {
    for (let i = 0; i < rows; i++) {
      const broken = simplexRun(x, base + i * columns, columns, 1, `row ${i + 1}`);
      if (broken !== undefined) return broken;
    }
    return undefined;
  },
  columnStochastic: (x, base, rows, columns) => {
    for (let j = 0; j < columns; j++) {
      const broken = simplexRun(x, base + j, rows, columns, `column ${j + 1}`);
      if (broken !== undefined) return broken;
    }
    return undefined;
  },
};

/**
 * The first entry where `x` (of `shape`, possibly an array of such values) breaks the
 * structure of `kind`, or undefined when every element satisfies it.
 */
export function structureViolation(kind: StructuredKind, x: Float64Array, shape: Shape): Violation | undefined {
  const matrix = !VECTOR_KINDS.has(kind);
  const rank = matrix ? 2 : 1;
  if (shape.length < rank) return { index: 0, rule: `a ${matrix ? 'matrix' : 'vector'} (${kind})` };
  const rows = matrix ? shape[shape.length - 2]! : 1;
  const columns = shape[shape.length - 1]!;
  const elementSize = rows * columns;
  const count = elementSize === 0 ? 0 : sizeOf(shape) / elementSize;
  for (let e = 0; e < count; e++) {
    const broken = CHECKS[kind](x, e * elementSize, rows, columns);
    if (broken !== undefined) return broken;
  }
  return undefined;
}
