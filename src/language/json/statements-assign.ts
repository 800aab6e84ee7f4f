import { reshape, unstack } from '../../ad/ops/shape.js';
import { shapeOf, type Value } from '../../ad/trace.js';
import { formatShape } from '../../ad/tensor.js';
import type { Expr, IndexExpr } from './ast.js';
import { assignable, conversionHint } from './assign.js';
import { quoteSource } from './errors.js';
import { classifyIndex, leadingOffset, lowerIndex, resolveIndices, type LoweredIndex } from './indexing.js';
import { IssueList, attempt, lowerAt, parseAt, type JsonPath } from './issues.js';
import { EvaluationError, type LocalVariable, type ReadSite } from './local-variable.js';
import { lowerExpression, readSite } from './lower-expression.js';
import { CheckError, type Lowered } from './lowered.js';
import { lowerBinary } from './operators.js';
import type { Frame } from './scope.js';
import type { AssignOperator, Statement } from './schema.js';
import { contiguousRun, selectedOffsets, selectedShape } from './selection.js';
import { NEXT, type Executor, type StatementContext } from './statement-flow.js';
import { shapeOfType, withArticle, type SpecType } from './types.js';

// Assignment, as Stan's: `x = v`, `x[i] = v`, `x[i, j] = v`, `x[2:5] = v`, `x[idx] = v`
// (any indices on any axes, chained `x[i][j]` as x[i, j]), and the compound forms
// `x op= v` meaning `x = x op v` (+=, -=, *=, /=, .*=, ./=). Only the variables of the block
// being run can be assigned: locals, and a transformed block's own variables.

/** `x[i][j]` as `x[i, j]`: brackets chained after positions (which drop their axis) are one index list. */
function flattenTarget(lhs: Expr): { name: Extract<Expr, { kind: 'name' }>; indices: IndexExpr[] } | undefined {
  const lists: (readonly IndexExpr[])[] = [];
  let e = lhs;
  while (e.kind === 'index') {
    lists.unshift(e.indices);
    e = e.target;
  }
  if (e.kind !== 'name') return undefined;
  // Only positions may precede another pair of brackets: x[2:3][1] would index the selection.
  for (let k = 0; k < lists.length - 1; k++) if (lists[k]!.some((i) => i.kind !== 'single')) return undefined;
  return { name: e, indices: lists.flat() };
}

export function lowerAssign(statement: Extract<Statement, { assign: string }>, path: JsonPath, context: StatementContext, issues: IssueList): Executor | undefined {
  const lhsPath = [...path, 'assign'];
  const lhs = parseAt(statement.assign, lhsPath, issues, context.limits.maxDepth);
  const value = lowerAt(statement.value, [...path, 'value'], context, issues);
  if (lhs === undefined) return undefined;
  const target = flattenTarget(lhs);
  if (target === undefined) {
    issues.add(lhsPath, `can only assign to a variable or its elements (like "err", "err[t]" or "m[i, j]"), not to ${quoteSource(statement.assign)}`);
    return undefined;
  }
  const name = target.name.name;
  const binding = context.scope.lookup(name);
  if (binding === undefined) {
    issues.add(lhsPath, `${context.scope.unknownNameMessage(name)}; declare it first with {"declare": "${name}", ...}`);
    return undefined;
  }
  if (!binding.assignable) {
    issues.add(lhsPath, `cannot assign to '${name}': it is a ${binding.role} (declared at ${binding.declaredAt}); only the variables of the block being run (and its locals) can be assigned`);
    return undefined;
  }
  if (binding.type === null || value === undefined) return undefined;
  const slot = binding.slot!;
  const op = statement.op ?? '=';
  // The left side's reads (its indices, and the current value that `+=` reads) are reported at its text.
  const lhsContext: StatementContext = { ...context, expression: { source: statement.assign, path: lhsPath } };
  return attempt(statement.assign, lhsPath, issues, () => {
    const indices = target.indices.map((index) => lowerIndexExpr(index, lhsContext));
    const whole = variableRead(binding.type!, slot, readSite(lhsContext, lhs.span));
    const current = indices.length === 0 ? whole : lowerIndex(whole, indices, lhs.span, lhsContext, `'${name}'`, (frame) => frame.slots[slot] as LocalVariable, readSite(lhsContext, lhs.span));
    const selected = current.type;
    const assigned = op === '=' ? value : compound(op, current, value, lhs.span, lhsContext);
    if (!assignable(selected, assigned.type)) {
      const place = indices.length === 0 ? `'${name}' is` : `${quoteSource(statement.assign)} is`;
      throw new CheckError(`${place} ${withArticle(selected)}, but the value${op === '=' ? '' : ` of '${op}'`} is ${withArticle(assigned.type)}${conversionHint(selected, assigned.type)}`, lhs.span);
    }
    if (indices.length === 0) {
      const compute = assigned.evaluate;
      return (frame: Frame) => {
        (frame.slots[slot] as LocalVariable).assign(compute(frame));
        return NEXT;
      };
    }
    return elementAssignment(name, slot, indices, assigned, shapeOfType(binding.type!).length);
  });
}

