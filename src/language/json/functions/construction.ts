import { Tensor } from '../../../ad/tensor.js';
import { primal, type Value } from '../../../ad/trace.js';
import { EvaluationError } from '../local-variable.js';
import { intArrayType, isScalar, rowVectorType, vectorType, type Size, type SpecType } from '../types.js';
import { arity, sizeArgument, wrongArgument, type Argument, type SpecFunction } from './function.js';

// Stan functions reference, "Container construction functions": linspaced_*, one_hot_*,
// zeros_*, ones_* and uniform_simplex. Their arguments are data (sizes and bounds), as in
// Stan, so the results are plain values. Real arrays are vectors in specs.

type Shape = 'vector' | 'row_vector' | 'array' | 'int_array';

const typeOf = (shape: Shape, n: Size): SpecType => (shape === 'row_vector' ? rowVectorType(n) : shape === 'int_array' ? intArrayType(n) : vectorType(n));
const noun = (shape: Shape): string => (shape === 'row_vector' ? 'row vector' : shape === 'int_array' ? 'int array' : shape === 'array' ? 'real array' : 'vector');
const numberOf = (v: Value): number => primal(v) as number;

/** A constructor of a one-axis container whose size is its first argument. */
function sizedBy(
  name: string,
  usage: string,
  doc: string,
  shape: Shape,
  extraArgs: readonly ('int' | 'real')[],
  build: (n: number, extra: readonly number[]) => Float64Array,
): SpecFunction {
  return {
    name,
    usage,
    doc,
    check: (args: readonly Argument[]) => {
      const problem = arity(name, args, 1 + extraArgs.length);
      if (problem !== undefined) return problem;
      const n = sizeArgument(name, args, 0);
      if (typeof n === 'string') return n;
      for (let k = 0; k < extraArgs.length; k++) {
        const t = args[k + 1]!.type;
        const ok = extraArgs[k] === 'int' ? t.kind === 'int' : isScalar(t);
        if (!ok) return wrongArgument(name, k + 1, extraArgs[k] === 'int' ? 'an int' : 'a real', t);
      }
      return typeOf(shape, n);
    },
    kernel: ([n, ...extra]) => new Tensor(build(numberOf(n!), extra.map(numberOf)), [numberOf(n!)]),
    allocates: ([n]) => numberOf(n!),
  };
}

function linspaced(name: string, n: number, low: number, high: number): Float64Array {
  if (!Number.isFinite(low) || !Number.isFinite(high)) throw new EvaluationError(`${name}: lower (${low}) and upper (${high}) must be finite`);
  if (high < low) throw new EvaluationError(`${name}: upper (${high}) must be at least lower (${low})`);
  // n = 1 gives the upper bound, as Stan (and Eigen's LinSpaced) do.
  if (n === 1) return Float64Array.of(high);
  return Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? high : low + ((high - low) * i) / (n - 1)));
}

/**
 * Evenly spaced ints, as Stan's linspaced_int_array (Eigen's integer LinSpaced): steps of
 * ⌊(high − low)/(n − 1)⌋ when the range allows, else each value repeated ⌊(n + high − low)/(high − low + 1)⌋ times.
 */
function linspacedInts(n: number, low: number, high: number): Float64Array {
  if (high < low) throw new EvaluationError(`linspaced_int_array: upper (${high}) must be at least lower (${low})`);
  if (n === 1) return Float64Array.of(high);
  const range = high - low;
  if (range + 1 < n) {
    const divisor = Math.trunc((n + range) / (range + 1));
    return Float64Array.from({ length: n }, (_, i) => low + Math.trunc(i / divisor));
  }
  const step = Math.trunc(range / (n - 1));
  return Float64Array.from({ length: n }, (_, i) => low + i * step);
}

function oneHot(name: string, n: number, k: number): Float64Array {
  if (!(k >= 1 && k <= n)) throw new EvaluationError(`${name}: k is ${k}, but must be between 1 and n = ${n}`);
  const out = new Float64Array(n);
  out[k - 1] = 1;
  return out;
}

const filled = (value: number) => (n: number): Float64Array => new Float64Array(n).fill(value);

const linspacedOf = (shape: Exclude<Shape, 'int_array'>, name: string): SpecFunction =>
  sizedBy(
    name,
    `${name}(n, lower, upper)`,
    `A ${noun(shape)} of n evenly spaced values from lower to upper, both included (upper alone when n = 1); lower ≤ upper, both finite data.`,
    shape,
    ['real', 'real'],
    (n, [low, high]) => linspaced(name, n, low!, high!),
  );

const oneHotOf = (shape: Shape, name: string): SpecFunction =>
  sizedBy(name, `${name}(n, k)`, `A ${noun(shape)} of n zeros with a 1 at position k (1 ≤ k ≤ n).`, shape, ['int'], (n, [k]) => oneHot(name, n, k!));

const constantOf = (shape: Shape, name: string, value: number): SpecFunction =>
  sizedBy(name, `${name}(n)`, `A ${noun(shape)} of n ${value === 0 ? 'zeros' : 'ones'}.`, shape, [], filled(value));

export const constructionFunctions: readonly SpecFunction[] = [
  linspacedOf('vector', 'linspaced_vector'),
  linspacedOf('row_vector', 'linspaced_row_vector'),
  linspacedOf('array', 'linspaced_array'),
  sizedBy(
    'linspaced_int_array',
    'linspaced_int_array(n, lower, upper)',
    'An int array of n increasing, regularly spaced ints from lower to upper: steps of ⌊(upper − lower)/(n − 1)⌋ (so upper is reached only when that divides exactly), or each int repeated when n exceeds the range; upper alone when n = 1 (as Stan).',
    'int_array',
    ['int', 'int'],
    (n, [low, high]) => linspacedInts(n, low!, high!),
  ),
  oneHotOf('vector', 'one_hot_vector'),
  oneHotOf('row_vector', 'one_hot_row_vector'),
  oneHotOf('array', 'one_hot_array'),
  oneHotOf('int_array', 'one_hot_int_array'),
  constantOf('vector', 'zeros_vector', 0),
  constantOf('row_vector', 'zeros_row_vector', 0),
  constantOf('array', 'zeros_array', 0),
  constantOf('int_array', 'zeros_int_array', 0),
  constantOf('vector', 'ones_vector', 1),
  constantOf('row_vector', 'ones_row_vector', 1),
  constantOf('array', 'ones_array', 1),
  constantOf('int_array', 'ones_int_array', 1),
  sizedBy('uniform_simplex', 'uniform_simplex(n)', 'The n-simplex with every element 1/n.', 'vector', [], (n) => {
    if (n < 1) throw new EvaluationError('uniform_simplex: n must be at least 1');
    return filled(1 / n)(n);
  }),
];
