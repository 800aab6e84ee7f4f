import type { Value } from '../../ad/trace.js';
import type { Target } from '../../models/api/target.js';
import { formatCount, raiseHint, type Limits } from '../../models/api/limits.js';
import { distributionFunctionNames } from './distribution-calls.js';
import { formatPath } from './errors.js';
import type { IssueList, JsonPath } from './issues.js';
import { EvaluationError } from './local-variable.js';
import type { Frame } from './scope.js';
import { definitionsOf, type FunctionDefinition, type FunctionEntry, type ReturnType } from './schema-functions.js';
import { NESTED_LISTS, type Statement } from './schema-statements.js';
import type { SpecFunction } from './functions/index.js';
import { RETURN, runAll, type Executor } from './statement-flow.js';
import { INT, REAL, arrayDims, arrayType, elementType, isInteger, matrixType, rowVectorType, vectorType, type ElementType, type SpecType } from './types.js';

// User-defined functions (Stan's functions block) as the checker and the evaluator see
// them: a signature per function, resolved before any body is lowered (so that a body may
// call any function, itself included: recursion, and Stan's forward declarations, need no
// order), and a call that runs the lowered body in a frame of its own. A call is evaluated
// as it stands while the model is traced, so its ops land on the tape like the model
// block's own; control flow that reads a parameter's value goes through `primal`, which
// marks the recording value-dependent exactly as an `if` in the model block does.

/** What the suffix of its name makes a function, as in Stan. */
export type FunctionKind = 'plain' | 'density' | 'rng' | 'lp';

export interface FunctionArgumentType {
  readonly name: string;
  readonly type: SpecType;
  /** Stan's `data` qualifier. */
  readonly data: boolean;
}

/** A user-defined function: its signature, and (once lowered) its body. */
export interface UserFunction {
  readonly name: string;
  /** `functions.f`, or `functions.f[k]` for the k-th overload. */
  readonly path: JsonPath;
  /** The body as the spec gives it. */
  readonly statements: readonly Statement[];
  readonly args: readonly FunctionArgumentType[];
  readonly returns: SpecType | 'void';
  readonly kind: FunctionKind;
  /**
   * Its body prints, itself or through a function it calls: then a call is never computed
   * ahead (folded or hoisted out of a loop), so that it prints at every call, as in Stan.
   */
  readonly prints: boolean;
  /** Filled when the body is lowered: a call lowered before (a recursive one) reads it at run time. */
  body: FunctionBody | undefined;
}

export interface FunctionBody {
  readonly executors: readonly Executor[];
  /** The frame slots of the arguments, in order. */
  readonly argumentSlots: readonly number[];
  readonly slotCount: number;
  readonly cacheCount: number;
}

/** The spec's functions by name: one definition, or the overloads of the name. */
export type UserFunctions = ReadonlyMap<string, readonly UserFunction[]>;

const ELEMENTS: Readonly<Record<string, ElementType>> = { int: INT, real: REAL, vector: vectorType(null), row_vector: rowVectorType(null), matrix: matrixType(null, null) };

/** An unsized type: sizes are unknown (null) in a signature, as Stan's function types carry none. */
function unsized(type: string, array: number | undefined): SpecType {
  return arrayType(new Array<null>(array ?? 0).fill(null), ELEMENTS[type]!);
}

function returnType(returns: ReturnType): SpecType | 'void' {
  if (returns === 'void') return 'void';
  return typeof returns === 'string' ? unsized(returns, undefined) : unsized(returns.type, returns.array);
}

function kindOf(name: string): FunctionKind {
  if (/_(lpdf|lpmf)$/.test(name)) return 'density';
  if (name.endsWith('_rng')) return 'rng';
  if (name.endsWith('_lp')) return 'lp';
  return 'plain';
}

/** `'foo' (real x, data vector y)`: a function and its arguments, for messages. */
export function describeSignature(f: UserFunction): string {
  return `${f.name}(${f.args.map((a) => `${a.data ? 'data ' : ''}${formatArgumentType(a.type)} ${a.name}`).join(', ')})`;
}

