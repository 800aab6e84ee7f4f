import { sub } from '../../../ad/ops/arithmetic.js';
import { broadcastTo } from '../../../ad/ops/broadcasting.js';
import { cumulativeSum } from '../../../ad/ops/cumulative.js';
import { transpose } from '../../../ad/ops/linalg.js';
import { logSumExp } from '../../../ad/ops/reduce.js';
import { concat, gather, reshape, slice } from '../../../ad/ops/shape.js';
import { exp } from '../../../ad/ops/unary.js';
import { primal, shapeOf, type Value } from '../../../ad/trace.js';
import { EvaluationError } from '../local-variable.js';
import {
  INT,
  intArrayType,
  isOneAxis,
  isScalar,
  matrixType,
  rowVectorType,
  vectorType,
  withArticle,
  type Size,
  type SpecType,
} from '../types.js';
import { arity, sizeArgument, wrongArgument, type Argument, type SpecFunction } from './function.js';

// Building and reshaping containers (Stan functions reference, "Matrix operations":
// rep_*, append_*, head/tail/segment, to_* conversions, softmax). Stan's to_vector and
// to_matrix are column-major, and so are these.

const intOf = (v: Value): number => primal(v) as number;
const sum = (a: Size, b: Size): Size => (a === null || b === null ? null : a + b);

/** A function whose result type needs sizes known at check time (`allocates`: see SpecFunction). */
function sized(name: string, usage: string, doc: string, check: (args: readonly Argument[]) => SpecType | string, kernel: SpecFunction['kernel'], allocates?: SpecFunction['allocates']): SpecFunction {
  return allocates === undefined ? { name, usage, doc, check, kernel } : { name, usage, doc, check, kernel, allocates };
}

/** Elements of a value (1 for a scalar). */
const elementsOf = (v: Value): number => shapeOf(v).reduce((a, b) => a * b, 1);

/** The result of a check, or the first message among several. */
const firstProblem = (...results: (number | null | string)[]): string | undefined => results.find((r): r is string => typeof r === 'string');

const lengthOf = (t: SpecType): Size => (isScalar(t) ? 1 : t.kind === 'matrix' ? null : (t as { size: Size }).size);

function rangeCheck(name: string, start: number, count: number, length: number): void {
  if (count < 0 || start < 0 || start + count > length) {
    throw new EvaluationError(`${name}: elements ${start + 1} to ${start + count} are out of range for a container of ${length} elements`);
  }
}

function piece(name: string, args: readonly Argument[], countAt: number, extra: number): SpecType | string {
  const problem = arity(name, args, extra);
  if (problem !== undefined) return problem;
  const t = args[0]!.type;
  if (!isOneAxis(t)) return wrongArgument(name, 0, 'a vector, row vector or int array', t);
  const n = sizeArgument(name, args, countAt);
  if (typeof n === 'string') return n;
  if (extra === 3) {
    const start = sizeArgument(name, args, 1);
    if (typeof start === 'string') return start;
  }
  return t.kind === 'int_array' ? intArrayType(n) : t.kind === 'row_vector' ? rowVectorType(n) : vectorType(n);
}

function appendRow(args: readonly Argument[]): SpecType | string {
  const problem = arity('append_row', args, 2);
  if (problem !== undefined) return problem;
  const [a, b] = [args[0]!.type, args[1]!.type];
  const vectorLike = (t: SpecType): boolean => isScalar(t) || t.kind === 'vector';
  if (vectorLike(a) && vectorLike(b)) return vectorType(sum(lengthOf(a), lengthOf(b)));
  const rowsOf = (t: SpecType): Size | undefined => (t.kind === 'matrix' ? t.rows : t.kind === 'row_vector' ? 1 : undefined);
  const colsOf = (t: SpecType): Size | undefined => (t.kind === 'matrix' ? t.cols : t.kind === 'row_vector' ? t.size : undefined);
  if (rowsOf(a) === undefined || rowsOf(b) === undefined) return `append_row joins vectors (or reals), or matrices and row vectors, but got ${withArticle(a)} and ${withArticle(b)}`;
  const [ca, cb] = [colsOf(a)!, colsOf(b)!];
  if (ca !== null && cb !== null && ca !== cb) return `append_row: the numbers of columns differ (${ca} and ${cb})`;
  return matrixType(sum(rowsOf(a)!, rowsOf(b)!), ca ?? cb);
}

function appendCol(args: readonly Argument[]): SpecType | string {
  const problem = arity('append_col', args, 2);
  if (problem !== undefined) return problem;
  const [a, b] = [args[0]!.type, args[1]!.type];
  const rowLike = (t: SpecType): boolean => isScalar(t) || t.kind === 'row_vector';
  if (rowLike(a) && rowLike(b)) return rowVectorType(sum(lengthOf(a), lengthOf(b)));
  const colsOf = (t: SpecType): Size | undefined => (t.kind === 'matrix' ? t.cols : t.kind === 'vector' ? 1 : undefined);
  const rowsOf = (t: SpecType): Size | undefined => (t.kind === 'matrix' ? t.rows : t.kind === 'vector' ? t.size : undefined);
  if (colsOf(a) === undefined || colsOf(b) === undefined) return `append_col joins row vectors (or reals), or matrices and vectors, but got ${withArticle(a)} and ${withArticle(b)}`;
  const [ra, rb] = [rowsOf(a)!, rowsOf(b)!];
  if (ra !== null && rb !== null && ra !== rb) return `append_col: the numbers of rows differ (${ra} and ${rb})`;
  return matrixType(ra ?? rb, sum(colsOf(a)!, colsOf(b)!));
}

