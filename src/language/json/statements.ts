import { reshape, unstack } from '../../ad/ops/shape.js';
import { primal, shapeOf, type Value } from '../../ad/trace.js';
import type { Target } from '../../models/api/target.js';
import type { Expr } from './ast.js';
import { makeDistribution, checkDistributionCall } from './distribution-calls.js';
import { findDistributionFamily } from './distribution-registry.js';
import { checkDataSupport } from './data-support.js';
import { formatPath, quoteSource } from './errors.js';
import { placeError } from './error-places.js';
import { classifyIndex, type LoweredIndex } from './indexing.js';
import { IssueList, attempt, lowerAt, parseAt, type JsonPath } from './issues.js';
import { EvaluationError, LocalVariable } from './local-variable.js';
import { lowerExpression, type LowerContext } from './lower-expression.js';
import { CheckError, leaf, type Lowered } from './lowered.js';
import { isTrue } from './operators.js';
import type { Frame, Scope } from './scope.js';
import type { Statement } from './schema.js';
import { declaredType } from './sizes.js';
import { assignable, concreteShape } from './assign.js';
import { elementCount, formatType, isScalar, withArticle, type SpecType } from './types.js';
import { formatCount, raiseHint, type ElementBudget } from '../../models/api/limits.js';

/** One model statement, ready to run: adds to the target or updates the frame. */
export type Executor = (frame: Frame, target: Target) => void;

/** What lowering statements needs beyond expressions: the program's element budget and the loops around. */
export interface StatementContext extends LowerContext {
  /** Declared locals are charged to it, once each (a local in a loop is rebuilt, not multiplied). */
  readonly budget: ElementBudget;
  /** Iterations per evaluation of the loops around (1 outside loops); null when one of them is known only at run time. */
  readonly loopTrips: number | null;
}

/** Runs statements in order. */
export function runAll(executors: readonly Executor[], frame: Frame, target: Target): void {
  for (let k = 0; k < executors.length; k++) executors[k]!(frame, target);
}

/** Lowers a block of statements (model, or a loop's body) in `scope`; problems go to `issues`. */
export function lowerStatements(statements: readonly Statement[], path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList): Executor[] {
  const executors: Executor[] = [];
  statements.forEach((statement, k) => {
    const executor = lowerStatement(statement, [...path, k], scope, { ...context, scope }, issues);
    if (executor === undefined) return;
    // Leaf statements name themselves in errors; loops and conditionals pass errors through.
    const isLeaf = !('for' in statement) && !('if' in statement);
    executors.push(isLeaf ? locate(executor, [...path, k]) : executor);
  });
  return executors;
}

/**
 * Adds the statement's path to errors: to the spec's own (an index out of range at run
 * time), and to plain Errors, which stay plain so that the log density still treats them
 * as a rejected point (a scale that is not positive), now saying where they came from.
 */
function locate(executor: Executor, path: JsonPath): Executor {
  return (frame, target) => {
    try {
      executor(frame, target);
    } catch (error) {
      throw placeError(error, path);
    }
  };
}

function lowerStatement(statement: Statement, path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList): Executor | undefined {
  if ('sample' in statement) return lowerSample(statement, path, context, issues);
  if ('target' in statement) {
    const term = lowerAt(statement.target, [...path, 'target'], context, issues);
    if (term === undefined) return undefined;
    const label = `${formatPath(path)}: target += ${statement.target}`;
    return (frame, target) => target.add(term.evaluate(frame), label);
  }
  if ('local' in statement) return lowerLocal(statement, path, scope, context, issues);
  if ('assign' in statement) return lowerAssign(statement, path, context, issues);
  if ('for' in statement) return lowerFor(statement, path, scope, context, issues);
  return lowerIf(statement, path, scope, context, issues);
}

