import { stack } from '../../ad/ops/shape.js';
import type { Value } from '../../ad/trace.js';
import type { Expr, IndexExpr, Span } from './ast.js';
import { lowerDistributionFunction, distributionFunctionNames } from './distribution-calls.js';
import { nearest as nearestFunction } from './errors.js';
import { SPEC_FUNCTIONS } from './functions/index.js';
import { classifyIndex, lowerIndex, type LoweredIndex } from './indexing.js';
import type { LocalVariable } from './local-variable.js';
import { CheckError, PoisonedError, checkRuntimeSize, leaf, lowered, type Folding, type Lowered } from './lowered.js';
import { FlatChain, NESTED_CHAIN, isTrue, lowerBinary, lowerNegate, lowerNot, lowerTranspose } from './operators.js';
import type { Frame, Scope } from './scope.js';
import { INT, REAL, elementCount, formatType, intArrayType, isScalar, matrixType, sizesAgree, toReal, vectorType, withArticle, type SpecType } from './types.js';

/** What lowering an expression needs to know about where it is. */
export interface LowerContext extends Folding {
  readonly scope: Scope;
  /** `_rng` functions are allowed (generated quantities only, as in Stan). */
  readonly allowRng: boolean;
}

/** Checks an expression tree and turns it into a closure over leapfrog's ops. Throws CheckError. */
export function lowerExpression(e: Expr, context: LowerContext): Lowered {
  switch (e.kind) {
    case 'number':
      return leaf(e.integer ? INT : REAL, () => e.value, true, true);
    case 'name':
      return lowerName(e.name, e.span, context);
    case 'negate':
      return lowerNegate(lowerExpression(e.operand, context), e.span, context);
    case 'not':
      return lowerNot(lowerExpression(e.operand, context), e.span, context);
    case 'transpose':
      return lowerTranspose(lowerExpression(e.operand, context), e.span, context);
    case 'binary':
      return lowerBinaryChain(e, context);
    case 'conditional':
      return lowerConditional(e, context);
    case 'call':
      return lowerCall(e, context);
    case 'index':
      return lowerIndexExpression(e.target, e.indices, e.span, context);
    case 'vector':
      return lowerLiteral(e.elements, e.span, context);
    case 'rowVector':
      // Only the Stan front end writes row-vector literals; its lowering comes with the Stan integration.
      throw new CheckError('row-vector literals are not supported in model specs yet', e.span);
    case 'array':
      return lowerArrayLiteral(e.elements, e.span, context);
  }
}

/**
 * A binary node and every binary node down its left side (`a + b - c * d` parses as
 * ((a + b) - (c * d))): the parser builds such chains with a loop, so they may be long; they
 * are walked here with a loop too, and only the right operands recurse.
 */
function lowerBinaryChain(e: Extract<Expr, { kind: 'binary' }>, context: LowerContext): Lowered {
  const spine: Extract<Expr, { kind: 'binary' }>[] = [];
  let leftmost: Expr = e;
  while (leftmost.kind === 'binary') {
    spine.push(leftmost);
    leftmost = leftmost.left;
  }
  let left = lowerExpression(leftmost, context);
  if (spine.length <= NESTED_CHAIN) {
    for (let k = spine.length - 1; k >= 0; k--) left = lowerBinary(spine[k]!.op, left, lowerExpression(spine[k]!.right, context), spine[k]!.span, context);
    return left;
  }
  const chain = new FlatChain(left);
  for (let k = spine.length - 1; k >= 0; k--) chain.link(spine[k]!.op, lowerExpression(spine[k]!.right, context), spine[k]!.span, context.limits);
  return chain.lower(e.span, context);
}

