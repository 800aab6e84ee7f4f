import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import { Box, primal, type Value } from '../../ad/trace.js';
import type { Constraint } from '../constraints.js';

// Elementwise constraints as 0/1 expressions (src/ad/scalar), so that code generated from
// expressions (a fused density's guard, whole-model compiled gradients) can test what the
// JS checks of src/models/distributions/checks.ts test, with the same edge cases: NaN
// fails every rule, ±∞ fails every rule but an interval's with an infinite bound, −0 is 0.
// A test keeps the two in agreement at edge values.

/** A constraint's bound as a number (bounds of distributions' constraints are plain). */
function boundOf(kind: string, which: string, value: Value): number {
  const p = value instanceof Box ? undefined : primal(value);
  if (typeof p !== 'number') throw new Error(`constraintCondition: the ${which} bound of a '${kind}' constraint must be a number here, not a traced value or a tensor`);
  return p;
}

const NOT_ELEMENTWISE = (kind: string): Error => new Error(`constraintCondition: constraint '${kind}' is not elementwise; check it with its distribution`);

/**
 * 1 where `x` keeps the rule of a parameter with this constraint, as parameterRule decides
 * it: real → finite; lower → x > lower (x ≥ lower when `inclusive`) and not +∞; upper →
 * x < upper (≤ when inclusive) and not −∞; interval → lower ≤ x ≤ upper; integer → an
 * integer within its bounds.
 */
export function constraintCondition(e: ExprKit, constraint: Constraint, x: ScalarExpr, inclusive = false): ScalarExpr {
  switch (constraint.kind) {
    case 'real':
      return e.isFinite(x);
    case 'lower': {
      const lower = boundOf(constraint.kind, 'lower', constraint.lower);
      return e.and(inclusive ? e.ge(x, lower) : e.gt(x, lower), e.ne(x, Infinity));
    }
    case 'upper': {
      const upper = boundOf(constraint.kind, 'upper', constraint.upper);
      return e.and(inclusive ? e.le(x, upper) : e.lt(x, upper), e.ne(x, -Infinity));
    }
    case 'interval':
      return e.and(e.ge(x, boundOf('interval', 'lower', constraint.lower)), e.le(x, boundOf('interval', 'upper', constraint.upper)));
    case 'integer':
      return integerCondition(e, constraint, x);
    default:
      throw NOT_ELEMENTWISE(constraint.kind);
  }
}

/**
 * 1 where `x` lies in an elementwise support, as inElementwiseSupport decides it: bounds
 * closed, and ±∞ outside every support but an interval with an infinite bound.
 */
export function supportCondition(e: ExprKit, support: Constraint, x: ScalarExpr): ScalarExpr {
  switch (support.kind) {
    case 'real':
      return e.isFinite(x);
    case 'lower':
      return e.and(e.isFinite(x), e.ge(x, boundOf('lower', 'lower', support.lower)));
    case 'upper':
      return e.and(e.isFinite(x), e.le(x, boundOf('upper', 'upper', support.upper)));
    case 'interval':
      return e.and(e.ge(x, boundOf('interval', 'lower', support.lower)), e.le(x, boundOf('interval', 'upper', support.upper)));
    case 'integer':
      return integerCondition(e, support, x);
    default:
      throw NOT_ELEMENTWISE(support.kind);
  }
}

function integerCondition(e: ExprKit, c: Extract<Constraint, { kind: 'integer' }>, x: ScalarExpr): ScalarExpr {
  let test = e.isInteger(x);
  if (c.lower !== undefined) test = e.and(test, e.ge(x, c.lower));
  if (c.upper !== undefined) test = e.and(test, e.le(x, c.upper));
  return test;
}