function lowerSample(statement: Extract<Statement, { sample: string }>, path: JsonPath, context: LowerContext, issues: IssueList): Executor | undefined {
  const outcome = lowerAt(statement.sample, [...path, 'sample'], context, issues);
  const params = statement.args.map((a, k) => lowerAt(a, [...path, 'args', k], context, issues));
  const family = findDistributionFamily(statement.distribution);
  if (outcome === undefined || family === undefined || params.some((p) => p === undefined)) return undefined;
  const lowered = params as Lowered[];
  const wholeSpan = { start: 0, end: 0 };
  try {
    checkDistributionCall(family, outcome.type, lowered, statement.args.map(() => wholeSpan), wholeSpan, context);
  } catch (error) {
    if (!(error instanceof CheckError)) throw error;
    issues.add(error.argument === undefined ? path : [...path, 'args', error.argument], error.message);
    return undefined;
  }
  if (statement.censor !== undefined && !family.hasCdf) {
    issues.add([...path, 'censor'], `${family.name} has no CDF in leapfrog, so its values cannot be censored`);
    return undefined;
  }
  if (outcome.constant && context.foldable) checkDataSupport(family, outcome, statement.sample, [...path, 'sample'], issues);
  const y = outcome.evaluate;
  const label = `${formatPath(path)}: ${statement.sample} ~ ${statement.distribution}`;
  if (statement.censor === undefined) return (frame, target) => target.sample(y(frame), makeDistribution(family, lowered, frame), label);
  const left = statement.censor === 'left';
  return (frame, target) => {
    const distribution = makeDistribution(family, lowered, frame);
    target.add(left ? distribution.logCdf!(y(frame)) : distribution.logCcdf!(y(frame)), label);
  };
}

function lowerLocal(statement: Extract<Statement, { local: string }>, path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList): Executor | undefined {
  const name = statement.local;
  const declaredAt = formatPath([...path, 'local']);
  if (scope.lookup(name) !== undefined) {
    issues.add([...path, 'local'], `'${name}' is already defined (as a ${scope.lookup(name)!.role} at ${scope.lookup(name)!.declaredAt}); choose another name`);
  }
  let type: SpecType | undefined;
  if (statement.type !== undefined) type = declaredType(statement as { type: string }, path, context, issues);
  else if (statement.size !== undefined || statement.rows !== undefined || statement.cols !== undefined) {
    issues.add([...path, 'type'], 'sizes are given, but no type; add "type": "vector" (or "matrix", "int_array", ...)');
  }
  const value = statement.value === undefined ? undefined : lowerAt(statement.value, [...path, 'value'], context, issues);
  if (statement.type === undefined && statement.value === undefined) {
    issues.add(path, `local '${name}' needs a "value", or a "type" (and sizes) to be filled element by element`);
  }
  if (type !== undefined && value !== undefined && !assignable(type, value.type)) {
    issues.add([...path, 'value'], `'${name}' is declared ${formatType(type)}, but the value is ${withArticle(value.type)}`);
  }
  let finalType = type ?? value?.type;
  const count = finalType === undefined ? null : elementCount(finalType);
  const overBudget = count === null ? undefined : context.budget.add(count, false);
  if (overBudget !== undefined) {
    issues.add(path, `local '${name}': ${overBudget}`);
    finalType = undefined;
  }
  const binding = scope.defineSlot(name, 'local variable', finalType ?? null, declaredAt);
  if (finalType === undefined) return undefined;
  const slot = binding.slot!;
  const shape = concreteShape(finalType);
  const compute = value?.evaluate;
  return (frame) => {
    const v = compute?.(frame);
    const local = new LocalVariable(name, shape ?? shapeOf(v!));
    if (v !== undefined) local.assign(v);
    frame.slots[slot] = local;
  };
}

/** The target of an assignment: a local, whole or indexed. */
function lowerAssign(statement: Extract<Statement, { assign: string }>, path: JsonPath, context: LowerContext, issues: IssueList): Executor | undefined {
  const lhsPath = [...path, 'assign'];
  const lhs = parseAt(statement.assign, lhsPath, issues, context.limits.maxDepth);
  const value = lowerAt(statement.value, [...path, 'value'], context, issues);
  if (lhs === undefined) return undefined;
  const nameExpr: Expr = lhs.kind === 'index' ? lhs.target : lhs;
  if (nameExpr.kind !== 'name') {
    issues.add(lhsPath, `can only assign to a local variable or its elements (like "err" or "err[t]"), not to ${quoteSource(statement.assign)}`);
    return undefined;
  }
  const binding = context.scope.lookup(nameExpr.name);
  if (binding === undefined) {
    issues.add(lhsPath, `${context.scope.unknownNameMessage(nameExpr.name)}; declare it first with {"local": "${nameExpr.name}", ...}`);
    return undefined;
  }
  if (!binding.assignable) {
    issues.add(lhsPath, `cannot assign to '${nameExpr.name}': it is a ${binding.role} (declared at ${binding.declaredAt}); only local variables can be assigned`);
    return undefined;
  }
  if (binding.type === null || value === undefined) return undefined;
  const slot = binding.slot!;
  const localType = binding.type;
  if (lhs.kind !== 'index') {
    if (!assignable(localType, value.type)) {
      issues.add([...path, 'value'], `'${nameExpr.name}' is ${withArticle(localType)}, but the value is ${withArticle(value.type)}`);
      return undefined;
    }
    const compute = value.evaluate;
    return (frame) => (frame.slots[slot] as LocalVariable).assign(compute(frame));
  }
  return attempt(statement.assign, lhsPath, issues, () => lowerElementAssign(lhs, nameExpr.name, localType, slot, value, context));
}

