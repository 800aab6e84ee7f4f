import { reshape, slice } from '../../../ad/ops/shape.js';
import { primal, shapeOf, type Value } from '../../../ad/trace.js';
import { EvaluationError } from '../local-variable.js';
import { matrixType, rowVectorType, vectorType, type Size, type SpecType } from '../types.js';
import { arity, sizeArgument, type Argument, type SpecFunction } from './function.js';
import { anyMatrix } from './matrix-checks.js';

// Stan functions reference, "Slicing and blocking functions": block, sub_col and sub_row
// (col, row, head, tail and segment are with the other container functions). Positions are
// 1-based; a block reaching outside the matrix is an error naming the function.

const int = (v: Value): number => primal(v) as number;

/** Checks A and the int arguments at `ints`; returns [the matrix type, the known int values]. */
function matrixAndInts(name: string, args: readonly Argument[], count: number): [Extract<SpecType, { kind: 'matrix' }>, (number | null)[]] | string {
  const problem = arity(name, args, count);
  if (problem !== undefined) return problem;
  const m = anyMatrix(name, args, 0);
  if (typeof m === 'string') return m;
  const values: (number | null)[] = [];
  for (let k = 1; k < count; k++) {
    const v = sizeArgument(name, args, k);
    if (typeof v === 'string') return v;
    values.push(v);
  }
  return [m, values];
}

/** Rows i..i+rows−1 and columns j..j+cols−1 (1-based) must lie inside a matrix of `shape`. */
function inside(name: string, shape: readonly number[], i: number, j: number, rows: number, cols: number): void {
  const [m, n] = shape as [number, number];
  if (i < 1 || j < 1 || i + rows - 1 > m || j + cols - 1 > n) {
    throw new EvaluationError(`${name}: rows ${i} to ${i + rows - 1} and columns ${j} to ${j + cols - 1} are outside a ${m} × ${n} matrix (positions are 1-based)`);
  }
}

function block(name: string, A: Value, i: number, j: number, rows: number, cols: number): Value {
  inside(name, shapeOf(A), i, j, rows, cols);
  return slice(slice(A, i - 1, i - 1 + rows, 0), j - 1, j - 1 + cols, 1);
}

const sized = (n: number | null | undefined): Size => (n === undefined ? null : n);

export const slicingFunctions: readonly SpecFunction[] = [
  {
    name: 'block',
    usage: 'block(A, i, j, n_rows, n_cols)',
    doc: 'The n_rows × n_cols submatrix of A whose top-left element is A[i, j].',
    check: (args) => {
      const r = matrixAndInts('block', args, 5);
      return typeof r === 'string' ? r : matrixType(sized(r[1][2]), sized(r[1][3]));
    },
    kernel: ([A, i, j, rows, cols]) => block('block', A!, int(i!), int(j!), int(rows!), int(cols!)),
  },
  {
    name: 'sub_col',
    usage: 'sub_col(A, i, j, n_rows)',
    doc: 'The n_rows elements of column j of A from row i down, as a vector.',
    check: (args) => {
      const r = matrixAndInts('sub_col', args, 4);
      return typeof r === 'string' ? r : vectorType(sized(r[1][2]));
    },
    kernel: ([A, i, j, rows]) => reshape(block('sub_col', A!, int(i!), int(j!), int(rows!), 1), [int(rows!)]),
  },
  {
    name: 'sub_row',
    usage: 'sub_row(A, i, j, n_cols)',
    doc: 'The n_cols elements of row i of A from column j on, as a row vector.',
    check: (args) => {
      const r = matrixAndInts('sub_row', args, 4);
      return typeof r === 'string' ? r : rowVectorType(sized(r[1][2]));
    },
    kernel: ([A, i, j, cols]) => reshape(block('sub_row', A!, int(i!), int(j!), 1, int(cols!)), [int(cols!)]),
  },
];
