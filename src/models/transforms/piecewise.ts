import { broadcastShapes } from '../../ad/broadcast.js';
import { add } from '../../ad/ops/arithmetic.js';
import { broadcastTo } from '../../ad/ops/broadcasting.js';
import { sum } from '../../ad/ops/reduce.js';
import { Mask, where, type Condition } from '../../ad/ops/select.js';
import { formatShape, shapesEqual, sizeOf, type Shape } from '../../ad/tensor.js';
import { primal, shapeOf, type Value } from '../../ad/trace.js';

// Bounds may be vectors with some entries infinite (Stan's `vector<lower=L>` with
// L[2] = negative_infinity()). Each element then takes the transform its own bounds call
// for, as Stan's lb_constrain / lub_constrain do: a finite lower bound exp-maps, an
// infinite one is the identity. When every element takes the same branch (the common
// case) that branch is applied to the whole tensor; otherwise every branch present is
// applied to the whole tensor and `where` picks per element.

/** One elementwise bijection: the value and the log-Jacobian of each element. */
export interface ElementwiseMap {
  readonly value: Value;
  readonly logAbsDetJacobian: Value;
}

export interface Piece {
  /** Where this branch applies: everywhere (true), nowhere (false) or a mask of `shape`. */
  readonly condition: Condition;
  /** The branch, given the input with 0 wherever the branch does not apply. */
  readonly map: (unconstrained: Value, condition: Condition) => ElementwiseMap;
}

/**
 * Applies `pieces` (whose conditions partition the elements) to `unconstrained`, already
 * of the constrained `shape`, and sums the log-Jacobian.
 */
export function piecewise(unconstrained: Value, shape: Shape, pieces: readonly Piece[]): { value: Value; logAbsDetJacobian: Value } {
  const active = pieces.filter((p) => p.condition !== false);
  if (active.length === 1 && active[0]!.condition === true) {
    const { value, logAbsDetJacobian } = active[0]!.map(unconstrained, true);
    return { value: broadcastTo(value, shape), logAbsDetJacobian: sum(logAbsDetJacobian) };
  }
  let value: Value = 0;
  let logAbsDetJacobian: Value = 0;
  for (const piece of active) {
    // Off-branch elements see 0, so no branch overflows there: its exp(800) would be
    // multiplied by a zero cotangent and give NaN.
    const input = where(piece.condition, unconstrained, 0);
    const branch = piece.map(input, piece.condition);
    value = where(piece.condition, branch.value, value);
    logAbsDetJacobian = add(logAbsDetJacobian, sum(where(piece.condition, branch.logAbsDetJacobian, 0)));
  }
  return { value, logAbsDetJacobian };
}

/**
 * A bound's plain values broadcast to the parameter's shape. Throws unless the bound
 * broadcasts to exactly that shape and has no NaN.
 */
export function boundValues(transformName: string, boundName: string, bound: Value, shape: Shape): Float64Array {
  const boundShape = shapeOf(bound);
  let fits = false;
  try {
    fits = shapesEqual(broadcastShapes(transformName, boundShape, shape), shape);
  } catch {
    fits = false;
  }
  if (!fits) {
    throw new Error(
      `${transformName}: the ${boundName} bound has shape ${formatShape(boundShape)}, which does not broadcast to the parameter's shape ${formatShape(shape)}`,
    );
  }
  const broadcast = primal(broadcastTo(primal(bound), shape));
  const values = typeof broadcast === 'number' ? Float64Array.of(broadcast) : Float64Array.from(broadcast.data);
  if (values.length !== sizeOf(shape)) throw new Error(`${transformName}: internal error broadcasting the ${boundName} bound`);
  values.forEach((v) => {
    if (Number.isNaN(v)) throw new Error(`${transformName}: the ${boundName} bound is NaN, but must be a number (±Infinity for no bound)`);
  });
  return values;
}

/** `predicate` over the elements of `shape`: a boolean when it holds everywhere or nowhere. */
export function conditionOf(shape: Shape, length: number, predicate: (index: number) => boolean): Condition {
  const data = new Uint8Array(length);
  let count = 0;
  for (let i = 0; i < length; i++) {
    data[i] = predicate(i) ? 1 : 0;
    count += data[i]!;
  }
  if (count === length) return true;
  if (count === 0) return false;
  return new Mask(data, shape);
}

/** `bound` where `condition` holds, `fallback` elsewhere (so off-branch arithmetic stays finite). */
export function boundWhere(condition: Condition, bound: Value, fallback: number): Value {
  return condition === true ? bound : where(condition, bound, fallback);
}
