import type { Expr } from './ast.js';
import { sub } from '../../ad/ops/arithmetic.js';
import { primal, type Value } from '../../ad/trace.js';
import { logDiffExp } from './functions/density-math.js';
import { IssueList, lowerAt, type JsonPath } from './issues.js';
import { CheckError, leaf, type Lowered } from './lowered.js';
import type { Frame } from './scope.js';
import type { StatementContext } from './statement-flow.js';
import { withArticle } from './types.js';
import { checkUserCall, chooseOverload, findUserFunction } from './user-calls.js';
import { invoke, type UserFunction } from './user-functions.js';

// `y ~ foo(...) T[L, U]` with a user-defined density, as Stan generates it: the density minus
// the log of the mass between the bounds, from the user's foo_lcdf (and foo_lccdf for a
// lower bound alone); −∞ when y is outside [L, U]. For a mass function the mass from L
// counts L itself: P(Y ≥ L) = 1 − F(L − 1).

/** The normaliser of a truncated user density at one evaluation: the log mass, or null when y is outside the bounds. */
export type UserTruncation = (frame: Frame, y: Value) => Value | null;

type Bound = number | string | undefined;

function lowerBound(bound: Bound, path: JsonPath, context: StatementContext, issues: IssueList): Lowered | undefined | null {
  if (bound === undefined) return null;
  const lowered = typeof bound === 'number' ? leaf({ kind: Number.isInteger(bound) ? 'int' : 'real' }, () => bound, true, true) : lowerAt(bound, path, context, issues);
  if (lowered !== undefined && lowered.type.kind !== 'int' && lowered.type.kind !== 'real') {
    issues.add(path, `a truncation bound of a user-defined density is a scalar, but this is ${withArticle(lowered.type)}`);
    return undefined;
  }
  return lowered;
}

/** The user CDF `name` called at a bound with the density's parameters, checked; undefined (with an issue) when it is missing or does not fit. */
function cdfCall(name: string, bound: Lowered, params: readonly { lowered: Lowered; expr: Expr }[], path: JsonPath, context: StatementContext, issues: IssueList): UserFunction | undefined {
  const overloads = findUserFunction(name, context);
  if (overloads === undefined) {
    issues.add(path, `truncating a user-defined density needs its CDF: define '${name}' (as Stan requires)`);
    return undefined;
  }
  const args = [bound, ...params.map((p) => p.lowered)];
  try {
    const span = { start: 0, end: 0 };
    const f = chooseOverload(overloads, args, span);
    checkUserCall(f, args, [undefined, ...params.map((p) => p.expr)], span, span, context);
    return f;
  } catch (error) {
    if (!(error instanceof CheckError)) throw error;
    issues.add(path, error.message);
    return undefined;
  }
}

/** Lowers T[L, U] of `y ~ name(...)` over the user density `density`; undefined (with issues) when it cannot be. */
export function lowerUserTruncation(
  name: string,
  density: UserFunction,
  truncate: { readonly lower?: Bound; readonly upper?: Bound },
  outcome: Lowered,
  params: readonly { lowered: Lowered; expr: Expr }[],
  path: JsonPath,
  context: StatementContext,
  issues: IssueList,
): UserTruncation | undefined {
  const at: JsonPath = [...path, 'truncate'];
  if (outcome.type.kind !== 'int' && outcome.type.kind !== 'real') {
    issues.add([...path, 'sample'], `a truncated user-defined density takes one value at a time (as in Stan), but this is ${withArticle(outcome.type)}; truncate in a loop`);
    return undefined;
  }
  const lower = lowerBound(truncate.lower, [...at, 'lower'], context, issues);
  const upper = lowerBound(truncate.upper, [...at, 'upper'], context, issues);
  if (lower === undefined || upper === undefined) return undefined;
  const discrete = density.name.endsWith('_lpmf');
  const { limits } = context;
  const evaluators = params.map((p) => p.lowered.evaluate);
  const cdfAt = (f: UserFunction, point: Value, frame: Frame): Value => invoke(f, [point, ...evaluators.map((g) => g(frame))], frame, undefined, limits)!;
  const from = (frame: Frame): Value => (discrete ? sub(lower!.evaluate(frame), 1) : lower!.evaluate(frame));
  const outside = (frame: Frame, y: Value): boolean => {
    const value = primal(y) as number;
    return (lower !== null && value < (primal(lower.evaluate(frame)) as number)) || (upper !== null && value > (primal(upper.evaluate(frame)) as number));
  };
  if (upper === null) {
    const lccdf = cdfCall(`${name}_lccdf`, lower!, params, at, context, issues);
    return lccdf && ((frame, y) => (outside(frame, y) ? null : cdfAt(lccdf, from(frame), frame)));
  }
  const lcdf = cdfCall(`${name}_lcdf`, upper, params, at, context, issues);
  if (lcdf === undefined) return undefined;
  if (lower === null) return (frame, y) => (outside(frame, y) ? null : cdfAt(lcdf, upper.evaluate(frame), frame));
  return (frame, y) => (outside(frame, y) ? null : logDiffExp(cdfAt(lcdf, upper.evaluate(frame), frame), cdfAt(lcdf, from(frame), frame)));
}