/** `x[i] = v`, `m[i, j] = v`, `m[i] = row`, `x[a:b] = v`: writes cells of a LocalVariable. */
function lowerElementAssign(lhs: Extract<Expr, { kind: 'index' }>, name: string, localType: SpecType, slot: number, value: Lowered, context: LowerContext): Executor {
  const rank = localType.kind === 'matrix' ? 2 : isScalar(localType) ? 0 : 1;
  if (lhs.indices.length > rank) throw new CheckError(`${lhs.indices.length} indices given, but the local is ${withArticle(localType)}`, lhs.span);
  const indices: LoweredIndex[] = lhs.indices.map((index) => {
    if (index.kind === 'single') return classifyIndex(lowerExpression(index.expr, context), index.expr.span);
    const end = (e: Expr | null): Lowered | null => (e === null ? null : lowerExpression(e, context));
    return { kind: 'range', start: end(index.start), end: end(index.end), span: index.span };
  });
  if (indices.some((i) => i.kind === 'multi')) throw new CheckError('assigning through an int-array index is not supported; assign the elements in a loop', lhs.span);
  const positionOf = (frame: Frame, k: number, size: number): number => {
    const index = indices[k] as { value: Lowered };
    const i = primal(index.value.evaluate(frame)) as number;
    if (!Number.isInteger(i) || i < 1 || i > size) throw new EvaluationError(`assignment to '${name}': index ${i} is out of range; valid indices are 1 to ${size} (1-based)`);
    return i - 1;
  };
  const compute = value.evaluate;
  if (indices.length === rank && indices.every((i) => i.kind === 'single')) {
    if (!isScalar(value.type) || (value.type.kind === 'real' && localType.kind === 'int_array')) {
      throw new CheckError(`an element of ${withArticle(localType)} takes a ${localType.kind === 'int_array' ? 'int' : 'scalar'}, but the value is ${withArticle(value.type)}`, lhs.span);
    }
    return (frame) => {
      const local = frame.slots[slot] as LocalVariable;
      let offset = 0;
      for (let k = 0; k < rank; k++) offset = offset * local.shape[k]! + positionOf(frame, k, local.shape[k]!);
      local.assignElement(offset, compute(frame));
    };
  }
  if (localType.kind === 'matrix' && indices.length === 1 && indices[0]!.kind === 'single') {
    if (value.type.kind !== 'row_vector' && value.type.kind !== 'vector') throw new CheckError(`a row of a matrix takes a row vector, but the value is ${withArticle(value.type)}`, lhs.span);
    return (frame) => {
      const local = frame.slots[slot] as LocalVariable;
      const cols = local.shape[1]!;
      const row = compute(frame);
      if (shapeOf(row)[0] !== cols) throw new EvaluationError(`the row has ${shapeOf(row)[0]} elements, but the matrix has ${cols} columns`);
      local.assignRun(positionOf(frame, 0, local.shape[0]!) * cols, unstack(row));
    };
  }
  if (rank === 1 && indices[0]!.kind === 'range') {
    const range = indices[0]!;
    if (isScalar(value.type) || value.type.kind === 'matrix') throw new CheckError(`a range of ${withArticle(localType)} takes a vector, but the value is ${withArticle(value.type)}`, lhs.span);
    return (frame) => {
      const local = frame.slots[slot] as LocalVariable;
      const n = local.shape[0]!;
      const start = range.start === null ? 1 : (primal(range.start.evaluate(frame)) as number);
      const end = range.end === null ? n : (primal(range.end.evaluate(frame)) as number);
      const v = compute(frame);
      const count = shapeOf(v)[0]!;
      if (start < 1 || end > n || end - start + 1 !== count) {
        throw new EvaluationError(`the range ${start}:${end} of a local of ${n} elements does not fit a value of ${count} elements`);
      }
      local.assignRun(start - 1, unstack(reshape(v, [count])));
    };
  }
  throw new CheckError('this form of indexed assignment is not supported; assign single elements, a matrix row m[i], or a vector range x[a:b]', lhs.span);
}

