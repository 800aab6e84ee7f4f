import { transpose } from '../../../ad/ops/linalg.js';
import { flatten, reshape } from '../../../ad/ops/shape.js';
import { primal, shapeOf, type Value } from '../../../ad/trace.js';
import { EvaluationError } from '../local-variable.js';
import { elementCount, intArrayType, matrixType, rowVectorType, vectorType, withArticle, type Size, type SpecType } from '../types.js';
import { arity, sizeArgument, wrongArgument, type Argument, type SpecFunction } from './function.js';

// Stan functions reference, "Mixed operations": conversions between containers. Matrices
// are read and filled column-major, as in Stan (to_matrix(v, m, n, 0) fills by rows).
// Real arrays are vectors in specs, so to_array_1d gives a vector (an int array for ints).

/** The elements of a value in Stan's order: column-major for matrices. */
const columnMajor = (x: Value, t: SpecType): Value => (t.kind === 'matrix' ? flatten(transpose(x)) : shapeOf(x).length === 0 ? reshape(x, [1]) : x);

function toOneAxis(name: string, make: (n: Size) => SpecType): SpecFunction {
  return {
    name,
    usage: `${name}(x)`,
    doc: `The elements of x (a scalar, vector, row vector, matrix or array) as a ${name === 'to_vector' ? 'vector' : 'row vector'}; a matrix is read column-major.`,
    check: (args) => arity(name, args, 1) ?? make(elementCount(args[0]!.type)),
    kernel: ([x], [t]) => columnMajor(x!, t!),
  };
}

function toMatrixCheck(args: readonly Argument[]): SpecType | string {
  const problem = arity('to_matrix', args, 1, 3, 4);
  if (problem !== undefined) return problem;
  const t = args[0]!.type;
  if (t.kind === 'int' || t.kind === 'real') return wrongArgument('to_matrix', 0, 'a vector, row vector, matrix or array', t);
  if (args.length === 1) {
    if (t.kind === 'matrix') return t;
    if (t.kind === 'row_vector') return matrixType(1, t.size);
    return matrixType(t.size, 1);
  }
  const m = sizeArgument('to_matrix', args, 1);
  if (typeof m === 'string') return m;
  const n = sizeArgument('to_matrix', args, 2);
  if (typeof n === 'string') return n;
  if (args.length === 4 && args[3]!.type.kind !== 'int') return wrongArgument('to_matrix', 3, 'an int (1: fill by columns, 0: by rows)', args[3]!.type);
  const count = elementCount(t);
  if (count !== null && m !== null && n !== null && m * n !== count) return `to_matrix: ${m} × ${n} does not hold the ${count} elements of ${withArticle(t)}`;
  return matrixType(m, n);
}

function toMatrixKernel(args: readonly Value[], types: readonly SpecType[]): Value {
  const t = types[0]!;
  const x = args[0]!;
  if (args.length === 1) {
    if (t.kind === 'matrix') return x;
    const n = shapeOf(x)[0]!;
    return reshape(x, t.kind === 'row_vector' ? [1, n] : [n, 1]);
  }
  const [m, n] = [primal(args[1]!) as number, primal(args[2]!) as number];
  const values = columnMajor(x, t);
  const count = shapeOf(values)[0]!;
  if (m * n !== count) throw new EvaluationError(`to_matrix: ${m} × ${n} does not hold the ${count} elements of the argument`);
  const byColumns = args.length === 3 || (primal(args[3]!) as number) !== 0;
  return byColumns ? transpose(reshape(values, [n, m])) : reshape(values, [m, n]);
}

export const conversionFunctions: readonly SpecFunction[] = [
  toOneAxis('to_vector', vectorType),
  toOneAxis('to_row_vector', rowVectorType),
  {
    name: 'to_matrix',
    usage: 'to_matrix(x), to_matrix(x, m, n) or to_matrix(x, m, n, col_major)',
    doc:
      'to_matrix(A) is A; of a vector an n × 1 matrix, of a row vector a 1 × n matrix. to_matrix(x, m, n) fills an m × n matrix column by column from the elements of x (a vector, row vector, array, or a matrix read column-major); with col_major = 0 it fills row by row. The sizes must hold exactly the elements of x.',
    check: toMatrixCheck,
    kernel: toMatrixKernel,
  },
  {
    name: 'to_array_1d',
    usage: 'to_array_1d(x)',
    doc: 'The elements of x as a one-dimensional array (column-major for a matrix): an int array for ints, else an array of reals (a vector in specs).',
    check: (args) => {
      const problem = arity('to_array_1d', args, 1);
      if (problem !== undefined) return problem;
      const t = args[0]!.type;
      const n = elementCount(t);
      return t.kind === 'int' || t.kind === 'int_array' ? intArrayType(n) : vectorType(n);
    },
    kernel: ([x], [t]) => columnMajor(x!, t!),
  },
];
