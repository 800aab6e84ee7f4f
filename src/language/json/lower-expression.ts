import { stack } from '../../ad/ops/shape.js';
import type { Value } from '../../ad/trace.js';
import type { Expr, IndexExpr, Span } from './ast.js';
import { lowerDistributionFunction, distributionFunctionNames } from './distribution-calls.js';
import { nearest as nearestFunction } from './errors.js';
import { SPEC_FUNCTIONS, type SpecFunction } from './functions/index.js';
import { arrayCall } from './array-calls.js';
import { ARGUMENT_RULES, FUNCTION_OVERRIDES } from './call-rules.js';
import { classifyIndex, lowerIndex, type LoweredIndex } from './indexing.js';
import type { LocalVariable, ReadSite } from './local-variable.js';
import { CheckError, PoisonedError, checkRuntimeSize, leaf, lowered, type Folding, type Lowered } from './lowered.js';
import { FlatChain, NESTED_CHAIN, isTrue, lowerBinary, lowerNegate, lowerNot, lowerTranspose } from './operators.js';
import type { Frame, Scope } from './scope.js';
import { findUserFunction, lowerReduceSum, lowerUserCall } from './user-calls.js';
import type { UserFunctions } from './user-functions.js';
import {
  INT,
  REAL,
  arrayDims,
  arrayType,
  elementCount,
  elementType,
  formatType,
  isArray,
  isScalar,
  matrixType,
  rowVectorType,
  shapesAgree,
  sizesAgree,
  toReal,
  vectorType,
  withArticle,
  type ElementType,
  type Size,
  type SpecType,
} from './types.js';

/** What lowering an expression needs to know about where it is. */
export interface LowerContext extends Folding {
  readonly scope: Scope;
  /** `_rng` functions are allowed (generated quantities only, as in Stan). */
  readonly allowRng: boolean;
  /** The spec's user-defined functions by name (user-functions.ts). */
  readonly functions?: UserFunctions | undefined;
  /** `_lp` functions may be called (the model block and the bodies of _lp functions). */
  readonly allowTarget?: boolean | undefined;
  /** The text and JSON path of the expression being lowered: where its reads of locals are reported. */
  readonly expression?: { readonly source: string; readonly path: readonly (string | number)[] } | undefined;
}

/** The place of a read at `span` of the expression being lowered, if it is known. */
export function readSite(context: LowerContext, span: Span): ReadSite | undefined {
  const expression = context.expression;
  return expression === undefined ? undefined : { path: expression.path, source: expression.source, span };
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
      return lowerRowVectorLiteral(e.elements, e.span, context);
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
    if (findFunction(name) !== undefined || findUserFunction(name, context) !== undefined) throw new CheckError(`'${name}' is a function; call it as ${name}(...)`, span);
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
  if (binding.local) {
    const site = readSite(context, span);
    return leaf(type, (frame) => (frame.slots[slot] as LocalVariable).read(frame.unassigned, site), false, false);
  }
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
    if (binding?.local === true && binding.slot !== undefined) {
      const slot = binding.slot;
      local = (frame) => frame.slots[slot] as LocalVariable;
    }
  }
  return lowerIndex(target, lowered, span, context, describe, local, readSite(context, span));
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

/**
 * Stan's `[a, b, c]` (the Stan front end): a row vector of scalars, or a matrix whose rows are
 * the given row vectors. (JSON specs' `[ ]` is a column vector: see lowerLiteral.)
 */
function lowerRowVectorLiteral(elements: readonly Expr[], span: Span, context: LowerContext): Lowered {
  if (elements.length === 0) throw new CheckError('an empty row-vector literal [] has no size; use rep_row_vector(0, 0)', span);
  const parts = elements.map((x) => lowerExpression(x, context));
  const evaluate = (frame: Frame): Value => stack(parts.map((p) => p.evaluate(frame)));
  if (parts.every((p) => isScalar(p.type))) return lowered(rowVectorType(parts.length), evaluate, parts, context, span);
  const first = parts[0]!.type;
  const bad = parts.findIndex((p) => p.type.kind !== 'row_vector' || first.kind !== 'row_vector' || !sizesAgree(p.type.size, first.size));
  if (bad >= 0) {
    throw new CheckError(`a row-vector literal holds scalars (or, for a matrix, row vectors of one size), but element ${bad + 1} is ${withArticle(parts[bad]!.type)}`, elements[bad]!.span);
  }
  return lowered(matrixType(parts.length, (first as { size: Size }).size), evaluate, parts, context, span);
}

