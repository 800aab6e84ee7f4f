import { shapeOf, type Value } from '../../ad/trace.js';
import type { Expr, Span } from './ast.js';
import { assignable } from './assign.js';
import type { LowerContext } from './lower-expression.js';
import { CheckError, leaf, lowered, type Lowered } from './lowered.js';
import type { Frame, Scope } from './scope.js';
import { INT, isArray, isInteger, withArticle } from './types.js';
import { describeSignature, formatArgumentType, invoke, type UserFunction } from './user-functions.js';

// Calls of user-defined functions inside expressions: the checks of a call (where it may
// stand, how many arguments, their types, `data` arguments) and its lowering. A pure
// function of data is folded at compile time like a built-in; an _rng or _lp call never
// is (it draws, or adds to the log density, at each evaluation).

type CallExpr = Extract<Expr, { kind: 'call' }>;

/** The user function (its overloads) a call names: `foo_lupdf` is `foo_lpdf` called unnormalised (the same function here). */
export function findUserFunction(callee: string, context: LowerContext): readonly UserFunction[] | undefined {
  const functions = context.functions;
  if (functions === undefined) return undefined;
  return functions.get(callee) ?? functions.get(callee.replace(/_lup(df|mf)$/, '_lp$1'));
}

/**
 * The overload a call with arguments of these types runs: the one they convert to with the
 * fewest promotions (int to real, ...), as Stan picks; one definition is taken as it is (its
 * checks then say what does not fit). Throws CheckError when none fits or two fit equally.
 */
export function chooseOverload(overloads: readonly UserFunction[], args: readonly Lowered[], span: Span): UserFunction {
  if (overloads.length === 1) return overloads[0]!;
  const name = overloads[0]!.name;
  const given = args.map((a) => formatArgumentType(a.type)).join(', ');
  const fits = overloads
    .filter((f) => f.args.length === args.length && f.args.every((p, k) => assignable(p.type, args[k]!.type)))
    .map((f) => ({ f, promotions: f.args.filter((p, k) => formatArgumentType(p.type) !== formatArgumentType(args[k]!.type)).length }));
  const signatures = overloads.map((f) => describeSignature(f)).join(', ');
  if (fits.length === 0) throw new CheckError(`no definition of '${name}' takes (${given}); its definitions are ${signatures}`, span);
  const fewest = Math.min(...fits.map((c) => c.promotions));
  const best = fits.filter((c) => c.promotions === fewest);
  if (best.length > 1) throw new CheckError(`the call of '${name}' with (${given}) fits ${best.map((c) => describeSignature(c.f)).join(' and ')} equally well; convert an argument to choose one`, span);
  return best[0]!.f;
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
    // A range loop's index is an int; a loop over a container's elements (a real) may carry parameters.
    const intLoopIndex = binding?.role === 'loop variable' && binding.type !== null && isInteger(binding.type);
    return binding !== undefined && (binding.slot === undefined || binding.role === 'data argument' || intLoopIndex);
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
  const overloads = findUserFunction(e.callee, context);
  if (overloads === undefined) return undefined;
  const f = chooseOverload(overloads, args, e.span);
  if (f.returns === 'void') throw new CheckError(`'${f.name}' is a void function: it returns no value, so call it as a statement`, e.span);
  checkUserCall(f, args, e.args, e.span, e.calleeSpan, context);
  const returns = f.returns;
  const evaluators = args.map((a) => a.evaluate);
  const { limits } = context;
  const values = (frame: Frame): Value[] => evaluators.map((g) => g(frame));
  if (f.kind === 'rng' || f.kind === 'lp' || f.prints) {
    // Never folded nor hoisted: each evaluation draws anew, adds to the log density, or prints.
    const evaluate = (frame: Frame) => invoke(f, values(frame), frame, frame.target, limits)!;
    return { type: returns, evaluate, constant: false, invariant: false };
  }
  const evaluate = (frame: Frame) => invoke(f, values(frame), frame, undefined, limits)!;
  // A call inside a body lowered before its callee's cannot be computed now: never folded.
  if (f.body === undefined) return { type: returns, evaluate, constant: false, invariant: false };
  return lowered(returns, evaluate, args, context, e.span);
}

/**
 * Stan's `reduce_sum(f, x, grainsize, s...)`: the sum of f(x[a:b], a, b, s...) over slices
 * of the array x. Stan requires that sum not to depend on how x is sliced, so it equals one
 * call over the whole array, f(x, 1, size(x), s...), which is what runs here (leapfrog
 * evaluates a log density on one thread; the tape is the same). `reduce_sum_static` alike.
 */
export function lowerReduceSum(e: CallExpr, context: LowerContext, lowerArgument: (x: Expr) => Lowered): Lowered {
  const [named, sliced, grainsize, ...rest] = e.args;
  const usage = `${e.callee}(f, x, grainsize, ...) sums f(x[start:end], start, end, ...) over slices of the array x`;
  if (named?.kind !== 'name' || sliced === undefined || grainsize === undefined) throw new CheckError(`${usage}: give a user-defined function's name, the array and the grainsize first`, e.span);
  const overloads = findUserFunction(named.name, context);
  if (overloads === undefined) throw new CheckError(`${e.callee}: '${named.name}' is not a user-defined function; ${usage}`, named.span);
  const array = lowerArgument(sliced);
  if (!isArray(array.type)) throw new CheckError(`${e.callee} slices an array, but this is ${withArticle(array.type)}`, sliced.span);
  const grain = lowerArgument(grainsize);
  if (grain.type.kind !== 'int') throw new CheckError(`${e.callee}: the grainsize must be an int, but is ${withArticle(grain.type)}`, grainsize.span);
  if (grain.constant && context.foldable && !((grain.evaluate({ slots: [] }) as number) >= 1)) {
    throw new CheckError(`${e.callee}: the grainsize is ${String(grain.evaluate({ slots: [] }))}, but must be at least 1 (as in Stan)`, grainsize.span);
  }
  const others = rest.map(lowerArgument);
  const start = leaf(INT, () => 1, true, true);
  const end = lowered(INT, (frame) => shapeOf(array.evaluate(frame))[0]!, [array], context, sliced.span);
  const args = [array, start, end, ...others];
  const f = chooseOverload(overloads, args, e.span);
  if (f.kind === 'rng' || f.kind === 'lp' || f.returns === 'void' || f.returns.kind !== 'real') {
    throw new CheckError(`${e.callee}: '${f.name}' must return a real and neither draw (_rng) nor add to target (_lp)`, named.span);
  }
  if (f.args.length !== rest.length + 3) {
    throw new CheckError(`${e.callee}: '${f.name}' takes ${f.args.length} arguments, ${describeSignature(f)}: the slice, its start and end, then ${f.args.length - 3} more, but ${rest.length} ${rest.length === 1 ? 'is' : 'are'} given after the grainsize`, e.span);
  }
  checkUserCall(f, args, [sliced, undefined, undefined, ...rest], e.span, named.span, context);
  const evaluators = args.map((a) => a.evaluate);
  const { limits } = context;
  const evaluate = (frame: Frame): Value => invoke(f, evaluators.map((g) => g(frame)), frame, undefined, limits)!;
  if (f.body === undefined || f.prints) return { type: f.returns, evaluate, constant: false, invariant: false };
  return lowered(f.returns, evaluate, [array, grain, ...others], context, e.span);
}