function lowerBound(bound: number | string, path: JsonPath, context: LowerContext, issues: IssueList): Lowered | undefined {
  if (typeof bound === 'number') return leaf({ kind: 'int' }, () => bound, true, true);
  const lowered = lowerAt(bound, path, context, issues);
  if (lowered !== undefined && lowered.type.kind !== 'int') {
    issues.add(path, `a loop bound must be an int, but ${quoteSource(bound)} is ${withArticle(lowered.type)}`);
    return undefined;
  }
  return lowered;
}

function lowerFor(statement: Extract<Statement, { for: string }>, path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList): Executor | undefined {
  const from = lowerBound(statement.from, [...path, 'from'], context, issues);
  const to = lowerBound(statement.to, [...path, 'to'], context, issues);
  const trips = staticTrips(from, to, context);
  const loopTrips = trips === null || context.loopTrips === null ? null : trips * context.loopTrips;
  const { maxLoopIterations } = context.limits;
  if (loopTrips !== null && !(loopTrips <= maxLoopIterations)) {
    // Known now (bounds over data): refused before anything runs.
    const around = context.loopTrips !== null && context.loopTrips > 1 ? `, inside loops of ${formatCount(context.loopTrips)} iterations,` : '';
    issues.add(path, `the loop runs ${formatCount(trips!)} times${around} so ${formatCount(loopTrips)} iterations per evaluation, above the limit of ${formatCount(maxLoopIterations)}; ${raiseHint('maxLoopIterations')}`);
    return undefined;
  }
  const body = scope.child();
  const variable = body.defineSlot(statement.for, 'loop variable', { kind: 'int' }, formatPath([...path, 'for']));
  const hoist = (evaluate: (frame: Frame) => Value): ((frame: Frame) => Value) => body.hoist(evaluate);
  const executors = lowerStatements(statement.body, [...path, 'body'], body, { ...context, hoist, loopTrips }, issues);
  if (from === undefined || to === undefined) return undefined;
  const slot = variable.slot!;
  const [first, last] = [from.evaluate, to.evaluate];
  return (frame, target) => {
    const start = primal(first(frame)) as number;
    const end = primal(last(frame)) as number;
    // Counted before the first iteration, so that a loop of 1e9 fails at once.
    if (end >= start && frame.loops !== undefined) {
      frame.loops.iterations += end - start + 1;
      if (!(frame.loops.iterations <= maxLoopIterations)) {
        throw new EvaluationError(
          `${formatPath(path)}: the loop from ${formatCount(start)} to ${formatCount(end)} brings this evaluation to ${formatCount(frame.loops.iterations)} loop iterations, ` +
            `above the limit of ${formatCount(maxLoopIterations)}; ${raiseHint('maxLoopIterations')}`,
          path,
        );
      }
    }
    for (let i = start; i <= end; i++) {
      frame.slots[slot] = i;
      runAll(executors, frame, target);
    }
  };
}

/** A loop's trip count when both bounds are known at check time; null otherwise. */
function staticTrips(from: Lowered | undefined, to: Lowered | undefined, context: StatementContext): number | null {
  if (from === undefined || to === undefined || !from.constant || !to.constant || !context.foldable) return null;
  const start = primal(from.evaluate({ slots: [] })) as number;
  const end = primal(to.evaluate({ slots: [] })) as number;
  return end >= start ? end - start + 1 : 0;
}

function lowerIf(statement: Extract<Statement, { if: string }>, path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList): Executor | undefined {
  const condition = lowerAt(statement.if, [...path, 'if'], context, issues);
  if (condition !== undefined && condition.type.kind !== 'int') {
    issues.add([...path, 'if'], `a condition must be an int (such as a comparison), but ${quoteSource(statement.if)} is ${withArticle(condition.type)}`);
  }
  const then = lowerStatements(statement.then, [...path, 'then'], scope.child(), context, issues);
  const otherwise = lowerStatements(statement.else ?? [], [...path, 'else'], scope.child(), context, issues);
  if (condition === undefined) return undefined;
  const test = condition.evaluate;
  return (frame, target) => runAll(isTrue(test(frame)) ? then : otherwise, frame, target);
}