function lowerName(name: string, span: Span, context: LowerContext): Lowered {
  const binding = context.scope.lookup(name);
  if (binding === undefined) {
    if (SPEC_FUNCTIONS.has(name)) throw new CheckError(`'${name}' is a function; call it as ${name}(...)`, span);
    throw new CheckError(context.scope.unknownNameMessage(name), span);
  }
  if (binding.type === null) throw new PoisonedError();
  const type = binding.type;
  if (binding.slot === undefined) {
    const value = binding.constant;
    const evaluate = (): Value => {
      if (value === undefined) throw new CheckError(`the value of '${name}' is not known without data`, span);
      return value;
    };
    return leaf(type, evaluate, true, true);
  }
  const slot = binding.slot;
  if (binding.role === 'local variable') return leaf(type, (frame) => (frame.slots[slot] as LocalVariable).read(), false, false);
  // Parameters and derived quantities do not change during an evaluation; loop variables do.
  return leaf(type, (frame) => frame.slots[slot] as Value, false, binding.role !== 'loop variable');
}

function lowerIndexExpression(targetExpr: Expr, indices: readonly IndexExpr[], span: Span, context: LowerContext): Lowered {
  const target = lowerExpression(targetExpr, context);
  const lowered: LoweredIndex[] = indices.map((index) => {
    if (index.kind === 'single') return classifyIndex(lowerExpression(index.expr, context), index.expr.span);
    const end = (bound: Expr | null): Lowered | null => {
      if (bound === null) return null;
      const b = lowerExpression(bound, context);
      if (b.type.kind !== 'int') throw new CheckError(`the ends of a range must be ints, but this is ${withArticle(b.type)}`, bound.span);
      return b;
    };
    return { kind: 'range', start: end(index.start), end: end(index.end), span: index.span };
  });
  let local: ((frame: Frame) => LocalVariable) | undefined;
  let describe = 'the indexed value';
  if (targetExpr.kind === 'name') {
    describe = `'${targetExpr.name}'`;
    const binding = context.scope.lookup(targetExpr.name);
    if (binding?.role === 'local variable' && binding.slot !== undefined) {
      const slot = binding.slot;
      local = (frame) => frame.slots[slot] as LocalVariable;
    }
  }
  return lowerIndex(target, lowered, span, context, describe, local);
}

/** `[a, b, c]` (scalars): a vector; `[[a, b], [c, d]]` (vectors of one size): a matrix by rows. */
function lowerLiteral(elements: readonly Expr[], span: Span, context: LowerContext): Lowered {
  if (elements.length === 0) throw new CheckError('an empty vector literal [] has no size; use rep_vector(0, 0)', span);
  const parts = elements.map((x) => lowerExpression(x, context));
  const evaluate = (frame: Frame): Value => stack(parts.map((p) => p.evaluate(frame)));
  if (parts.every((p) => isScalar(p.type))) return lowered(vectorType(parts.length), evaluate, parts, context, span);
  const first = parts[0]!.type;
  if (first.kind === 'vector' || first.kind === 'row_vector') {
    for (let k = 1; k < parts.length; k++) {
      const t = parts[k]!.type;
      if ((t.kind !== 'vector' && t.kind !== 'row_vector') || !sizesAgree(t.size, first.size)) {
        throw new CheckError(`the rows of a matrix literal must be vectors of one size, but row 1 is ${withArticle(first)} and row ${k + 1} is ${withArticle(t)}`, elements[k]!.span);
      }
    }
    return lowered(matrixType(parts.length, first.size), evaluate, parts, context, span);
  }
  const bad = parts.findIndex((p) => !isScalar(p.type));
  throw new CheckError(`a vector literal holds scalars (or, for a matrix, rows of one size), but element ${bad + 1} is ${withArticle(parts[bad]!.type)}`, elements[bad]!.span);
}

/** `{1, 3, 4}`: an int array; with any real element, a vector (spec arrays of reals are vectors). */
function lowerArrayLiteral(elements: readonly Expr[], span: Span, context: LowerContext): Lowered {
  if (elements.length === 0) throw new CheckError('an empty array literal {} has no size; use rep_array(0, 0)', span);
  const parts = elements.map((x) => lowerExpression(x, context));
  const bad = parts.findIndex((p) => !isScalar(p.type));
  if (bad >= 0) throw new CheckError(`an array literal holds scalars, but element ${bad + 1} is ${withArticle(parts[bad]!.type)}`, elements[bad]!.span);
  const type = parts.every((p) => p.type.kind === 'int') ? intArrayType(parts.length) : vectorType(parts.length);
  return lowered(type, (frame) => stack(parts.map((p) => p.evaluate(frame))), parts, context, span);
}

