import { Tensor } from '../../ad/tensor.js';
import { primal, type Value } from '../../ad/trace.js';
import type { Span } from './ast.js';
import { formatCount, raiseHint, type Limits } from '../../models/api/limits.js';
import { EvaluationError } from './local-variable.js';
import type { Frame } from './scope.js';
import { elementCount, type SpecType } from './types.js';

/**
 * An expression after checking: its static type and a closure that computes it with
 * leapfrog's ops (one op per tree node, vectorised). Closures are built once per spec;
 * nothing is interpreted per element and no code is generated from strings.
 */
export interface Lowered {
  readonly type: SpecType;
  readonly evaluate: (frame: Frame) => Value;
  /** Depends on data only (no parameter, local or loop variable): computed once, at compile time. */
  readonly constant: boolean;
  /** Depends on data, parameters and transformed parameters only: fixed during one evaluation. */
  readonly invariant: boolean;
}

/** How lowering may simplify: fold data-only expressions, hoist loop-invariant ones. */
export interface Folding {
  /** Data values are known, so data-only expressions are computed once (false when checking without data). */
  readonly foldable: boolean;
  /**
   * Inside a loop body: memoises, per evaluation, an expression that does not change
   * during it (`log(phi)` in an HMM's time loop is computed once, not N times).
   */
  readonly hoist?: ((evaluate: (frame: Frame) => Value) => (frame: Frame) => Value) | undefined;
  /** The resource budgets: no value a spec computes may hold more than `maxElements` scalars. */
  readonly limits: Limits;
}

/** A leaf: a literal or a name. */
export function leaf(type: SpecType, evaluate: (frame: Frame) => Value, constant: boolean, invariant: boolean): Lowered {
  return { type, evaluate, constant, invariant };
}

/** A problem found while checking an expression, at a span of its text. */
export class CheckError extends Error {
  constructor(
    message: string,
    readonly span: Span,
    /** For distribution calls: the parameter (0-based) the problem is in. */
    readonly argument?: number,
  ) {
    super(message);
    this.name = 'CheckError';
  }
}

/** A use of a name whose own declaration already failed: reported there, silent here. */
export class PoisonedError extends Error {
  constructor() {
    super('an earlier error makes this expression impossible to check');
    this.name = 'PoisonedError';
  }
}

const NO_FRAME: Frame = { slots: [] };

/** A value whose size is known at check time must fit the budget before it is ever computed (`rep_vector(0, 1e9)`). */
export function checkValueSize(type: SpecType, limits: Limits, span: Span): void {
  const n = elementCount(type);
  if (n !== null && !(n <= limits.maxElements)) {
    throw new CheckError(`this value would hold ${formatCount(n)} elements, above the limit of ${formatCount(limits.maxElements)}; ${raiseHint('maxElements')}`, span);
  }
}

/** The same check at run time, for sizes known only then (`rep_vector(0, n)` with n a loop variable). */
export function checkRuntimeSize(name: string, n: number, limits: Limits): void {
  if (!(n <= limits.maxElements)) {
    throw new EvaluationError(`${name}: a result of ${formatCount(n)} elements is above the limit of ${formatCount(limits.maxElements)}; ${raiseHint('maxElements')}`);
  }
}

/**
 * A lowered node over lowered `children`, folded to its value when it depends on data
 * only (`log(weight)` is computed once at compile time instead of once per gradient), and
 * hoisted out of loops when it depends on nothing that changes within an evaluation.
 */
export function lowered(type: SpecType, evaluate: (frame: Frame) => Value, children: readonly Lowered[], folding: Folding, span: Span): Lowered {
  checkValueSize(type, folding.limits, span);
  const constant = children.every((c) => c.constant);
  const invariant = children.every((c) => c.invariant);
  if (!constant || !folding.foldable) {
    const hoisted = invariant && !constant && folding.hoist !== undefined ? folding.hoist(evaluate) : evaluate;
    return { type, evaluate: hoisted, constant, invariant };
  }
  let value: Value;
  try {
    value = evaluate(NO_FRAME);
  } catch (error) {
    if (error instanceof CheckError) throw error;
    throw new CheckError((error as Error).message, span);
  }
  return { type, evaluate: () => value, constant, invariant };
}

/** The plain number of an int or real scalar value. */
export function scalarOf(v: Value): number {
  const p = primal(v);
  if (typeof p !== 'number') throw new Error(`expected a scalar, got a tensor of shape [${p.shape.join(', ')}]`);
  return p;
}

/** The plain values of a value (a scalar as one element). */
export function plainData(v: Value): Float64Array {
  const p = primal(v);
  return typeof p === 'number' ? Float64Array.of(p) : p.data;
}

/** A plain tensor (or number) from data and the shape of `like`. */
export function plainLike(data: Float64Array, shape: readonly number[]): Value {
  return shape.length === 0 ? data[0]! : new Tensor(data, shape);
}