/** Stan's array literal `{a, b, c}`: an array of the elements' common type (ints are promoted to reals when any element is real). */
function lowerArrayLiteral(elements: readonly Expr[], span: Span, context: LowerContext): Lowered {
  if (elements.length === 0) throw new CheckError('an empty array literal {} has no size; use rep_array(0, 0)', span);
  const parts = elements.map((x) => lowerExpression(x, context));
  let common: SpecType = parts[0]!.type;
  for (let k = 1; k < parts.length; k++) {
    const next = commonType(common, parts[k]!.type);
    if (next === undefined) {
      throw new CheckError(`the elements of an array literal must have one type, but element 1 is ${withArticle(parts[0]!.type)} and element ${k + 1} is ${withArticle(parts[k]!.type)}`, elements[k]!.span);
    }
    common = next;
  }
  return lowered(arrayType([parts.length], common), (frame) => stack(parts.map((p) => p.evaluate(frame))), parts, context, span);
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

/** The type both of two types convert to (int to real, also inside arrays; int array to vector), if any. */
export function commonType(a: SpecType, b: SpecType): SpecType | undefined {
  if (a.kind === b.kind) {
    if (a.kind === 'int' || a.kind === 'real') return a;
    if (a.kind === 'array' && b.kind === 'array') {
      const element = shapesAgree(a.dims, b.dims) ? commonType(a.element, b.element) : undefined;
      return element === undefined || isArray(element) ? undefined : arrayType(a.dims.map((d, k) => d ?? b.dims[k]!), element);
    }
    if ('size' in a && 'size' in b) return sizesAgree(a.size, b.size) ? a : undefined;
    if (a.kind === 'matrix' && b.kind === 'matrix') return sizesAgree(a.rows, b.rows) && sizesAgree(a.cols, b.cols) ? a : undefined;
  }
  // array[N] int and array[N] real: the ints promote (int_array and array differ in kind only).
  if (isArray(a) && isArray(b) && elementType(a).kind !== elementType(b).kind) {
    const [ra, rb] = [arrayType(arrayDims(a), toRealElement(elementType(a))), arrayType(arrayDims(b), toRealElement(elementType(b)))];
    return ra.kind === 'array' && rb.kind === 'array' ? commonType(ra, rb) : undefined;
  }
  const [ra, rb] = [toReal(a), toReal(b)];
  return ra.kind === rb.kind && (ra.kind !== a.kind || rb.kind !== b.kind) ? commonType(ra, rb) : undefined;
}

const toRealElement = (t: ElementType): ElementType => (t.kind === 'int' ? REAL : t);

/** The built-in function of a name: an override (array-calls.ts, call-rules.ts), else the library's. */
export function findFunction(name: string): SpecFunction | undefined {
  return FUNCTION_OVERRIDES.get(name) ?? SPEC_FUNCTIONS.get(name);
}

function lowerCall(e: Extract<Expr, { kind: 'call' }>, context: LowerContext): Lowered {
  if (e.callee === 'reduce_sum' || e.callee === 'reduce_sum_static') return lowerReduceSum(e, context, (x) => lowerExpression(x, context));
  const args = e.args.map((a) => lowerExpression(a, context));
  const viaUser = lowerUserCall(e, args, context);
  if (viaUser !== undefined) return viaUser;
  const viaDistribution = lowerDistributionFunction(e, args, context);
  if (viaDistribution !== undefined) return viaDistribution;
  const f = findFunction(e.callee);
  if (f === undefined) {
    const binding = context.scope.lookup(e.callee);
    if (binding !== undefined) throw new CheckError(`'${e.callee}' is a ${binding.role}, not a function; index it with [ ] instead of ( )`, e.calleeSpan);
    const known = [...SPEC_FUNCTIONS.keys(), ...FUNCTION_OVERRIDES.keys(), ...distributionFunctionNames(), ...(context.functions?.keys() ?? [])];
    const suggestion = nearestFunction(e.callee, known);
    throw new CheckError(`unknown function '${e.callee}'${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`, e.calleeSpan);
  }
  if (e.bar) throw new CheckError(`'|' separates the outcome of a density function (normal_lpdf(y | mu, sigma)); ${e.callee} takes its arguments separated by commas`, e.span);
  const argumentInfo = args.map((a) => ({ type: a.type, value: a.constant && context.foldable ? a.evaluate({ slots: [] }) : undefined }));
  const extra = ARGUMENT_RULES.get(e.callee)?.(argumentInfo);
  if (extra !== undefined) throw new CheckError(extra, e.span);
  const viaArrays = arrayCall(f, argumentInfo);
  const checkedCall = viaArrays ?? f.check(argumentInfo);
  if (typeof checkedCall === 'string') throw new CheckError(checkedCall, e.span);
  const [result, kernel] = 'kernel' in checkedCall ? [checkedCall.type, checkedCall.kernel] : [checkedCall, f.kernel];
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
        return kernel(values, types);
      },
      args,
      context,
      e.span,
    );
  }
  return lowered(result, (frame) => kernel(evaluators.map((g) => g(frame)), types), args, context, e.span);
}
