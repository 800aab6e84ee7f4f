import type { Value } from '../../ad/trace.js';
import type { Expr, Span } from './ast.js';
import { assignable } from './assign.js';
import type { LowerContext } from './lower-expression.js';
import { CheckError, lowered, type Lowered } from './lowered.js';
import type { Frame, Scope } from './scope.js';
import { isInteger, withArticle } from './types.js';
import { describeSignature, formatArgumentType, invoke, type UserFunction } from './user-functions.js';

// Calls of user-defined functions inside expressions: the checks of a call (where it may
// stand, how many arguments, their types, `data` arguments) and its lowering. A pure
// function of data is folded at compile time like a built-in; an _rng or _lp call never
// is (it draws, or adds to the log density, at each evaluation).

type CallExpr = Extract<Expr, { kind: 'call' }>;

/** The user function a call names: `foo_lupdf` is `foo_lpdf` called unnormalised (the same function here). */
export function findUserFunction(callee: string, context: LowerContext): UserFunction | undefined {
  const functions = context.functions;
  if (functions === undefined) return undefined;
  return functions.get(callee) ?? functions.get(callee.replace(/_lup(df|mf)$/, '_lp$1'));
}

/** The names an expression reads. */
function namesIn(e: Expr): string[] {
  const names: string[] = [];
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    switch (x.kind) {
      case 'number':
        break;
      case 'name':
        names.push(x.name);
        break;
      case 'negate':
      case 'not':
      case 'transpose':
        stack.push(x.operand);
        break;
      case 'binary':
        stack.push(x.left, x.right);
        break;
      case 'conditional':
        stack.push(x.condition, x.ifTrue, x.ifFalse);
        break;
      case 'call':
        stack.push(...x.args);
        break;
      case 'index':
        stack.push(x.target);
        for (const i of x.indices) {
          if (i.kind === 'single') stack.push(i.expr);
          else for (const end of [i.start, i.end]) if (end !== null) stack.push(end);
        }
        break;
      case 'vector':
      case 'rowVector':
      case 'array':
        stack.push(...x.elements);
        break;
    }
  }
  return names;
}

/**
 * Whether a value cannot depend on parameters (what Stan's `data` qualifier asks): it is
 * data-only, an int (ints never carry gradients), or reads only data and `data` arguments;
 * where nothing is differentiated (transformed data, generated quantities, _rng bodies:
 * where draws are allowed) every value is data, as in Stan.
 */
function isDataOnly(value: Lowered, expr: Expr | undefined, context: LowerContext): boolean {
  if (value.constant || isInteger(value.type) || context.allowRng) return true;
  if (expr === undefined) return false;
  const scope: Scope = context.scope;
  return namesIn(expr).every((name) => {
    const binding = scope.lookup(name);
    return binding !== undefined && (binding.slot === undefined || binding.role === 'data argument' || binding.role === 'loop variable');
  });
}

/**
 * Checks a call of `f` with lowered arguments; throws CheckError (`argument` is the
 * 0-based argument at fault). `exprs` are the arguments' trees, for their spans and the
 * `data` check.
 */
export function checkUserCall(f: UserFunction, args: readonly Lowered[], exprs: readonly (Expr | undefined)[], span: Span, calleeSpan: Span, context: LowerContext): void {
  if (f.kind === 'rng' && !context.allowRng) {
    throw new CheckError(`'${f.name}' draws random numbers, which only transformed data, generated quantities and _rng functions may do (as in Stan)`, calleeSpan);
  }
  if (f.kind === 'lp' && context.allowTarget !== true) {
    throw new CheckError(`'${f.name}' adds to the log density, which only the model block and _lp functions may do (Stan also allows transformed parameters; leapfrog does not yet: call it in the model block)`, calleeSpan);
  }
  if (args.length !== f.args.length) {
    const count = (n: number, verb: boolean): string => `${n} argument${n === 1 ? '' : 's'}${verb ? (n === 1 ? ' was' : ' were') : ''}`;
    throw new CheckError(`'${f.name}' takes ${count(f.args.length, false)}, ${describeSignature(f)}, but ${count(args.length, true)} given`, span);
  }
  args.forEach((a, k) => {
    const parameter = f.args[k]!;
    const where = exprs[k]?.span ?? span;
    if (!assignable(parameter.type, a.type)) {
      throw new CheckError(`argument ${k + 1} of '${f.name}' ('${parameter.name}') is ${formatArgumentType(parameter.type)}, but this is ${withArticle(a.type)}`, where, k);
    }
    if (parameter.data && !isDataOnly(a, exprs[k], context)) {
      throw new CheckError(`argument ${k + 1} of '${f.name}' ('${parameter.name}') is declared data, so it may not depend on parameters`, where, k);
    }
  });
}

/** Lowers `callee(args)` when the callee is a user-defined function; undefined otherwise. */
export function lowerUserCall(e: CallExpr, args: readonly Lowered[], context: LowerContext): Lowered | undefined {
  const f = findUserFunction(e.callee, context);
  if (f === undefined) return undefined;
  if (f.returns === 'void') throw new CheckError(`'${f.name}' is a void function: it returns no value, so call it as a statement`, e.span);
  checkUserCall(f, args, e.args, e.span, e.calleeSpan, context);
  const returns = f.returns;
  const evaluators = args.map((a) => a.evaluate);
  const { limits } = context;
  const values = (frame: Frame): Value[] => evaluators.map((g) => g(frame));
  if (f.kind === 'rng' || f.kind === 'lp') {
    // Never folded nor hoisted: each evaluation draws anew, or adds to the log density.
    const evaluate = (frame: Frame) => invoke(f, values(frame), frame, frame.target, limits)!;
    return { type: returns, evaluate, constant: false, invariant: false };
  }
  const evaluate = (frame: Frame) => invoke(f, values(frame), frame, undefined, limits)!;
  // A call inside a body lowered before its callee's cannot be computed now: never folded.
  if (f.body === undefined) return { type: returns, evaluate, constant: false, invariant: false };
  return lowered(returns, evaluate, args, context, e.span);
}
