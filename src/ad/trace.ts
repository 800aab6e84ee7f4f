import { Tensor, type Shape } from './tensor';
import type { OpDefinition } from './op';

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

export class Trace {
  readonly id: number;
  readonly kind: TraceKind;
  readonly tape: TapeNode[] = [];
  closed = false;
  /** Tangent accumulation for forward mode (our differentiable `add`). */
  readonly accumulate: (a: Value, b: Value) => Value;

  constructor(kind: TraceKind, accumulate: (a: Value, b: Value) => Value) {
    this.id = ++lastTraceId;
    this.kind = kind;
    this.accumulate = accumulate;
  }

  /** An input of the traced function. */
  leaf(value: Value, tangent?: Value): Box {
    if (this.kind === 'forward') return new Box(value, this, -1, tangent);
    this.tape.push({ op: null, parents: EMPTY_PARENTS, args: EMPTY_ARGS, ans: value, options: undefined });
    return new Box(value, this, this.tape.length - 1, undefined);
  }
}

const EMPTY_PARENTS: readonly number[] = [];
const EMPTY_ARGS: readonly Value[] = [];

/**
 * A value being traced: the value at the next outer level (possibly itself a Box of an
 * outer trace), the trace, and either its tape node (reverse) or its tangent (forward).
 */
export class Box {
  constructor(
    readonly value: Value,
    readonly trace: Trace,
    readonly node: number,
    readonly tangent: Value | undefined,
  ) {}

  get shape(): Shape {
    return shapeOf(this.value);
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

/** The plain value under all levels of tracing. */
export function primal(v: Value): Primal {
  while (v instanceof Box) v = v.value;
  return v;
}

export function shapeOf(v: Value): Shape {
  const p = primal(v);
  return typeof p === 'number' ? SCALAR_SHAPE : p.shape;
}

export const SCALAR_SHAPE: Shape = Object.freeze([]) as Shape;

export function isValue(v: unknown): v is Value {
  return typeof v === 'number' || v instanceof Tensor || v instanceof Box;
}
