import { div, sub } from '../../../ad/ops/arithmetic.js';
import { dot } from '../../../ad/ops/linalg.js';
import { logAddExp, logSumExp, max, mean, min, sum } from '../../../ad/ops/reduce.js';
import { maximum, minimum } from '../../../ad/ops/select.js';
import { sqrt, square } from '../../../ad/ops/unary.js';
import { shapeOf, type Value } from '../../../ad/trace.js';
import { elementwiseType } from '../operators.js';
import { INT, REAL, isInteger, isScalar, sizesAgree, toReal, type SpecType } from '../types.js';
import { arity, wrongArgument, type Argument, type SpecFunction } from './function.js';

// Reductions of a container to a scalar, and their two-argument forms (Stan's
// max(a, b), log_sum_exp(a, b)), which are elementwise.

/** A reduction of one container (or scalar) argument to a real (an int for int arrays when `keepsInt`). */
function reduction(name: string, op: (x: Value) => Value, options: { readonly keepsInt?: boolean } = {}): SpecFunction {
  return {
    name,
    usage: `${name}(x)`,
    check: (args) => arity(name, args, 1) ?? (options.keepsInt === true && isInteger(args[0]!.type) ? INT : REAL),
    kernel: ([x]) => (shapeOf(x!).length === 0 ? x! : op(x!)),
  };
}

/** One argument: a reduction; two scalars or containers: elementwise. */
function reductionOrPairwise(name: string, reduce: (x: Value) => Value, pairwise: (a: Value, b: Value) => Value, keepsInt: boolean): SpecFunction {
  return {
    name,
    usage: `${name}(x) over all elements, or ${name}(a, b) elementwise`,
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

export const reductionFunctions: readonly SpecFunction[] = [
  reduction('sum', sum, { keepsInt: true }),
  reduction('mean', mean),
  reduction('variance', variance),
  reduction('sd', (x) => sqrt(variance(x))),
  reductionOrPairwise('log_sum_exp', logSumExp, logAddExp, false),
  reductionOrPairwise('max', max, maximum, true),
  reductionOrPairwise('min', min, minimum, true),
  {
    name: 'dot_product',
    usage: 'dot_product(a, b)',
    check: (args) => sameSizeVectors('dot_product', args) ?? REAL,
    kernel: ([a, b]) => dot(a!, b!),
  },
  {
    name: 'dot_self',
    usage: 'dot_self(x) = sum of squares',
    check: (args): SpecType | string => arity('dot_self', args, 1) ?? REAL,
    kernel: ([x]) => (shapeOf(x!).length === 0 ? square(x!) : sum(square(x!))),
  },
];