/** An unsized type as Stan writes it: `vector`, `array[,] real`. */
export function formatArgumentType(t: SpecType | 'void'): string {
  if (t === 'void') return 'void';
  const dims = arrayDims(t).length;
  const element = elementType(t).kind;
  return dims === 0 ? element : `array[${','.repeat(dims - 1)}] ${element}`;
}

/** Why a name cannot be a user function's, or undefined. */
function nameProblem(name: string, builtIn: (name: string) => SpecFunction | undefined): string | undefined {
  if (builtIn(name) !== undefined || distributionFunctionNames().includes(name) || name === 'reduce_sum' || name === 'reduce_sum_static') {
    return `'${name}' is a built-in function, and a user-defined function cannot take a built-in's name (Stan's rule); rename it, e.g. 'my_${name}'`;
  }
  if (/_(lupdf|lupmf)$/.test(name)) return `define '${name.replace('_lup', '_lp')}' instead: Stan's unnormalised form ${name} is the same function, called by that name`;
  if (name.endsWith('_log')) return `the _log suffix of densities was removed in Stan 2.33; name it '${name.replace(/_log$/, '_lpdf')}' (or _lpmf for an int outcome)`;
  return undefined;
}

/** Whether statements print (print, at any depth). */
function printsDirectly(statements: readonly Statement[]): boolean {
  const stack: unknown[] = [...statements];
  while (stack.length > 0) {
    const s = stack.pop() as Record<string, unknown>;
    if ('print' in s) return true;
    for (const key of NESTED_LISTS) if (Array.isArray(s[key])) stack.push(...(s[key] as unknown[]));
  }
  return false;
}

/** The functions that print, directly or through the functions they call (a fixpoint over the calls their texts hold). */
function printingFunctions(definitions: Readonly<Record<string, FunctionEntry>>): Set<string> {
  const bodies = (name: string): FunctionDefinition['body'][] => definitionsOf(name, definitions[name]!).map((d) => d.definition.body);
  const calls = new Map(Object.keys(definitions).map((name) => [name, new Set(Array.from(JSON.stringify(bodies(name)).matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/g), (m) => m[1]!))]));
  const printing = new Set(Object.keys(definitions).filter((name) => bodies(name).some(printsDirectly)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, called] of calls) {
      if (printing.has(name) || ![...called].some((c) => printing.has(c))) continue;
      printing.add(name);
      grew = true;
    }
  }
  return printing;
}

/** One definition's signature, checked (argument names, density rules); problems go to `issues`. */
function signatureOf(name: string, definition: FunctionDefinition, path: JsonPath, prints: boolean, issues: IssueList): UserFunction {
  const seen = new Set<string>();
  definition.args.forEach((a, k) => {
    if (seen.has(a.name)) issues.add([...path, 'args', k, 'name'], `'${a.name}' names two arguments of '${name}'; every argument needs its own name`);
    seen.add(a.name);
  });
  const f: UserFunction = {
    name,
    path,
    statements: definition.body,
    args: definition.args.map((a) => ({ name: a.name, type: unsized(a.type, a.array), data: a.data === true })),
    returns: returnType(definition.returns),
    kind: kindOf(name),
    prints,
    body: undefined,
  };
  const first = f.args[0]?.type;
  if (f.kind === 'density' && (f.returns === 'void' || f.returns.kind !== 'real')) {
    issues.add([...path, 'returns'], `'${name}' is a density (its name ends in _${name.slice(-4)}), so it returns a real: the log density`);
  } else if (f.kind === 'density' && first === undefined) {
    issues.add([...path, 'args'], `'${name}' is a density: its first argument is the outcome (y in y ~ ${name.slice(0, -5)}(...))`);
  } else if (name.endsWith('_lpmf') && first !== undefined && !isInteger(first)) {
    issues.add([...path, 'args', 0], `'${name}' is a mass function (_lpmf): its outcome must be an int or ints; for a real outcome name it ${name.replace(/_lpmf$/, '_lpdf')}`);
  }
  return f;
}

