import { Tensor, type Shape } from './tensor.js';

/** What traced functions compute with: numbers, tensors, and values being traced. */
export type Value = number | Tensor | Box;
/** An untraced value. */
export type Primal = number | Tensor;

/** One recorded op application: a node of a reverse-mode tape (one per tensor op). */
export interface TapeNode {
  readonly op: OpDefinition | null; // null for an input (leaf)
  /** Tape index of each argument's node, or -1 where the argument is not traced here.
   *  A plain array: small typed arrays cost several times more to allocate. */
  readonly parents: readonly number[];
  /** Arguments with this trace's boxes removed (they may still be boxes of outer traces). */
  readonly args: readonly Value[];
  readonly ans: Value;
  readonly options: unknown;
}

/**
 * Total order of traces. Nested differentiation (grad of grad, jvp of grad) needs to know
 * which of two live traces is the inner one, including when a closure captures a value
 * of an outer trace (the "perturbation confusion" of Siskind & Pearlmutter 2005): a trace
 * created later is always inner to every trace still live. The counter only grows; all
 * tape state lives in the Trace object that one `grad`/`jvp` call creates and drops.
 */
let lastTraceId = 0;

export type TraceKind = 'reverse' | 'forward';

/**
 * Tape nodes one reverse-mode evaluation may record before it is stopped: a node costs
 * ~200 bytes with its box and argument list, so the default (10 million) bounds a tape at
 * about 2 GB. A model that loops over a billion scalars fails with a clear message
 * instead of exhausting the heap; `maxOperations` raises the bound.
 */
export const DEFAULT_MAX_OPERATIONS = 10_000_000;

/** A resource bound was exceeded: an error in the model or its data, never a rejection. */
export class LimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LimitError';
  }
}

export class Trace {
  readonly id: number;
  readonly kind: TraceKind;
  readonly tape: TapeNode[] = [];
  closed = false;
  /** Tangent accumulation for forward mode (our differentiable `add`). */
  readonly accumulate: (a: Value, b: Value) => Value;
  /** The most nodes this trace's tape may hold. */
  readonly maxOperations: number;

  constructor(kind: TraceKind, accumulate: (a: Value, b: Value) => Value, maxOperations = DEFAULT_MAX_OPERATIONS) {
    this.id = ++lastTraceId;
    this.kind = kind;
    this.accumulate = accumulate;
    this.maxOperations = maxOperations;
  }

  /** Throws once the tape is full (called before each node is added). */
  checkRoom(): void {
    if (this.tape.length < this.maxOperations) return;
    throw new LimitError(
      `one evaluation made more than ${this.maxOperations} operations (tape nodes): a loop over scalars this long ` +
        'needs vectorised operations (one op per vector), or raise the limit with the maxOperations option',
    );
  }

  /** An input of the traced function. */
  leaf(value: Value, tangent?: Value): Box {
    if (this.kind === 'forward') return new Box(value, this, -1, tangent);
    this.checkRoom();
    this.tape.push({ op: null, parents: EMPTY_PARENTS, args: EMPTY_ARGS, ans: value, options: undefined });
    return new Box(value, this, this.tape.length - 1, undefined);
  }
}

const EMPTY_PARENTS: readonly number[] = [];
const EMPTY_ARGS: readonly Value[] = [];

/**
 * The value one level out of a box, without marking a recording: for the AD machinery
 * itself (unboxing arguments, reading outputs), which does not branch on values. Assigned
 * once, by Box's static block (the only code that can read the private field).
 */
export let innerOf: (box: Box) => Value;

/**
 * A value being traced: the value at the next outer level (possibly itself a Box of an
 * outer trace), the trace, and either its tape node (reverse) or its tangent (forward).
 */
export class Box {
  /** The value one level out. Private, so that user code can only read it through `value`
   *  or `primal`, which tell a replay recording that JS code looked at a traced value (see
   *  src/ad/replay.ts); leapfrog's own code uses `innerOf`. */
  readonly #inner: Value;

  static {
    innerOf = (box: Box): Value => box.#inner;
  }

  constructor(
    inner: Value,
    readonly trace: Trace,
    readonly node: number,
    readonly tangent: Value | undefined,
  ) {
    this.#inner = inner;
  }

  /** The value one level out. */
  get value(): Value {
    if (recording !== null) noteRead('a traced value was read (Box.value)');
    return this.#inner;
  }

