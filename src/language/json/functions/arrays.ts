import { concat } from '../../../ad/ops/shape.js';
import { argsort, sort, sortPermutation } from '../../../ad/ops/sort.js';
import { Tensor } from '../../../ad/tensor.js';
import { primal, shapeOf, type Value } from '../../../ad/trace.js';
import { EvaluationError } from '../local-variable.js';
import { INT, REAL, intArrayType, isOneAxis, isScalar, vectorType, type Size, type SpecType } from '../types.js';
import { arity, sizeArgument, wrongArgument, type Argument, type SpecFunction } from './function.js';

// Stan functions reference, "Array operations" and "Sort functions": sorting, ranks,
// dimensions, concatenation and sample quantiles. Sorted values keep their derivatives
// (each follows its element); indices, ranks and quantiles of data are ints or plain reals.

const oneAxis = (name: string, args: readonly Argument[], count = 1): SpecType | string => {
  const problem = arity(name, args, count);
  if (problem !== undefined) return problem;
  const t = args[0]!.type;
  return isOneAxis(t) ? t : wrongArgument(name, 0, 'a vector, row vector or array', t);
};

const plainData = (v: Value): Float64Array => {
  const p = primal(v);
  return typeof p === 'number' ? Float64Array.of(p) : p.data;
};

function sorter(name: string, descending: boolean): SpecFunction {
  return {
    name,
    usage: `${name}(v)`,
    doc: `The elements of v sorted in ${descending ? 'descending' : 'ascending'} order (ties keep their order); the derivative of each sorted element is that of the element it came from. NaN is an error, as in Stan.`,
    check: (args) => oneAxis(name, args),
    kernel: ([v]) => sort(v!, { descending }),
  };
}

function indexSorter(name: string, descending: boolean): SpecFunction {
  return {
    name,
    usage: `${name}(v)`,
    doc: `The 1-based indices that sort v in ${descending ? 'descending' : 'ascending'} order (an int array; ties keep their order), so that v[${name}(v)] is sorted.`,
    check: (args) => {
      const t = oneAxis(name, args);
      return typeof t === 'string' ? t : intArrayType((t as { size: Size }).size);
    },
    kernel: ([v]) => new Tensor(Float64Array.from(argsort(v!, { descending }), (i) => i + 1), shapeOf(v!)),
  };
}

/** Sample quantile of type 7 (Hyndman & Fan 1996, "Sample quantiles in statistical packages"), R's default and Stan's. */
function quantileOf(sorted: Float64Array, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new EvaluationError(`quantile: p is ${p}, but must be between 0 and 1`);
  const h = (sorted.length - 1) * p;
  const low = Math.floor(h);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (h - low) * (sorted[high]! - sorted[low]!);
}

export const arrayFunctions: readonly SpecFunction[] = [
  sorter('sort_asc', false),
  sorter('sort_desc', true),
  indexSorter('sort_indices_asc', false),
  indexSorter('sort_indices_desc', true),
  {
    name: 'rank',
    usage: 'rank(v, s)',
    doc: 'The number of elements of v less than v[s] (an int; s is 1-based).',
    check: (args) => {
      const t = oneAxis('rank', args, 2);
      if (typeof t === 'string') return t;
      const s = sizeArgument('rank', args, 1);
      return typeof s === 'string' ? s : INT;
    },
    kernel: ([v, s]) => {
      const data = plainData(v!);
      const k = primal(s!) as number;
      if (!(k >= 1 && k <= data.length)) throw new EvaluationError(`rank: s is ${k}, but must be between 1 and ${data.length}`);
      const pivot = data[k - 1]!;
      return data.reduce((count, x) => (x < pivot ? count + 1 : count), 0);
    },
  },
  {
    name: 'dims',
    usage: 'dims(x)',
    doc: 'The dimensions of x as an int array: {} for a scalar, {n} for a vector, row vector or array, {m, n} for a matrix.',
    check: (args) => arity('dims', args, 1) ?? intArrayType(isScalar(args[0]!.type) ? 0 : args[0]!.type.kind === 'matrix' ? 2 : 1),
    kernel: ([x]) => new Tensor(Float64Array.from(shapeOf(x!)), [shapeOf(x!).length]),
  },
  {
    name: 'append_array',
    usage: 'append_array(a, b)',
    doc: 'The elements of array a followed by those of array b (an int array when both hold ints).',
    check: (args) => {
      const problem = arity('append_array', args, 2);
      if (problem !== undefined) return problem;
      const arrays = args.map((a) => a.type);
      const bad = arrays.findIndex((t) => t.kind !== 'int_array' && t.kind !== 'vector');
      if (bad >= 0) return wrongArgument('append_array', bad, 'an array', arrays[bad]!);
      const [a, b] = arrays as [{ kind: string; size: Size }, { kind: string; size: Size }];
      const size = a.size === null || b.size === null ? null : a.size + b.size;
      return a.kind === 'int_array' && b.kind === 'int_array' ? intArrayType(size) : vectorType(size);
    },
    kernel: ([a, b]) => concat([a!, b!], 0),
  },
  {
    name: 'quantile',
    usage: 'quantile(x, p)',
    doc: 'The sample quantile of the data x at probability p (a real, or an array of them), by linear interpolation between order statistics: type 7 of Hyndman & Fan (1996), as R’s default and Stan. Not differentiable: its arguments are data.',
    check: (args) => {
      const problem = arity('quantile', args, 2);
      if (problem !== undefined) return problem;
      if (!isOneAxis(args[0]!.type)) return wrongArgument('quantile', 0, 'a vector, row vector or array', args[0]!.type);
      const p = args[1]!.type;
      if (isScalar(p)) return REAL;
      return p.kind === 'vector' || p.kind === 'int_array' ? vectorType(p.size) : wrongArgument('quantile', 1, 'a real or an array of reals', p);
    },
    kernel: ([x, p]) => {
      const data = plainData(x!);
      if (data.length === 0) throw new EvaluationError('quantile: x is empty');
      const sorted = Float64Array.from(sortPermutation(data, false), (i) => data[i]!);
      const q = primal(p!);
      return typeof q === 'number' ? quantileOf(sorted, q) : new Tensor(q.data.map((v) => quantileOf(sorted, v)), q.shape);
    },
  },
];