/** Every function's signature (every overload's), checked; problems go to `issues`. */
export function resolveSignatures(definitions: Readonly<Record<string, FunctionEntry>>, builtIn: (name: string) => SpecFunction | undefined, issues: IssueList): Map<string, UserFunction[]> {
  const functions = new Map<string, UserFunction[]>();
  const printing = printingFunctions(definitions);
  for (const [name, entry] of Object.entries(definitions)) {
    const problem = nameProblem(name, builtIn);
    if (problem !== undefined) issues.add(['functions', name], problem);
    const overloads = definitionsOf(name, entry).map(({ definition, path }) => signatureOf(name, definition, path, printing.has(name), issues));
    // A second definition of the same argument types is reported and left out (calls see the first).
    const distinct = overloads.filter((f, k) => {
      const same = overloads.findIndex((g) => describeTypes(g) === describeTypes(f));
      if (same < k) issues.add(f.path, `'${name}' is defined twice with the argument types (${describeTypes(f)}), at ${formatPath(overloads[same]!.path)} and here; overloads differ in their argument types`);
      return same === k;
    });
    if (problem === undefined) functions.set(name, distinct);
  }
  return functions;
}

/** `real, vector`: the argument types of a signature. */
export function describeTypes(f: UserFunction): string {
  return f.args.map((a) => formatArgumentType(a.type)).join(', ');
}

/** The target of a call outside the model block: nothing may be added to it (the checker allows _lp calls only there). */
const NO_TARGET: Target = Object.freeze({
  add(): void {
    throw new EvaluationError('a user-defined function added to the log density outside the model block');
  },
  sample(): void {
    throw new EvaluationError('a user-defined function added to the log density outside the model block');
  },
  get total(): Value {
    throw new EvaluationError('target() read outside the model block');
  },
});

/**
 * Calls `f` with argument values: a fresh frame (its own slots and loop-invariant cache,
 * so recursion is safe), sharing the caller's loop counter, random stream, print sink and
 * target. Calls nest at most `limits.maxDepth` deep: a recursion that does not end is an
 * error naming the function, never a stack overflow.
 */
export function invoke(f: UserFunction, values: readonly Value[], caller: Frame, target: Target | undefined, limits: Limits): Value | undefined {
  const body = f.body;
  if (body === undefined) throw new EvaluationError(`'${f.name}' was called before its body could be checked`, f.path);
  const depth = (caller.depth ?? 0) + 1;
  if (depth > limits.maxDepth) {
    throw new EvaluationError(
      `${formatPath(f.path)}: calls of user-defined functions nest ${formatCount(depth)} deep here, above the limit of ${formatCount(limits.maxDepth)} (a recursion that does not end?); ${raiseHint('maxDepth')}`,
      f.path,
    );
  }
  const slots = new Array(body.slotCount);
  for (let k = 0; k < values.length; k++) slots[body.argumentSlots[k]!] = values[k];
  const returned: { value: Value | undefined } = { value: undefined };
  const frame: Frame = {
    slots,
    cache: new Array<Value | undefined>(body.cacheCount),
    loops: caller.loops ?? { iterations: 0 },
    depth,
    returned,
    ...(caller.rng === undefined ? {} : { rng: caller.rng }),
    ...(caller.print === undefined ? {} : { print: caller.print }),
    unassigned: caller.unassigned,
    ...(target === undefined ? {} : { target }),
  };
  let flow;
  try {
    flow = runAll(body.executors, frame, target ?? NO_TARGET);
  } catch (error) {
    // With a raised depth limit JavaScript's stack may end first: the same error, not a crash
    // (made where the stack has unwound enough to make it, if not at the innermost call).
    // Tested without a regular expression: compiling one at the stack's edge fails too.
    if (!(error instanceof RangeError && error.message.includes('call stack'))) throw error;
    throw new EvaluationError(
      `${formatPath(f.path)}: calls of user-defined functions nest ${formatCount(depth)} deep here, deeper than JavaScript's stack holds (a recursion that does not end?); lower --limits depth=N (the option limits.maxDepth in code) to stop it sooner`,
      f.path,
    );
  }
  if (f.returns !== 'void' && (flow !== RETURN || returned.value === undefined)) {
    throw new EvaluationError(`${formatPath(f.path)}: '${f.name}' ended without returning a value`, f.path);
  }
  return returned.value;
}
