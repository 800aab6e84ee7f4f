import { div, mul, sub } from '../../../ad/ops/arithmetic.js';
import { dot } from '../../../ad/ops/linalg.js';
import { logAddExp, logSumExp, max, mean, min, sum } from '../../../ad/ops/reduce.js';
import { maximum, minimum } from '../../../ad/ops/select.js';
import { flatten, unstack } from '../../../ad/ops/shape.js';
import { abs, sqrt, square } from '../../../ad/ops/unary.js';
import { shapeOf, type Value } from '../../../ad/trace.js';
import { elementwiseType } from '../operators.js';
import { INT, REAL, isInteger, isScalar, sizesAgree, toReal, type SpecType } from '../types.js';
import { arity, wrongArgument, type Argument, type SpecFunction } from './function.js';

// Reductions of a container to a scalar, and their two-argument forms (Stan's
// max(a, b), log_sum_exp(a, b)), which are elementwise.

/** A reduction of one container (or scalar) argument to a real (an int for int arrays when `keepsInt`). */
function reduction(name: string, op: (x: Value) => Value, doc: string, options: { readonly keepsInt?: boolean } = {}): SpecFunction {
  return {
    name,
    usage: `${name}(x)`,
    doc,
    check: (args) => arity(name, args, 1) ?? (options.keepsInt === true && isInteger(args[0]!.type) ? INT : REAL),
    kernel: ([x]) => (shapeOf(x!).length === 0 ? x! : op(x!)),
  };
}

/** One argument: a reduction; two scalars or containers: elementwise. */
function reductionOrPairwise(name: string, reduce: (x: Value) => Value, pairwise: (a: Value, b: Value) => Value, keepsInt: boolean, doc: string): SpecFunction {
  return {
    name,
    usage: `${name}(x) over all elements, or ${name}(a, b) elementwise`,
    doc,
    check: (args) => {
      const problem = arity(name, args, 1, 2);
      if (problem !== undefined) return problem;
      if (args.length === 1) return keepsInt && isInteger(args[0]!.type) ? INT : REAL;
      const t = elementwiseType(name, args[0]!.type, args[1]!.type);
      return typeof t === 'string' || keepsInt ? t : toReal(t);
    },
    kernel: (args) => (args.length === 1 ? (shapeOf(args[0]!).length === 0 ? args[0]! : reduce(args[0]!)) : pairwise(args[0]!, args[1]!)),
  };
}

const variance = (x: Value): Value => {
  const n = shapeOf(x).reduce((a, b) => a * b, 1);
  return div(sum(square(sub(x, mean(x)))), n - 1);
};

const sameSizeVectors = (name: string, args: readonly Argument[]): string | undefined => {
  const problem = arity(name, args, 2);
  if (problem !== undefined) return problem;
  for (let k = 0; k < 2; k++) {
    const t = args[k]!.type;
    if (isScalar(t) || t.kind === 'matrix') return wrongArgument(name, k, 'a vector or row vector', t);
  }
  const [a, b] = [args[0]!.type, args[1]!.type] as { size: number | null }[];
  return sizesAgree(a!.size, b!.size) ? undefined : `${name}: the vectors have different sizes (${a!.size} and ${b!.size})`;
};

/** The product of all elements, as a chain of multiplications (exact derivatives also where elements are 0). */
function product(x: Value): Value {
  const parts = unstack(flatten(x));
  return parts.length === 0 ? 1 : parts.reduce((a, b) => mul(a, b));
}

const squaredDistance = (a: Value, b: Value): Value => {
  const d = sub(a, b);
  return shapeOf(d).length === 0 ? square(d) : sum(square(d));
};

/** Two vectors (or row vectors) of one size, or two scalars. */
const pointPair = (name: string, args: readonly Argument[]): string | undefined => {
  const problem = arity(name, args, 2);
  if (problem !== undefined) return problem;
  if (isScalar(args[0]!.type) && isScalar(args[1]!.type)) return undefined;
  return sameSizeVectors(name, args);
};

export const reductionFunctions: readonly SpecFunction[] = [
  reduction('sum', sum, 'The sum of all elements (an int for an int array; 0 for an empty container).', { keepsInt: true }),
  reduction('prod', product, 'The product of all elements (an int for an int array; 1 for an empty container).', { keepsInt: true }),
  reduction('mean', mean, 'The arithmetic mean of all elements.'),
  reduction('variance', variance, 'The sample variance Σ(x − x̄)²/(N − 1) of all elements.'),
  reduction('sd', (x) => sqrt(variance(x)), 'The sample standard deviation √variance(x).'),
  reduction('norm1', (x) => sum(abs(x)), 'The L1 norm Σ|xᵢ|.'),
  reduction('norm2', (x) => sqrt(sum(square(x))), 'The Euclidean norm √(Σxᵢ²).'),
  reductionOrPairwise('log_sum_exp', logSumExp, logAddExp, false, 'log Σ exp(xᵢ) over all elements, without overflow; with two arguments, log(eᵃ + eᵇ) elementwise.'),
  reductionOrPairwise('max', max, maximum, true, 'The largest element (an int for an int array; the gradient goes to the first largest); with two arguments, the elementwise maximum.'),
  reductionOrPairwise('min', min, minimum, true, 'The smallest element (an int for an int array); with two arguments, the elementwise minimum.'),
  {
    name: 'dot_product',
    usage: 'dot_product(a, b)',
    doc: 'The inner product Σ aᵢbᵢ of two vectors or row vectors of one size.',
    check: (args) => sameSizeVectors('dot_product', args) ?? REAL,
    kernel: ([a, b]) => dot(a!, b!),
  },
  {
    name: 'dot_self',
    usage: 'dot_self(x) = sum of squares',
    doc: 'The inner product of x with itself, Σ xᵢ².',
    check: (args): SpecType | string => arity('dot_self', args, 1) ?? REAL,
    kernel: ([x]) => (shapeOf(x!).length === 0 ? square(x!) : sum(square(x!))),
  },
  {
    name: 'squared_distance',
    usage: 'squared_distance(a, b)',
    doc: 'The squared Euclidean distance Σ(aᵢ − bᵢ)² between two vectors (or row vectors) of one size, or two scalars.',
    check: (args) => pointPair('squared_distance', args) ?? REAL,
    kernel: ([a, b]) => squaredDistance(a!, b!),
  },
  {
    name: 'distance',
    usage: 'distance(a, b)',
    doc: 'The Euclidean distance √squared_distance(a, b). Its derivative is undefined (NaN) where a = b.',
    check: (args) => pointPair('distance', args) ?? REAL,
    kernel: ([a, b]) => sqrt(squaredDistance(a!, b!)),
  },
];
