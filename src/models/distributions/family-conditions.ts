import { ExprBuilder, type ScalarExpr } from '../../ad/scalar/expr.js';
import { ExpressionKernels } from '../../ad/scalar/kernels.js';
import { exprKit, type ExprKit } from '../../ad/scalar/primitives.js';
import type { Constraint } from '../constraints.js';
import type { ParamSpec } from './checks.js';
import { constraintCondition, parameterCondition, supportCondition } from './conditions.js';
import type { FusedDensity } from './fused.js';

// A scalar family's checks as 0/1 expressions (src/ad/scalar): its support test and the
// relation between its parameters are declared so, the JS checks are derived from them,
// and compiled code (the whole-gradient compiler) emits the same expressions.

/** A condition on one element's values, as an expression giving 0 or 1 (src/ad/scalar). */
export type ElementCondition = (e: ExprKit, args: readonly ScalarExpr[]) => ScalarExpr;

/** A function of one element's values [y, ...params] (a log CDF), as an expression. */
export type ElementFunction = (e: ExprKit, args: readonly ScalarExpr[]) => ScalarExpr;

/** What the conditions are made from: the parts of a family's header that it checks. */
export interface CheckedHeader {
  readonly support: Constraint;
  readonly params: readonly ParamSpec[];
  readonly inSupport?: ElementCondition;
  readonly relation?: { readonly holds: ElementCondition };
  readonly density: FusedDensity;
}

/**
 * Everything a scalar family checks of one element, as 0/1 expressions over the inputs
 * [y, ...params] (input 0 the value, input k + 1 parameter k), in the builder of the
 * density's declaration so that compiled code shares their subexpressions. The JS checks
 * of the family evaluate the same expressions.
 */
export interface FamilyConditions {
  readonly builder: ExprBuilder;
  /** y within the support: its constraint (bounds closed, finite) and `inSupport`. */
  readonly support: ScalarExpr;
  /** Per parameter, its rule (parameterRule). */
  readonly parameters: readonly ScalarExpr[];
  /** The relation between parameters, where there is one. */
  readonly relation?: ScalarExpr;
}

/** A JS test on one element's values from a 0/1 expression (generated, or the interpreter). */
export function conditionTest(condition: ElementCondition, arity: number): (values: Float64Array) => boolean {
  const builder = new ExprBuilder();
  const inputs = Array.from({ length: arity }, (_, k) => builder.input(k));
  const e = exprKit(builder);
  // As a number: generated code would give a comparison's boolean, and false !== 0.
  const kernels = new ExpressionKernels(e.select(condition(e, inputs), 1, 0), arity);
  return (values) => kernels.scalar(values) !== 0;
}

/** The family's checks as expressions over [y, ...params] (see FamilyConditions). */
export function conditionsOf(spec: CheckedHeader): FamilyConditions {
  const builder = spec.density.declaration?.builder ?? new ExprBuilder();
  const e = exprKit(builder);
  const inputs = [builder.input(0), ...spec.params.map((_, k) => builder.input(k + 1))];
  const inConstraint = supportCondition(e, spec.support, inputs[0]!)!;
  const support = spec.inSupport === undefined ? inConstraint : e.and(inConstraint, spec.inSupport(e, inputs));
  const parameters = spec.params.map((p, k) => constraintCondition(e, p.constraint, inputs[k + 1]!, p.inclusive));
  const relation = spec.relation?.holds(e, inputs.slice(1));
  return relation === undefined ? { builder, support, parameters } : { builder, support, parameters, relation };
}

/** tracedArgumentsValid as an expression per element (undefined where a bound is not a number). */
export function tracedArgumentsCondition(spec: CheckedHeader, e: ExprKit, args: readonly ScalarExpr[], traced: readonly boolean[]): ScalarExpr | undefined {
  let test: ScalarExpr = e.b.constant(1);
  if (traced[0] === true) {
    const support = supportCondition(e, spec.support, args[0]!);
    if (support === undefined) return undefined;
    test = e.and(test, support);
  }
  let anyParameter = false;
  for (let k = 0; k < spec.params.length; k++) {
    if (traced[k + 1] !== true) continue;
    anyParameter = true;
    const rule = parameterCondition(e, spec.params[k]!, args[k + 1]!);
    if (rule === undefined) return undefined;
    test = e.and(test, rule);
  }
  if (anyParameter && spec.relation !== undefined) test = e.and(test, spec.relation.holds(e, args.slice(1)));
  if (spec.inSupport !== undefined && traced.includes(true)) test = e.and(test, spec.inSupport(e, args));
  return test;
}
