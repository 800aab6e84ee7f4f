import { at, reshape, slice } from '../../ad/ops/shape.js';
import { Tensor } from '../../ad/tensor.js';
import { primal, shapeOf, type Value } from '../../ad/trace.js';
import { formatCount, raiseHint } from '../../models/api/limits.js';
import { formatPath, quoteSource } from './errors.js';
import { IssueList, lowerAt, type JsonPath } from './issues.js';
import { EvaluationError } from './local-variable.js';
import { leaf, type Lowered } from './lowered.js';
import { isTrue } from './operators.js';
import type { Frame, Scope } from './scope.js';
import type { Statement } from './schema.js';
import { BREAK, CONTINUE, NEXT, RETURN, runAll, type Executor, type LowerList, type StatementContext } from './statement-flow.js';
import { REAL, firstElementType, withArticle, type SpecType } from './types.js';

// Control flow, as Stan's: for over a range (bounds evaluated once, 1-based, inclusive) and
// over the elements of a container, while, if / else (an `else if` is an else holding one
// if), blocks with a scope of their own, break and continue. Every loop iteration counts
// against ResourceLimits.maxLoopIterations per evaluation, so a loop that does not end is
// an error with its path, not a hang.

/** Counts `count` more loop iterations in this evaluation; throws at the limit, naming the loop. */
function countIterations(frame: Frame, count: number, path: JsonPath, context: StatementContext, what: () => string): void {
  if (frame.loops === undefined || count <= 0) return;
  frame.loops.iterations += count;
  const { maxLoopIterations } = context.limits;
  if (!(frame.loops.iterations <= maxLoopIterations)) {
    throw new EvaluationError(
      `${formatPath(path)}: ${what()} brings this evaluation to ${formatCount(frame.loops.iterations)} loop iterations, above the limit of ${formatCount(maxLoopIterations)}; ${raiseHint('maxLoopIterations')}`,
      path,
    );
  }
}

function lowerLoopBound(bound: number | string, path: JsonPath, context: StatementContext, issues: IssueList): Lowered | undefined {
  if (typeof bound === 'number') return leaf({ kind: 'int' }, () => bound, true, true);
  const lowered = lowerAt(bound, path, context, issues);
  if (lowered !== undefined && lowered.type.kind !== 'int') {
    issues.add(path, `a loop bound must be an int, but ${quoteSource(bound)} is ${withArticle(lowered.type)}`);
    return undefined;
  }
  return lowered;
}

/** A condition (if, while): an int or a real, true when not zero (Stan's rule). */
function lowerCondition(source: string, path: JsonPath, context: StatementContext, issues: IssueList): Lowered | undefined {
  const condition = lowerAt(source, path, context, issues);
  if (condition !== undefined && condition.type.kind !== 'int' && condition.type.kind !== 'real') {
    issues.add(path, `a condition must be an int (such as a comparison) or a real, but ${quoteSource(source)} is ${withArticle(condition.type)}`);
    return undefined;
  }
  return condition;
}

/** A loop body's statements in their own scope, with the loop's variable defined first. */
function lowerBody(
  statement: { readonly for: string; readonly body: Statement[] },
  type: SpecType,
  path: JsonPath,
  scope: Scope,
  context: StatementContext,
  loopTrips: number | null,
  issues: IssueList,
  lowerStatements: LowerList,
): { slot: number; body: Executor[] } {
  const body = scope.child();
  const variable = body.defineSlot(statement.for, 'loop variable', type, formatPath([...path, 'for']));
  const hoist = (evaluate: (frame: Frame) => Value): ((frame: Frame) => Value) => body.hoist(evaluate);
  const executors = lowerStatements(statement.body, [...path, 'body'], body, { ...context, hoist, loopTrips, inLoop: true, variables: undefined }, issues);
  return { slot: variable.slot!, body: executors };
}

export function lowerFor(statement: Extract<Statement, { for: string }>, path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList, lowerStatements: LowerList): Executor | undefined {
  if (statement.in !== undefined) return lowerForEach(statement as typeof statement & { in: string }, path, scope, context, issues, lowerStatements);
  const from = lowerLoopBound(statement.from!, [...path, 'from'], context, issues);
  const to = lowerLoopBound(statement.to!, [...path, 'to'], context, issues);
  const trips = staticTrips(from, to, context);
  const loopTrips = trips === null || context.loopTrips === null ? null : trips * context.loopTrips;
  const { maxLoopIterations } = context.limits;
  if (loopTrips !== null && !(loopTrips <= maxLoopIterations)) {
    // Known now (bounds over data): refused before anything runs.
    const around = context.loopTrips !== null && context.loopTrips > 1 ? `, inside loops of ${formatCount(context.loopTrips)} iterations,` : '';
    issues.add(path, `the loop runs ${formatCount(trips!)} times${around} so ${formatCount(loopTrips)} iterations per evaluation, above the limit of ${formatCount(maxLoopIterations)}; ${raiseHint('maxLoopIterations')}`);
    return undefined;
  }
  const { slot, body } = lowerBody(statement, { kind: 'int' }, path, scope, context, loopTrips, issues, lowerStatements);
  if (from === undefined || to === undefined) return undefined;
  const [first, last] = [from.evaluate, to.evaluate];
  return (frame, target) => {
    const start = primal(first(frame)) as number;
    const end = primal(last(frame)) as number;
    // Counted before the first iteration, so that a loop of 1e9 fails at once.
    countIterations(frame, end - start + 1, path, context, () => `the loop from ${formatCount(start)} to ${formatCount(end)}`);
    for (let i = start; i <= end; i++) {
      frame.slots[slot] = i;
      const flow = runAll(body, frame, target);
      if (flow === BREAK) break;
      if (flow === RETURN) return RETURN;
    }
    return NEXT;
  };
}

