import { broadcastTo } from '../../ad/ops/broadcasting.js';
import { primal, shapeOf, type Value } from '../../ad/trace.js';
import type { Argument, SpecFunction } from './functions/index.js';
import { arrayType, elementType, isScalar, matrixType, shapeOfType, shapesAgree, vectorType, withArticle, type Size, type SpecType } from './types.js';

// How the function library applies to Stan's arrays. The library's type rules were written
// for scalars, vectors, row vectors, matrices and int arrays; a call that passes an array of
// any other kind comes here first, so that an array is never handed to a rule that was not
// written for it (which could accept it and compute the wrong shape). Stan's own rules:
//   - real-valued functions of one argument are vectorised over arrays of any kind
//     (exp of an array[N] vector[K] is an array[N] vector[K]);
//   - functions of two arguments applied elementwise take arrays of one shape (the
//     library's rules say so through `elementwiseType`);
//   - reductions and conversions take one-dimensional arrays of reals like vectors
//     (sum, mean, sd, log_sum_exp, to_vector, ...), and to_matrix two-dimensional ones;
//   - size and num_elements take any array; rep_array builds one.
// Everything else refuses arrays with a message saying what to convert.

/** Stan's real-valued functions of one argument, vectorised over containers and arrays (functions reference, "Vectorization"). */
const VECTORISED_UNARY: ReadonlySet<string> = new Set([
  'abs', 'fabs', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'log1m', 'log1p_exp', 'log1m_exp', 'sqrt', 'cbrt', 'square',
  'inv', 'inv_sqrt', 'inv_square', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh',
  'logit', 'inv_logit', 'log_inv_logit', 'log1m_inv_logit', 'inv_cloglog', 'erf', 'erfc', 'inv_erfc', 'Phi', 'Phi_approx', 'inv_Phi',
  'lgamma', 'tgamma', 'digamma', 'trigamma', 'floor', 'ceil', 'round', 'trunc', 'step', 'lambert_w0', 'lambert_wm1',
]);

/** Functions that take a one-dimensional array of reals (or ints) as they take a vector, with the same result. */
const ONE_DIMENSIONAL_AS_VECTOR: ReadonlySet<string> = new Set([
  'sum', 'prod', 'mean', 'variance', 'sd', 'log_sum_exp', 'max', 'min', 'dot_self', 'to_vector', 'to_row_vector', 'sort_indices_asc',
  'sort_indices_desc', 'rank', 'quantile', 'norm1', 'norm2', 'squared_distance', 'distance', 'dot_product',
  // Stan's gp_exp_quad_cov(array[] real x, real alpha, real rho): the points as an array of reals.
  'gp_exp_quad_cov', 'cov_exp_quad',
]);

/** Functions that take a one-dimensional array of reals as a vector and give back an array (Stan's array signatures). */
const ONE_DIMENSIONAL_ARRAY_RESULT: ReadonlySet<string> = new Set(['cumulative_sum', 'sort_asc', 'sort_desc', 'reverse', 'head', 'tail', 'segment']);

/** Functions of shapes only: any array. */
const SHAPE_QUERIES: ReadonlySet<string> = new Set(['size', 'num_elements']);

/** The type a rule sees for an array argument: a 1-d array of reals as a vector (int arrays are the library's own). */
const asVector = (t: SpecType): SpecType => (t.kind === 'array' && t.dims.length === 1 && elementType(t).kind === 'real' ? vectorType(t.dims[0]!) : t);

const intOf = (v: Value): number => primal(v) as number;