/** The variable read whole (for `x op= v` and as the base of an indexed read). */
function variableRead(type: SpecType, slot: number, site: ReadSite | undefined): Lowered {
  return { type, evaluate: (frame) => (frame.slots[slot] as LocalVariable).read(frame.unassigned, site), constant: false, invariant: false };
}

function lowerIndexExpr(index: IndexExpr, context: StatementContext): LoweredIndex {
  if (index.kind === 'single') return classifyIndex(lowerExpression(index.expr, context), index.expr.span);
  const end = (e: Expr | null): Lowered | null => {
    if (e === null) return null;
    const b = lowerExpression(e, context);
    if (b.type.kind !== 'int') throw new CheckError(`the ends of a range must be ints, but this is ${withArticle(b.type)}`, e.span);
    return b;
  };
  return { kind: 'range', start: end(index.start), end: end(index.end), span: index.span };
}

/** `x op= v` is `x = x op v`, checked as that expression (never folded: the variable changes as statements run). */
function compound(op: Exclude<AssignOperator, '='>, current: Lowered, value: Lowered, span: { start: number; end: number }, context: StatementContext): Lowered {
  const binary = op.slice(0, -1) as '+' | '-' | '*' | '/' | '.*' | './';
  return lowerBinary(binary, current, value, span, context);
}

/** Writes a selection of a variable: one cell, a contiguous run, or cells at offsets. */
function elementAssignment(name: string, slot: number, indices: readonly LoweredIndex[], value: Lowered, rank: number): Executor {
  const compute = value.evaluate;
  const describe = (): string => `assignment to '${name}'`;
  if (indices.length === rank && indices.every((i) => i.kind === 'single')) {
    // One element (x[t] = ... in a recursion): its offset, nothing allocated.
    return (frame: Frame) => {
      const local = frame.slots[slot] as LocalVariable;
      local.assignElement(leadingOffset(indices, local.shape, frame, describe), compute(frame));
      return NEXT;
    };
  }
  return (frame: Frame) => {
    const local = frame.slots[slot] as LocalVariable;
    const resolved = resolveIndices(indices, local.shape, frame, describe);
    const shape = selectedShape(resolved, local.shape);
    const v = compute(frame);
    const count = shape.reduce((a, b) => a * b, 1);
    const given = shapeOf(v);
    if (given.reduce((a, b) => a * b, 1) !== count || (given.length > 0 && given.length !== shape.length)) {
      throw new EvaluationError(`${describe()}: the selection has shape ${formatShape(shape)}, but the value has shape ${formatShape(given)}`);
    }
    const run = contiguousRun(resolved, local.shape);
    if (shape.length === 0) local.assignElement(run!.start, v);
    else {
      const values = count === 0 ? [] : unstack(reshape(v, [count]));
      if (run !== undefined) local.assignRun(run.start, values);
      else local.assignAt(selectedOffsets(resolved, local.shape), values);
    }
    return NEXT;
  };
}