/** A loop's trip count when both bounds are known at check time; null otherwise. */
function staticTrips(from: Lowered | undefined, to: Lowered | undefined, context: StatementContext): number | null {
  if (from === undefined || to === undefined || !from.constant || !to.constant || !context.foldable) return null;
  const start = primal(from.evaluate({ slots: [] })) as number;
  const end = primal(to.evaluate({ slots: [] })) as number;
  return end >= start ? end - start + 1 : 0;
}

/** The elements a foreach loop visits: an array's (or vector's) along its first axis; a matrix's every entry, column by column (Stan's order). */
function elementsOf(collection: Value, isMatrix: boolean): { count: number; element: (k: number) => Value } {
  const shape = shapeOf(collection);
  if (isMatrix) {
    const [rows, cols] = [shape[0]!, shape[1]!];
    return { count: rows * cols, element: (k) => (collection instanceof Tensor ? collection.data[(k % rows) * cols + Math.floor(k / rows)]! : at(collection, k % rows, Math.floor(k / rows))) };
  }
  const inner = shape.slice(1);
  const size = inner.reduce((a, b) => a * b, 1);
  return {
    count: shape[0]!,
    element: (k) => {
      if (collection instanceof Tensor) return inner.length === 0 ? collection.data[k]! : new Tensor(collection.data.slice(k * size, (k + 1) * size), inner);
      return inner.length === 0 ? at(collection, k) : reshape(slice(collection, k, k + 1), inner);
    },
  };
}

function lowerForEach(statement: Extract<Statement, { for: string }> & { in: string }, path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList, lowerStatements: LowerList): Executor | undefined {
  const collection = lowerAt(statement.in, [...path, 'in'], context, issues);
  const elementType = collection === undefined ? undefined : collection.type.kind === 'matrix' ? REAL : firstElementType(collection.type);
  if (collection !== undefined && elementType === undefined) issues.add([...path, 'in'], `a loop "in" runs over the elements of an array, vector or matrix, but ${quoteSource(statement.in)} is ${withArticle(collection.type)}`);
  const { slot, body } = lowerBody(statement, elementType ?? REAL, path, scope, context, null, issues, lowerStatements);
  if (collection === undefined || elementType === undefined) return undefined;
  const evaluate = collection.evaluate;
  const isMatrix = collection.type.kind === 'matrix';
  return (frame, target) => {
    const { count, element } = elementsOf(evaluate(frame), isMatrix);
    countIterations(frame, count, path, context, () => `the loop over ${formatCount(count)} elements`);
    for (let k = 0; k < count; k++) {
      frame.slots[slot] = element(k);
      const flow = runAll(body, frame, target);
      if (flow === BREAK) break;
      if (flow === RETURN) return RETURN;
    }
    return NEXT;
  };
}

export function lowerWhile(statement: Extract<Statement, { while: string }>, path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList, lowerStatements: LowerList): Executor | undefined {
  const condition = lowerCondition(statement.while, [...path, 'while'], context, issues);
  const body = lowerStatements(statement.body, [...path, 'body'], scope.child(), { ...context, loopTrips: null, inLoop: true, variables: undefined }, issues);
  if (condition === undefined) return undefined;
  const test = condition.evaluate;
  return (frame, target) => {
    while (isTrue(test(frame))) {
      countIterations(frame, 1, path, context, () => 'the while loop');
      const flow = runAll(body, frame, target);
      if (flow === BREAK) break;
      if (flow === RETURN) return RETURN;
    }
    return NEXT;
  };
}

export function lowerIf(statement: Extract<Statement, { if: string }>, path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList, lowerStatements: LowerList): Executor | undefined {
  const condition = lowerCondition(statement.if, [...path, 'if'], context, issues);
  const inner = { ...context, variables: undefined };
  const then = lowerStatements(statement.then, [...path, 'then'], scope.child(), inner, issues);
  const otherwise = lowerStatements(statement.else ?? [], [...path, 'else'], scope.child(), inner, issues);
  if (condition === undefined) return undefined;
  const test = condition.evaluate;
  return (frame, target) => runAll(isTrue(test(frame)) ? then : otherwise, frame, target);
}

/** `{ "block": [...] }`: Stan's braces, a scope of their own. */
export function lowerBlockStatement(statements: Statement[], path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList, lowerStatements: LowerList): Executor {
  const body = lowerStatements(statements, path, scope.child(), { ...context, variables: undefined }, issues);
  return (frame, target) => runAll(body, frame, target);
}

export function lowerBreak(kind: 'break' | 'continue', path: JsonPath, context: StatementContext, issues: IssueList): Executor | undefined {
  if (!context.inLoop) {
    issues.add([...path, kind], `${kind} is only allowed inside a loop (for or while)`);
    return undefined;
  }
  const flow = kind === 'break' ? BREAK : CONTINUE;
  return () => flow;
}