/** A shape-only query (size, rows, cols, num_elements): an int. */
function query(name: string, doc: string, accepts: (t: SpecType) => boolean, expected: string, compute: (shape: readonly number[]) => number): SpecFunction {
  return {
    name,
    usage: `${name}(x)`,
    doc,
    check: (args) => arity(name, args, 1) ?? (accepts(args[0]!.type) ? INT : wrongArgument(name, 0, expected, args[0]!.type)),
    kernel: ([x]) => compute(shapeOf(x!)),
  };
}

export const containerFunctions: readonly SpecFunction[] = [
  query('size', 'The number of elements of a vector, row vector or array; the number of rows of a matrix.', (t) => !isScalar(t), 'a container', (s) => s[0]!),
  query('num_elements', 'The total number of elements (1 for a scalar; rows × cols for a matrix).', () => true, 'a value', (s) => s.reduce((a, b) => a * b, 1)),
  query('rows', 'The number of rows (the size of a vector; 1 for a row vector).', (t) => !isScalar(t), 'a vector or matrix', (s) => s[0]!),
  query('cols', 'The number of columns (1 for a vector; the size of a row vector).', (t) => !isScalar(t), 'a vector or matrix', (s) => (s.length === 2 ? s[1]! : 1)),
  sized(
    'rep_vector',
    'rep_vector(x, n)', 'A vector of n copies of x.',
    (args) => {
      const n = arity('rep_vector', args, 2) ?? (isScalar(args[0]!.type) ? sizeArgument('rep_vector', args, 1) : wrongArgument('rep_vector', 0, 'a scalar', args[0]!.type));
      return typeof n === 'string' ? n : vectorType(n);
    },
    ([x, n]) => broadcastTo(x!, [intOf(n!)]),
    ([, n]) => intOf(n!),
  ),
  sized(
    'rep_row_vector',
    'rep_row_vector(x, n)', 'A row vector of n copies of x.',
    (args) => {
      const n = arity('rep_row_vector', args, 2) ?? (isScalar(args[0]!.type) ? sizeArgument('rep_row_vector', args, 1) : wrongArgument('rep_row_vector', 0, 'a scalar', args[0]!.type));
      return typeof n === 'string' ? n : rowVectorType(n);
    },
    ([x, n]) => broadcastTo(x!, [intOf(n!)]),
    ([, n]) => intOf(n!),
  ),
  sized(
    'rep_array',
    'rep_array(x, n): an int array for an int x, else a vector', 'An array of n copies of x: an int array for an int x, else an array of reals (a vector here).',
    (args) => {
      const n = arity('rep_array', args, 2) ?? (isScalar(args[0]!.type) ? sizeArgument('rep_array', args, 1) : wrongArgument('rep_array', 0, 'a scalar', args[0]!.type));
      if (typeof n === 'string') return n;
      return args[0]!.type.kind === 'int' ? intArrayType(n) : vectorType(n);
    },
    ([x, n]) => broadcastTo(x!, [intOf(n!)]),
    ([, n]) => intOf(n!),
  ),
  sized(
    'rep_matrix',
    'rep_matrix(x, m, n), rep_matrix(v, n) (n copies of column v), rep_matrix(rv, m) (m copies of row rv)', 'An m × n matrix filled with x; or n copies of the vector v as columns; or m copies of the row vector rv as rows.',
    (args) => {
      const problem = arity('rep_matrix', args, 2, 3);
      if (problem !== undefined) return problem;
      const t = args[0]!.type;
      if (args.length === 3) {
        if (!isScalar(t)) return wrongArgument('rep_matrix', 0, 'a scalar (with two sizes)', t);
        const [m, n] = [sizeArgument('rep_matrix', args, 1), sizeArgument('rep_matrix', args, 2)];
        return firstProblem(m, n) ?? matrixType(m as Size, n as Size);
      }
      const k = sizeArgument('rep_matrix', args, 1);
      if (typeof k === 'string') return k;
      if (t.kind === 'vector') return matrixType(t.size, k);
      if (t.kind === 'row_vector') return matrixType(k, t.size);
      return wrongArgument('rep_matrix', 0, 'a vector or row vector (with one size)', t);
    },
    (args, types) => {
      if (args.length === 3) return broadcastTo(args[0]!, [intOf(args[1]!), intOf(args[2]!)]);
      const v = args[0]!;
      const n = shapeOf(v)[0]!;
      const k = intOf(args[1]!);
      return types[0]!.kind === 'vector' ? broadcastTo(reshape(v, [n, 1]), [n, k]) : broadcastTo(reshape(v, [1, n]), [k, n]);
    },
    (args) => (args.length === 3 ? intOf(args[1]!) * intOf(args[2]!) : elementsOf(args[0]!) * intOf(args[1]!)),
  ),
  sized('append_row', 'append_row(a, b)', 'Stacks a on top of b: two vectors (or reals) give a vector; matrices and row vectors with the same number of columns give a matrix.', appendRow, ([a, b], types) => {
    const asRows = (v: Value, t: SpecType): Value => (t.kind === 'row_vector' ? reshape(v, [1, shapeOf(v)[0]!]) : v);
    return concat([asRows(a!, types[0]!), asRows(b!, types[1]!)], 0);
  }),
  sized('append_col', 'append_col(a, b)', 'Puts a left of b: two row vectors (or reals) give a row vector; matrices and vectors with the same number of rows give a matrix.', appendCol, ([a, b], types) => {
    if (types[0]!.kind !== 'matrix' && types[0]!.kind !== 'vector' && types[1]!.kind !== 'matrix' && types[1]!.kind !== 'vector') return concat([a!, b!], 0);
    const asCols = (v: Value, t: SpecType): Value => (t.kind === 'vector' ? reshape(v, [shapeOf(v)[0]!, 1]) : v);
    return concat([asCols(a!, types[0]!), asCols(b!, types[1]!)], 1);
  }),
  sized('head', 'head(v, n): the first n elements', 'The first n elements of a vector, row vector or array (an error when n is larger than the size).', (args) => piece('head', args, 1, 2), ([v, n]) => {
    rangeCheck('head', 0, intOf(n!), shapeOf(v!)[0]!);
    return slice(v!, 0, intOf(n!));
  }),
  sized('tail', 'tail(v, n): the last n elements', 'The last n elements of a vector, row vector or array.', (args) => piece('tail', args, 1, 2), ([v, n]) => {
    const length = shapeOf(v!)[0]!;
    rangeCheck('tail', length - intOf(n!), intOf(n!), length);
    return slice(v!, length - intOf(n!), length);
  }),
  sized('segment', 'segment(v, i, n): n elements from position i', 'The n elements starting at position i (1-based): v[i:(i + n − 1)].', (args) => piece('segment', args, 2, 3), ([v, i, n]) => {
    rangeCheck('segment', intOf(i!) - 1, intOf(n!), shapeOf(v!)[0]!);
    return slice(v!, intOf(i!) - 1, intOf(i!) - 1 + intOf(n!));
  }),
  sized(
    'cumulative_sum',
    'cumulative_sum(v)', 'The running sums: element i is x₁ + … + xᵢ.',
    (args) => arity('cumulative_sum', args, 1) ?? (isOneAxis(args[0]!.type) ? args[0]!.type : wrongArgument('cumulative_sum', 0, 'a vector, row vector or int array', args[0]!.type)),
    ([v]) => cumulativeSum(v!),
  ),
  sized(
    'softmax',
    'softmax(v) = exp(v) / sum(exp(v))', 'exp(v)/Σ exp(v), computed as exp(v − log_sum_exp(v)): a simplex.',
    (args) => arity('softmax', args, 1) ?? (args[0]!.type.kind === 'vector' ? args[0]!.type : wrongArgument('softmax', 0, 'a vector', args[0]!.type)),
    ([v]) => exp(sub(v!, logSumExp(v!))),
  ),
  sized(
    'log_softmax',
    'log_softmax(v) = v − log_sum_exp(v)', 'v − log_sum_exp(v), the log of softmax(v).',
    (args) => arity('log_softmax', args, 1) ?? (args[0]!.type.kind === 'vector' ? args[0]!.type : wrongArgument('log_softmax', 0, 'a vector', args[0]!.type)),
    ([v]) => sub(v!, logSumExp(v!)),
  ),
  sized(
    'reverse',
    'reverse(v)', 'The elements in reverse order.',
    (args) => arity('reverse', args, 1) ?? (isOneAxis(args[0]!.type) ? args[0]!.type : wrongArgument('reverse', 0, 'a vector, row vector or int array', args[0]!.type)),
    ([v]) => {
      const n = shapeOf(v!)[0]!;
      return gather(v!, Int32Array.from({ length: n }, (_, i) => n - 1 - i));
    },
  ),
  sized(
    'transpose',
    "transpose(x), also written x'", 'The transpose: rows become columns; a vector becomes a row vector and back.',
    (args) => {
      const problem = arity('transpose', args, 1);
      if (problem !== undefined) return problem;
      const t = args[0]!.type;
      if (t.kind === 'matrix') return matrixType(t.cols, t.rows);
      if (t.kind === 'vector') return rowVectorType(t.size);
      if (t.kind === 'row_vector') return vectorType(t.size);
      return wrongArgument('transpose', 0, 'a vector, row vector or matrix', t);
    },
    ([x], [t]) => (t!.kind === 'matrix' ? transpose(x!) : x!),
  ),
];
