import { sub } from '../../ad/ops/arithmetic.js';
import type { Expr } from './ast.js';
import { assignable } from './assign.js';
import { DISTRIBUTION_NAMES } from './distribution-registry.js';
import { formatPath, nearest, quoteSource } from './errors.js';
import { IssueList, attempt, lowerAt, parseAt, type JsonPath } from './issues.js';
import { findFunction, lowerExpression } from './lower-expression.js';
import { CheckError, type Lowered } from './lowered.js';
import type { Statement } from './schema.js';
import { NEXT, RETURN, type Executor, type StatementContext } from './statement-flow.js';
import { withArticle } from './types.js';
import { lowerUserTruncation } from './statements-user-truncated.js';
import { checkUserCall, chooseOverload, findUserFunction } from './user-calls.js';
import { formatArgumentType, invoke, type UserFunction } from './user-functions.js';

// The statements user-defined functions bring: `return` (in a function's body), a call of a
// void function as a statement, and `y ~ foo(...)` with a user-defined density foo_lpdf
// (foo_lpmf), which adds foo_lpdf(y | ...) to the log density as Stan does.

/** Parses and lowers an expression, keeping its tree (for the `data` check of a call's arguments). */
function lowerWithTree(source: string, path: JsonPath, context: StatementContext, issues: IssueList): { lowered: Lowered; expr: Expr } | undefined {
  const expr = parseAt(source, path, issues, context.limits.maxDepth);
  if (expr === undefined) return undefined;
  const lowered = attempt(source, path, issues, () => lowerExpression(expr, { ...context, expression: { source, path } }));
  return lowered === undefined ? undefined : { lowered, expr };
}

export function lowerReturn(statement: { readonly return: string | null }, path: JsonPath, context: StatementContext, issues: IssueList): Executor | undefined {
  const at = [...path, 'return'];
  const f = context.function;
  if (f === undefined) {
    issues.add(at, 'return belongs to the body of a user-defined function (the "functions" section)');
    return undefined;
  }
  if (statement.return === null) {
    if (f.returns === 'void') return () => RETURN;
    issues.add(at, `'${f.name}' returns ${formatArgumentType(f.returns)}: give the value, {"return": "..."}`);
    return undefined;
  }
  if (f.returns === 'void') {
    issues.add(at, `'${f.name}' is void, so its return takes no value: {"return": null}`);
    return undefined;
  }
  const value = lowerAt(statement.return, at, context, issues);
  if (value === undefined) return undefined;
  if (!assignable(f.returns, value.type)) {
    issues.add(at, `'${f.name}' returns ${formatArgumentType(f.returns)}, but this value is ${withArticle(value.type)}`);
    return undefined;
  }
  const evaluate = value.evaluate;
  return (frame) => {
    frame.returned!.value = evaluate(frame);
    return RETURN;
  };
}

