import type { ScalarExpr } from '../../ad/scalar/expr.js';
import type { ExprKit } from '../../ad/scalar/primitives.js';
import type { Constraint } from '../constraints.js';
import type { ParamSpec } from './checks.js';

// The checks of checks.ts (parameterRule, inElementwiseSupport) as 0/1 scalar
// expressions, for code that evaluates a density per element without calling them: the
// whole-gradient compiler (src/ad/compile) emits them inside its loops. Each case mirrors
// its counterpart there; test/models/distributions/conditions.test.ts compares the two on
// edge values. Undefined where a bound is not a number (a traced bound) or the constraint
// is not elementwise.

const numberOf = (bound: unknown): number | undefined => (typeof bound === 'number' ? bound : undefined);

/** 1 where x keeps parameter `spec`'s rule (parameterRule gives undefined), else 0. */
export function parameterCondition(e: ExprKit, spec: ParamSpec, x: ScalarExpr): ScalarExpr | undefined {
  const c = spec.constraint;
  switch (c.kind) {
    case 'real':
      return e.isFinite(x);
    case 'lower': {
      const lower = numberOf(c.lower);
      if (lower === undefined) return undefined;
      return e.and(spec.inclusive === true ? e.ge(x, lower) : e.gt(x, lower), e.ne(x, Infinity));
    }
    case 'upper': {
      const upper = numberOf(c.upper);
      if (upper === undefined) return undefined;
      return e.and(spec.inclusive === true ? e.le(x, upper) : e.lt(x, upper), e.ne(x, -Infinity));
    }
    case 'interval': {
      const lower = numberOf(c.lower);
      const upper = numberOf(c.upper);
      if (lower === undefined || upper === undefined) return undefined;
      return e.and(e.ge(x, lower), e.le(x, upper));
    }
    case 'integer':
      return integerIn(e, x, c.lower, c.upper);
    default:
      return undefined;
  }
}

/** 1 where x is in the elementwise support (inElementwiseSupport), else 0. */
export function supportCondition(e: ExprKit, support: Constraint, x: ScalarExpr): ScalarExpr | undefined {
  switch (support.kind) {
    case 'real':
      return e.isFinite(x);
    case 'lower': {
      const lower = numberOf(support.lower);
      return lower === undefined ? undefined : e.and(e.isFinite(x), e.ge(x, lower));
    }
    case 'upper': {
      const upper = numberOf(support.upper);
      return upper === undefined ? undefined : e.and(e.isFinite(x), e.le(x, upper));
    }
    case 'interval': {
      const lower = numberOf(support.lower);
      const upper = numberOf(support.upper);
      return lower === undefined || upper === undefined ? undefined : e.and(e.ge(x, lower), e.le(x, upper));
    }
    case 'integer':
      return e.and(integerIn(e, x, support.lower, support.upper), e.isFinite(x));
    default:
      return undefined;
  }
}

function integerIn(e: ExprKit, x: ScalarExpr, lower: number | undefined, upper: number | undefined): ScalarExpr {
  let test = e.isInteger(x);
  if (lower !== undefined) test = e.and(test, e.ge(x, lower));
  if (upper !== undefined) test = e.and(test, e.le(x, upper));
  return test;
}

/**
 * parameterCondition for a constraint alone: 1 where `x` keeps the rule of a parameter with
 * this constraint (`inclusive`: the bound itself allowed), as parameterRule decides it.
 * Throws where the constraint is not elementwise or a bound is not a number.
 */
export function constraintCondition(e: ExprKit, constraint: Constraint, x: ScalarExpr, inclusive = false): ScalarExpr {
  const condition = parameterCondition(e, { name: 'x', constraint, inclusive }, x);
  if (condition === undefined) {
    throw new Error(`constraintCondition: constraint '${constraint.kind}' is not elementwise with numeric bounds; check it with its distribution`);
  }
  return condition;
}
