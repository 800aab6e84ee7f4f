import { Tensor } from '../../../ad/tensor.js';
import { primal, type Value } from '../../../ad/trace.js';
import { EvaluationError } from '../local-variable.js';
import { elementwiseType } from '../operators.js';
import { INT, REAL, intArrayType, isScalar, toReal, withArticle, type SpecType } from '../types.js';

/**
 * A built-in function of the spec language, by its Stan name: a type rule (which also
 * checks the arguments) and a kernel written with leapfrog's ops. Kernels run on whole
 * values, so `exp(v)` of a vector is one op.
 */
export interface SpecFunction {
  readonly name: string;
  /** How it is called, for messages and the docs: `log_sum_exp(x) or log_sum_exp(a, b)`. */
  readonly usage: string;
  /** What it computes, with its cases and notes (docs/functions.md and `leapfrog functions`). */
  readonly doc: string;
  /** The result type, or a message saying what is wrong with the arguments. */
  readonly check: (args: readonly Argument[]) => SpecType | string;
  readonly kernel: (args: readonly Value[], types: readonly SpecType[]) => Value;
  /**
   * For functions whose result size comes from int arguments (rep_vector(x, n)): the number
   * of elements the kernel will allocate, so that a size known only at run time is checked
   * against the budget before the kernel runs.
   */
  readonly allocates?: (args: readonly Value[]) => number;
}

/** An argument as the type rule sees it: its type and, when it depends on data only, its value. */
export interface Argument {
  readonly type: SpecType;
  /** Known at check time (an int size such as `N`), or undefined. */
  readonly value: Value | undefined;
}

/** `1 argument`, `2 arguments`. */
export const countText = (n: number): string => `${n} argument${n === 1 ? '' : 's'}`;

/** Checks the number of arguments; returns a message or undefined. */
export function arity(name: string, args: readonly Argument[], ...allowed: number[]): string | undefined {
  if (allowed.includes(args.length)) return undefined;
  const expected = allowed.length === 1 ? countText(allowed[0]!) : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]} arguments`;
  return `${name} takes ${expected}, but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`;
}

/** A message for an argument of the wrong type. */
export function wrongArgument(name: string, position: number, expected: string, got: SpecType): string {
  return `${name}: argument ${position + 1} must be ${expected}, but is ${withArticle(got)}`;
}

/** The int value of a size argument known at check time (null when it depends on a loop or local). */
export function sizeArgument(name: string, args: readonly Argument[], position: number): number | null | string {
  const a = args[position]!;
  if (a.type.kind !== 'int') return wrongArgument(name, position, 'an int (a size)', a.type);
  if (a.value === undefined) return null;
  const n = primal(a.value) as number;
  if (n < 0) return `${name}: argument ${position + 1} is ${n}, but a size must be non-negative`;
  return n;
}

/** A function applied elementwise to one argument of any shape (ints become reals). */
export function elementwise(name: string, op: (x: Value) => Value, doc: string, options: { readonly intToInt?: boolean } = {}): SpecFunction {
  return {
    name,
    usage: `${name}(x), elementwise`,
    doc,
    check: (args) => {
      const problem = arity(name, args, 1);
      if (problem !== undefined) return problem;
      const t = args[0]!.type;
      return options.intToInt === true ? t : toReal(t);
    },
    kernel: ([x]) => op(x!),
  };
}

/** A function of two arguments applied elementwise, scalars broadcasting (Stan's vectorised binary functions). */
export function elementwise2(name: string, op: (a: Value, b: Value) => Value, doc: string): SpecFunction {
  return {
    name,
    usage: `${name}(a, b), elementwise`,
    doc,
    check: (args) => {
      const problem = arity(name, args, 2);
      if (problem !== undefined) return problem;
      const t = elementwiseType(name, args[0]!.type, args[1]!.type);
      return typeof t === 'string' ? t : toReal(t);
    },
    kernel: ([a, b]) => op(a!, b!),
  };
}

/** A function of scalars only, returning a real. */
export function scalarFunction(name: string, count: number, op: (...args: Value[]) => Value, doc: string): SpecFunction {
  return {
    name,
    usage: `${name}(${['a', 'b', 'c'].slice(0, count).join(', ')})`,
    doc,
    check: (args) => {
      const problem = arity(name, args, count);
      if (problem !== undefined) return problem;
      const bad = args.findIndex((a) => !isScalar(a.type));
      return bad >= 0 ? wrongArgument(name, bad, 'a scalar', args[bad]!.type) : REAL;
    },
    kernel: (args) => op(...args),
  };
}

/** A constant such as pi(). */
export function constantFunction(name: string, value: number, doc: string): SpecFunction {
  return { name, usage: `${name}()`, doc, check: (args) => arity(name, args, 0) ?? REAL, kernel: () => value };
}

/** A function of three arguments applied elementwise (fma, inc_beta), scalars broadcasting. */
export function elementwise3(name: string, argNames: readonly [string, string, string], op: (a: Value, b: Value, c: Value) => Value, doc: string): SpecFunction {
  return {
    name,
    usage: `${name}(${argNames.join(', ')}), elementwise`,
    doc,
    check: (args) => {
      const problem = arity(name, args, 3);
      if (problem !== undefined) return problem;
      const ab = elementwiseType(name, args[0]!.type, args[1]!.type);
      if (typeof ab === 'string') return ab;
      const t = elementwiseType(name, ab, args[2]!.type);
      return typeof t === 'string' ? t : toReal(t);
    },
    kernel: ([a, b, c]) => op(a!, b!, c!),
  };
}

/**
 * A function applied elementwise to plain numbers, giving ints (is_inf, int_step, to_int):
 * its result carries no derivative, so a traced argument is read by value (as Stan's int
 * functions of reals do).
 */
export function integerValued(name: string, f: (x: number) => number, doc: string, accepts: (t: SpecType) => boolean = () => true, expected = 'a number or container'): SpecFunction {
  return {
    name,
    usage: `${name}(x), elementwise`,
    doc,
    check: (args) => {
      const problem = arity(name, args, 1);
      if (problem !== undefined) return problem;
      const t = args[0]!.type;
      if (!accepts(t)) return wrongArgument(name, 0, expected, t);
      if (t.kind === 'int' || t.kind === 'real') return INT;
      if (t.kind === 'matrix') return wrongArgument(name, 0, 'a scalar, vector or array', t);
      return intArrayType(t.size);
    },
    kernel: ([x]) => {
      const p = primal(x!);
      return typeof p === 'number' ? checkedInt(name, f(p)) : new Tensor(p.data.map((v) => checkedInt(name, f(v))), p.shape);
    },
  };
}

const INT_MAX = 2 ** 31 - 1;

/** Stan's ints are 32-bit: a result outside that range (or NaN) is an error, not a silent wrap. */
export function checkedInt(name: string, v: number): number {
  if (!(Math.abs(v) <= INT_MAX)) throw new EvaluationError(`${name}: the result ${v} is not representable as an int (at most ${INT_MAX} in magnitude)`);
  return v;
}
