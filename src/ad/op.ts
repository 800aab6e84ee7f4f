import { Box, innerOf, isRecording, noteRead, type OpContext, type OpDefinition, type VjpRule, type Primal, type TapeNode, type Trace, type Value } from './trace.js';

// The types of an op's declaration live in trace.ts, beside the tape nodes that refer to
// them, so that trace.ts imports nothing from here (no import cycle, not even of types).
export type { JvpRule, OpContext, OpDefinition, VjpAllRule, VjpRule } from './trace.js';

export function defineOp<O = undefined>(definition: OpDefinition<O>): OpDefinition<O> {
  return Object.freeze(definition);
}

export function argumentName(op: OpDefinition, argIndex: number): string {
  const named = op.argNames?.[argIndex];
  return named === undefined ? `argument ${argIndex}` : `argument ${argIndex} (${named})`;
}

function ruleFor<R>(rules: readonly (R | undefined)[] | R, op: OpDefinition, argIndex: number, mode: string): R {
  const rule = typeof rules === 'function' ? (rules as R) : (rules as readonly (R | undefined)[])[argIndex];
  if (rule === undefined) {
    throw new Error(`${mode} of '${op.name}' w.r.t. ${argumentName(op, argIndex)} is not defined`);
  }
  return rule;
}

export function vjpRule(op: OpDefinition, argIndex: number): VjpRule<unknown> {
  return ruleFor(op.vjp, op, argIndex, 'vjp');
}

/**
 * Applies an op to possibly traced arguments. The innermost live trace among the
 * arguments records the application (a tape node, or a tangent); the op is then applied
 * one level further out, recursively, until only plain values remain (autograd's
 * nested boxing). With no traced argument this is just the forward kernel.
 */
export function apply<O>(op: OpDefinition<O>, args: readonly Value[], options: O): Value {
  let top: Trace | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a instanceof Box && (top === null || a.trace.id > top.id)) top = a.trace;
  }
  if (top === null) return isRecording() ? forwardWhileRecording(op, args as readonly Primal[], options) : op.forward(args as readonly Primal[], options);
  if (top.closed) {
    throw new Error(
      `'${op.name}' was given a value traced by a grad/jvp call that has already returned ` +
        '(it escaped through a closure or a variable); compute with the returned plain values instead',
    );
  }
  const inner = unboxedArgs(args, top);
  const ans = apply(op, inner, options);
  return top.kind === 'reverse' ? recordReverse(top, op, args, inner, ans, options) : recordForward(top, op, args, inner, ans, options);
}

/**
 * An op's forward kernel while a gradient is recorded for replay. If it throws and the
 * model's code catches the error (`try { cholesky(m) } catch { ... }`), what the code does
 * next depends on the values that made it throw, which a replay would not see: the
 * recording is marked as value-dependent, as a read of a traced value is.
 */
function forwardWhileRecording<O>(op: OpDefinition<O>, args: readonly Primal[], options: O): Primal {
  try {
    return op.forward(args, options);
  } catch (error) {
    noteRead(`'${op.name}' threw an error while the gradient was recorded (the model may catch it)`);
    throw error;
  }
}

/** The argument one level out: this trace's box removed, anything else kept. */
function unboxed(a: Value, trace: Trace): Value {
  return a instanceof Box && a.trace === trace ? innerOf(a) : a;
}

function unboxedArgs(args: readonly Value[], trace: Trace): Value[] {
  // `new Array(n)`, not a literal `[a, b]`: V8 learns at this one allocation site that the
  // arrays hold numbers and objects and makes them all generic from then on, while a
  // literal of two numbers makes a double array. Mixed kinds turn the kernels' reads of
  // their arguments polymorphic: scalar code ran a third slower with literals.
  const inner = new Array<Value>(args.length);
  for (let i = 0; i < args.length; i++) inner[i] = unboxed(args[i]!, trace);
  return inner;
}

/** The argument's tape index in this trace, or -1 where it is not traced here. */
function parentOf(a: Value, trace: Trace): number {
  return a instanceof Box && a.trace === trace ? a.node : -1;
}

function recordReverse<O>(trace: Trace, op: OpDefinition<O>, args: readonly Value[], inner: Value[], ans: Value, options: O): Box {
  // Tape indices are small integers, so literals are uniformly integer arrays here; and
  // cheaper than an Int32Array (a typed array costs several plain arrays to allocate).
  let parents: number[];
  if (args.length === 1) parents = [parentOf(args[0]!, trace)];
  else if (args.length === 2) parents = [parentOf(args[0]!, trace), parentOf(args[1]!, trace)];
  else {
    parents = new Array<number>(args.length);
    for (let i = 0; i < args.length; i++) parents[i] = parentOf(args[i]!, trace);
  }
  const node: TapeNode = { op, parents, args: inner, ans, options };
  if (trace.tape.length >= trace.maxOperations) trace.checkRoom();
  const index = trace.tape.push(node) - 1;
  return new Box(ans, trace, index, undefined);
}

function recordForward<O>(trace: Trace, op: OpDefinition<O>, args: readonly Value[], inner: Value[], ans: Value, options: O): Box {
  const ctx: OpContext<O> = { args: inner, ans, options };
  let tangent: Value | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!(a instanceof Box) || a.trace !== trace || a.tangent === undefined) continue;
    const t = ruleFor(op.jvp, op, i, 'jvp')(a.tangent, ctx, i);
    tangent = tangent === undefined ? t : trace.accumulate(tangent, t);
  }
  return new Box(ans, trace, -1, tangent);
}