/** Stan's rep_array(x, n...): an array of n (or m × n, or k × m × n) copies of x, of any type. */
export const repArray: SpecFunction = {
  name: 'rep_array',
  usage: 'rep_array(x, n), rep_array(x, m, n), rep_array(x, k, m, n)',
  doc: 'An array of n (or m × n, or k × m × n) copies of x, which may be of any type (an int, a real, a vector, a matrix or an array).',
  check: (args) => {
    if (args.length < 2 || args.length > 4) return `rep_array takes 2 to 4 arguments (x and 1 to 3 sizes), but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`;
    const sizes: Size[] = [];
    for (let k = 1; k < args.length; k++) {
      const a = args[k]!;
      if (a.type.kind !== 'int') return `rep_array: argument ${k + 1} must be an int (a size), but is ${withArticle(a.type)}`;
      const n = a.value === undefined ? null : intOf(a.value);
      if (n !== null && n < 0) return `rep_array: argument ${k + 1} is ${n}, but a size must be non-negative`;
      sizes.push(n);
    }
    return arrayType(sizes, args[0]!.type);
  },
  kernel: ([x, ...sizes]) => broadcastTo(x!, [...sizes.map(intOf), ...shapeOf(x!)]),
  allocates: ([x, ...sizes]) => sizes.reduce<number>((n, s) => n * intOf(s), shapeOf(x!).reduce((a, b) => a * b, 1)),
};

/** A library function's rule applied to arrays, or a message; undefined when no argument is an array other than an int array. */
export function arrayCall(f: SpecFunction, args: readonly Argument[]): { readonly type: SpecType; readonly kernel: SpecFunction['kernel'] } | string | undefined {
  const arrayAt = args.findIndex((a) => a.type.kind === 'array');
  if (arrayAt < 0) return undefined;
  const array = args[arrayAt]!.type as Extract<SpecType, { kind: 'array' }>;
  const name = f.name;
  const refuse = (why: string): string => `${name}: argument ${arrayAt + 1} is ${withArticle(array)}; ${why}`;
  if (SHAPE_QUERIES.has(name)) return viaLibrary(f, args);
  if (VECTORISED_UNARY.has(name) && args.length === 1) {
    const result = f.check([{ type: array.element, value: undefined }]);
    if (typeof result === 'string') return result;
    return { type: arrayType(array.dims, result), kernel: f.kernel };
  }
  const oneDimensional = args.every((a) => a.type.kind !== 'array' || (a.type.dims.length === 1 && isScalar(a.type.element)));
  if (ONE_DIMENSIONAL_AS_VECTOR.has(name) || ONE_DIMENSIONAL_ARRAY_RESULT.has(name)) {
    if (!oneDimensional) return refuse(`${name} takes one-dimensional arrays of reals or ints (flatten with to_vector over a loop, or index the array first)`);
    const result = f.check(args.map((a) => ({ type: asVector(a.type), value: a.value })));
    if (typeof result === 'string') return result;
    const type = ONE_DIMENSIONAL_ARRAY_RESULT.has(name) && result.kind === 'vector' ? arrayType([result.size], { kind: 'real' }) : result;
    return { type, kernel: f.kernel };
  }
  if (name === 'to_matrix' && args.length === 1) {
    if (array.dims.length !== 2 || !isScalar(array.element)) return refuse('to_matrix takes a two-dimensional array of reals or ints (array[M, N] real), row by row');
    return { type: matrixType(array.dims[0]!, array.dims[1]!), kernel: ([x]) => x! };
  }
  if (args.length >= 2) {
    // Functions applied elementwise: the library's rule (through elementwiseType) takes arrays of one shape.
    const library = viaLibrary(f, args);
    if (typeof library !== 'string' && library.type.kind === 'array' && shapesAgree(shapeOfType(library.type), shapeOfType(array))) return library;
  }
  return refuse(`${name} does not take arrays here (as in Stan); convert with to_vector(...) or to_matrix(...), or call it on the elements`);
}

function viaLibrary(f: SpecFunction, args: readonly Argument[]): { readonly type: SpecType; readonly kernel: SpecFunction['kernel'] } | string {
  const result = f.check(args);
  return typeof result === 'string' ? result : { type: result, kernel: f.kernel };
}