function lowerConditional(e: Extract<Expr, { kind: 'conditional' }>, context: LowerContext): Lowered {
  const condition = lowerExpression(e.condition, context);
  if (condition.type.kind !== 'int') {
    throw new CheckError(`the condition of '? :' must be an int (a comparison such as a > 0), but is ${withArticle(condition.type)}`, e.condition.span);
  }
  const [ifTrue, ifFalse] = [lowerExpression(e.ifTrue, context), lowerExpression(e.ifFalse, context)];
  const type = commonType(ifTrue.type, ifFalse.type);
  if (type === undefined) {
    throw new CheckError(`the branches of '? :' must have one type, but are ${formatType(ifTrue.type)} and ${formatType(ifFalse.type)}`, e.span);
  }
  const [c, t, f] = [condition.evaluate, ifTrue.evaluate, ifFalse.evaluate];
  return lowered(type, (frame) => (isTrue(c(frame)) ? t(frame) : f(frame)), [condition, ifTrue, ifFalse], context, e.span);
}

/** The type both of two types convert to (int to real, int array to vector), if any. */
export function commonType(a: SpecType, b: SpecType): SpecType | undefined {
  if (a.kind === b.kind) {
    if (a.kind === 'int' || a.kind === 'real') return a;
    if ('size' in a && 'size' in b) return sizesAgree(a.size, b.size) ? a : undefined;
    if (a.kind === 'matrix' && b.kind === 'matrix') return sizesAgree(a.rows, b.rows) && sizesAgree(a.cols, b.cols) ? a : undefined;
  }
  const [ra, rb] = [toReal(a), toReal(b)];
  return ra.kind === rb.kind && (ra.kind !== a.kind || rb.kind !== b.kind) ? commonType(ra, rb) : undefined;
}

function lowerCall(e: Extract<Expr, { kind: 'call' }>, context: LowerContext): Lowered {
  const args = e.args.map((a) => lowerExpression(a, context));
  const viaDistribution = lowerDistributionFunction(e, args, context);
  if (viaDistribution !== undefined) return viaDistribution;
  const f = SPEC_FUNCTIONS.get(e.callee);
  if (f === undefined) {
    const binding = context.scope.lookup(e.callee);
    if (binding !== undefined) throw new CheckError(`'${e.callee}' is a ${binding.role}, not a function; index it with [ ] instead of ( )`, e.calleeSpan);
    const known = [...SPEC_FUNCTIONS.keys(), ...distributionFunctionNames()];
    const suggestion = nearestFunction(e.callee, known);
    throw new CheckError(`unknown function '${e.callee}'${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`, e.calleeSpan);
  }
  if (e.bar) throw new CheckError(`'|' separates the outcome of a density function (normal_lpdf(y | mu, sigma)); ${e.callee} takes its arguments separated by commas`, e.span);
  const result = f.check(args.map((a) => ({ type: a.type, value: a.constant && context.foldable ? a.evaluate({ slots: [] }) : undefined })));
  if (typeof result === 'string') throw new CheckError(result, e.span);
  const types = args.map((a) => a.type);
  const evaluators = args.map((a) => a.evaluate);
  const { allocates } = f;
  if (allocates !== undefined && elementCount(result) === null) {
    // The size is known only at run time: checked against the budget before allocating.
    const { limits } = context;
    return lowered(
      result,
      (frame) => {
        const values = evaluators.map((g) => g(frame));
        checkRuntimeSize(f.name, allocates(values), limits);
        return f.kernel(values, types);
      },
      args,
      context,
      e.span,
    );
  }
  return lowered(result, (frame) => f.kernel(evaluators.map((g) => g(frame)), types), args, context, e.span);
}