export function lowerCallStatement(source: string, path: JsonPath, context: StatementContext, issues: IssueList): Executor | undefined {
  const at = [...path, 'call'];
  const expr = parseAt(source, at, issues, context.limits.maxDepth);
  if (expr === undefined) return undefined;
  if (expr.kind !== 'call') {
    issues.add(at, `a call statement calls a user-defined void function, such as "foo(x, y)", but ${quoteSource(source)} is not a call`);
    return undefined;
  }
  const overloads = findUserFunction(expr.callee, context);
  if (overloads === undefined) {
    const builtIn = findFunction(expr.callee) !== undefined;
    const suggestion = builtIn ? undefined : nearest(expr.callee, context.functions?.keys() ?? []);
    issues.add(
      at,
      builtIn
        ? `'${expr.callee}' is a built-in function, which returns a value: assign it or add it to target (a call as a statement is for user-defined void functions)`
        : `unknown function '${expr.callee}'${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
    );
    return undefined;
  }
  const valueMessage = (f: UserFunction): string => `'${f.name}' returns ${formatArgumentType(f.returns)}, so its value must be used: assign it (a call as a statement is for void functions, as in Stan)`;
  if (overloads.every((f) => f.returns !== 'void')) {
    issues.add(at, valueMessage(overloads[0]!));
    return undefined;
  }
  const call = attempt(source, at, issues, () => {
    const lowered = expr.args.map((a) => lowerExpression(a, { ...context, expression: { source, path: at } }));
    const f = chooseOverload(overloads, lowered, expr.span);
    if (f.returns !== 'void') throw new CheckError(valueMessage(f), expr.span);
    checkUserCall(f, lowered, expr.args, expr.span, expr.calleeSpan, context);
    return { f, lowered };
  });
  if (call === undefined) return undefined;
  const { f } = call;
  const evaluators = call.lowered.map((a) => a.evaluate);
  const { limits } = context;
  return (frame, target) => {
    invoke(f, evaluators.map((g) => g(frame)), frame, target, limits);
    return NEXT;
  };
}

/** The user density of `y ~ name(...)`: name_lpdf or name_lpmf (its overloads). */
function userDensity(name: string, context: StatementContext): readonly UserFunction[] | undefined {
  return context.functions?.get(`${name}_lpdf`) ?? context.functions?.get(`${name}_lpmf`);
}

/** The message for a distribution that is neither built in nor a user density. */
function unknownDistribution(name: string, context: StatementContext): string {
  const users = [...(context.functions?.keys() ?? [])].filter((n) => /_(lpdf|lpmf)$/.test(n)).map((n) => n.slice(0, -5));
  const suggestion = nearest(name, [...DISTRIBUTION_NAMES, ...users]);
  return suggestion === undefined ? `unknown distribution "${name}"; known distributions: ${DISTRIBUTION_NAMES.join(', ')}` : `unknown distribution "${name}" (did you mean '${suggestion}'?)`;
}

/** `y ~ foo(a, b)` with a user-defined foo_lpdf: target += foo_lpdf(y | a, b). */
export function lowerUserSample(statement: Extract<Statement, { sample: string }>, path: JsonPath, context: StatementContext, issues: IssueList): Executor | undefined {
  const overloads = userDensity(statement.distribution, context);
  if (overloads === undefined) {
    issues.add([...path, 'distribution'], unknownDistribution(statement.distribution, context));
    return undefined;
  }
  if (statement.censor !== undefined) {
    issues.add([...path, 'censor'], `'${statement.distribution}' is the user-defined density ${overloads[0]!.name}: write a censored observation's term with target += ${statement.distribution}_lcdf(...) or _lccdf(...)`);
    return undefined;
  }
  const outcome = lowerWithTree(statement.sample, [...path, 'sample'], context, issues);
  const params = statement.args.map((a, k) => lowerWithTree(a, [...path, 'args', k], context, issues));
  if (outcome === undefined || params.some((p) => p === undefined)) return undefined;
  const all = [outcome, ...(params as { lowered: Lowered; expr: Expr }[])];
  let f: UserFunction;
  try {
    const span = { start: 0, end: 0 };
    f = chooseOverload(overloads, all.map((a) => a.lowered), span);
    checkUserCall(f, all.map((a) => a.lowered), all.map((a) => a.expr), span, span, context);
  } catch (error) {
    if (!(error instanceof CheckError)) throw error;
    const place = error.argument === undefined ? path : error.argument === 0 ? [...path, 'sample'] : [...path, 'args', error.argument - 1];
    issues.add(place, error.message);
    return undefined;
  }
  const truncation = statement.truncate === undefined ? null : lowerUserTruncation(statement.distribution, f, statement.truncate, outcome.lowered, all.slice(1), path, context, issues);
  if (truncation === undefined) return undefined;
  const evaluators = all.map((a) => a.lowered.evaluate);
  const label = `${formatPath(path)}: ${statement.sample} ~ ${statement.distribution}`;
  const { limits } = context;
  return (frame, target) => {
    const values = evaluators.map((g) => g(frame));
    if (truncation === null) {
      target.add(invoke(f, values, frame, undefined, limits)!, label);
      return NEXT;
    }
    const logMass = truncation(frame, values[0]!);
    // Outside the truncation bounds the point is impossible (log density −∞), as in Stan.
    target.add(logMass === null ? -Infinity : sub(invoke(f, values, frame, undefined, limits)!, logMass), label);
    return NEXT;
  };
}