  get shape(): Shape {
    return shapeOf(this.#inner);
  }

  /** Lets traced scalars take part in JS comparisons (`if (x > 0)`): define-by-run. */
  valueOf(): number {
    const p = primal(this);
    if (typeof p === 'number') return p;
    throw new Error(
      `a traced tensor of shape [${p.shape.join(', ')}] was used as a number (in a comparison or JS arithmetic); ` +
        'use greater()/less()/where() for elementwise comparisons and add()/mul() for arithmetic',
    );
  }

  toString(): string {
    return `Box(${String(primal(this))})`;
  }
}

/**
 * The plain value under all levels of tracing. Reading a traced value's number in JS code
 * may steer what the code does next (a branch, a constant, a mask), so while a gradient is
 * recorded for replay (src/ad/replay.ts) it marks the recording as value-dependent.
 */
export function primal(v: Value): Primal {
  if (v instanceof Box && recording !== null) noteRead('a traced value was read (primal)');
  while (v instanceof Box) v = innerOf(v);
  return v;
}

/**
 * The plain value, without marking a recording: only for code whose use of the value is
 * either structural (shapes, types) or repeated by the op at replay (a fused density's
 * kernel and its checks). Everything else reads through `primal`.
 */
export function peek(v: Value): Primal {
  while (v instanceof Box) v = innerOf(v);
  return v;
}

export function shapeOf(v: Value): Shape {
  const p = peek(v);
  return typeof p === 'number' ? SCALAR_SHAPE : p.shape;
}

/**
 * A gradient being recorded for replay: whether JS code read a traced value while it ran
 * (and what it read first, for `replayStatus`). Set only inside `recordGradient`, which
 * clears it on every path out.
 */
export interface Recording {
  valueRead: string | null;
  /** Whether a value was read by code that may read it at any input (not only a failed check). */
  permanent: boolean;
}

let recording: Recording | null = null;

/** Runs `f` with `r` as the active recording (nested recordings: the inner one is active). */
export function withRecording<T>(r: Recording, f: () => T): T {
  const outer = recording;
  recording = r;
  try {
    return f();
  } finally {
    recording = outer;
  }
}

/** Marks the active recording, if any, as depending on traced values (`reason` says how). */
export function noteRead(reason: string): void {
  if (recording === null) return;
  if (recording.valueRead === null) recording.valueRead = reason;
  recording.permanent = true;
}

/**
 * Marks the active recording as not replayable at this input only: a check that its op
 * repeats at replay failed here (a parameter outside its support made a term −∞ without a
 * node), so the tape lacks that node; a recording at another input may succeed.
 */
export function noteCheckFailed(reason: string): void {
  if (recording !== null && recording.valueRead === null) recording.valueRead = reason;
}

/** Whether a recording is active (for code that must say why it cannot be replayed). */
export function isRecording(): boolean {
  return recording !== null;
}

export const SCALAR_SHAPE: Shape = Object.freeze([]) as Shape;

export function isValue(v: unknown): v is Value {
  return typeof v === 'number' || v instanceof Tensor || v instanceof Box;
}

/** What a derivative rule sees of the forward computation it differentiates. */
export interface OpContext<O = undefined> {
  /** The op's arguments, at the level just outside the trace being differentiated. */
  readonly args: readonly Value[];
  /** The op's output at that level (saved so rules like exp's can reuse it). */
  readonly ans: Value;
  readonly options: O;
}

/** g ↦ g·∂ans/∂args[argIndex], written with leapfrog's own ops so it can be differentiated again. */
export type VjpRule<O> = (g: Value, ctx: OpContext<O>, argIndex: number) => Value;
/**
 * g ↦ the cotangents of all arguments at once (undefined where `wanted[k]` is false or the
 * argument gets none), for rules that compute them together (a user's customGradient). The
 * reverse sweep calls it once per node and sweep, so nothing needs remembering between
 * calls: a rule keeps no state, and a replayed tape cannot see a stale result.
 */
export type VjpAllRule<O> = (g: Value, ctx: OpContext<O>, wanted: readonly boolean[]) => readonly (Value | undefined)[];
/** t ↦ ∂ans/∂args[argIndex]·t, likewise. */
export type JvpRule<O> = (tangent: Value, ctx: OpContext<O>, argIndex: number) => Value;

/**
 * A primitive: its forward kernel over plain numbers and Float64Array tensors, and its
 * derivative rules beside it. Non-differentiable arguments (indices, axes, shapes, masks)
 * travel in `options`, never as traced arguments.
 */
export interface OpDefinition<O = any> {
  /** For error messages only; identity is the object. */
  readonly name: string;
  /** Names of the arguments, for error messages ("vjp of 'pow' w.r.t. exponent"). */
  readonly argNames?: readonly string[];
  forward(args: readonly Primal[], options: O): Primal;
  /**
   * For ops whose options carry results of the forward pass (a fused density's value and
   * partials, computed before the node is recorded): recomputes them at new argument values
   * when a recorded gradient is replayed (src/ad/replay.ts). `traced[k]` says whether
   * argument k depends on the inputs (its partials are wanted). Ops without it are replayed
   * by calling `forward` with the recorded options.
   */
  readonly replay?: (args: readonly Primal[], options: O, traced: readonly boolean[]) => { readonly ans: Primal; readonly options: O };
  /** False for ops whose forward only returns what its options carry and that have no
   *  `replay`: a tape holding one is never replayed. */
  readonly replayable?: boolean;
  /** One rule per argument, or one rule for all (variadic ops such as concat). */
  readonly vjp: readonly (VjpRule<O> | undefined)[] | VjpRule<O>;
  /** Instead of `vjp`: every argument's cotangent from one call (see VjpAllRule). */
  readonly vjpAll?: VjpAllRule<O>;
  readonly jvp: readonly (JvpRule<O> | undefined)[] | JvpRule<O>;
}
