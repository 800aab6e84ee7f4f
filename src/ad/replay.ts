import { isConstant } from './constants.js';
import { backward, traceCall, unwrap } from './grad.js';
import type { OpDefinition } from './op.js';
import { Tensor } from './tensor.js';
import { Box, withRecording, type Primal, type Recording, type TapeNode, type Trace, type Value } from './trace.js';

// Recorded gradients: a log density evaluated thousands of times per second at points of
// one shape usually takes the same path through the user's code every time. Running that
// code (model API, distribution objects, argument checks, shape logic) costs more than the
// arithmetic on small models, so the tape of one evaluation is kept and later evaluations
// run its ops alone: forward kernels in tape order, then the usual reverse sweep.
//
// This is only valid when the tape does not depend on the input values. A JS program can
// only act on a traced value's number by reading it, and every such read goes through
// `primal`, `Box.value` or `Box.valueOf` (a comparison), which mark the recording; a marked
// recording is not replayed. Code that reads values for a purpose its op repeats at replay
// (a fused density's kernel and its support checks) reads them with `peek`, and
// ops whose options hold forward results (fused densities) recompute them (OpDefinition.replay).
// Replay gives the same floating-point operations on the same values as re-running the
// code, so results are bit-identical either way.
//
// Assumed, as for any compiled or jitted model (JAX's jit, TF's tf.function): the code
// reads no mutable state of its own between evaluations (data do not change in place;
// custom ops and customGradient functions are pure).

/** Why a recording cannot be replayed, or null. */
export type ReplayObstacle = string | null;

/** A recorded program's tape as the compiler reads it. */
export interface ProgramStructure {
  readonly nodes: readonly ReplayNode[];
  /** Tape index of each input, in input order. */
  readonly leaves: readonly number[];
  readonly output: number;
  /** The ops the output depends on, in tape order. */
  readonly live: readonly number[];
}

export interface ReplayNode {
  readonly op: OpDefinition | null;
  readonly parents: readonly number[];
  /** Constants where parents[j] < 0; refreshed from the parents' values at each run. */
  readonly args: Value[];
  ans: Value;
  options: unknown;
  /** traced[j] = parents[j] >= 0, for OpDefinition.replay. */
  readonly traced: readonly boolean[];
}

/** A recorded gradient program: value and gradient at new inputs of the recorded shapes. */
export class GradientProgram {
  private readonly tape: { readonly tape: ReplayNode[] };
  private readonly output: { readonly node: number };

  /** The ops the output depends on, in tape order (values nothing reads are not computed). */
  private readonly live: readonly number[];

  constructor(
    private readonly nodes: ReplayNode[],
    private readonly leaves: readonly number[],
    outputNode: number,
  ) {
    this.tape = { tape: nodes };
    this.output = { node: outputNode };
    const needed = new Uint8Array(outputNode + 1);
    needed[outputNode] = 1;
    for (let i = outputNode; i >= 0; i--) {
      if (needed[i] === 0) continue;
      for (const p of nodes[i]!.parents) if (p >= 0) needed[p] = 1;
    }
    this.live = Array.from({ length: outputNode + 1 }, (_, i) => i).filter((i) => needed[i] === 1 && nodes[i]!.op !== null);
  }

  /** The recorded tape, for the whole-gradient compiler (src/ad/compile): read only. */
  structure(): ProgramStructure {
    return { nodes: this.nodes, leaves: this.leaves, output: this.output.node, live: this.live };
  }

  /** The value and, per input in the recorded order, its gradient (undefined: zero). */
  run(inputs: readonly Primal[]): { value: Value; gradients: (Value | undefined)[] } {
    const value = this.forward(inputs);
    const { leaves } = this;
    // The vjp rules' shapes were checked when the tape was recorded; they do not change.
    const grads = backward(this.tape as unknown as Trace, this.output as unknown as Box, 1, false);
    const gradients = new Array<Value | undefined>(leaves.length);
    for (let k = 0; k < leaves.length; k++) gradients[k] = grads[leaves[k]!];
    return { value, gradients };
  }

  /** The value alone: the forward pass of `run`. */
  forward(inputs: readonly Primal[]): Value {
    const { nodes, leaves } = this;
    if (inputs.length !== leaves.length) throw new Error(`GradientProgram: ${inputs.length} inputs given, but it was recorded with ${leaves.length}`);
    for (let k = 0; k < leaves.length; k++) nodes[leaves[k]!]!.ans = inputs[k]!;
    const last = this.output.node;
    const live = this.live;
    for (let n = 0; n < live.length; n++) {
      const node = nodes[live[n]!]!;
      const op = node.op!;
      const { parents, args } = node;
      for (let j = 0; j < parents.length; j++) {
        const p = parents[j]!;
        if (p >= 0) args[j] = nodes[p]!.ans;
      }
      if (op.replay !== undefined) {
        const result = op.replay(args as Primal[], node.options, node.traced);
        node.ans = result.ans;
        node.options = result.options;
      } else {
        node.ans = op.forward(args as Primal[], node.options);
      }
    }
    return nodes[last]!.ans;
  }
}

export interface RecordedGradient {
  /** f's value and the tape-ready output, as `valueAndGrad` computes them. */
  readonly value: Value;
  /** Gradient per input (undefined: zero), in input order. */
  readonly gradients: (Value | undefined)[];
  /** The program to replay, or null when the tape depends on the input values. */
  readonly program: GradientProgram | null;
  /** Why there is no program; `retry` when another input may give one (a check failed here). */
  readonly obstacle: ReplayObstacle;
  readonly retry: boolean;
}

/**
 * Evaluates the gradient of a scalar `f` of an array of inputs (numbers and tensors) by
 * define-by-run, and keeps the tape as a program when it can be replayed at other inputs.
 */
export function recordGradient(f: (inputs: Value[]) => Value, inputs: Value[], maxOperations?: number): RecordedGradient {
  const recording: Recording = { valueRead: null, permanent: false };
  const { trace, inputs: boxes, result } = withRecording(recording, () => traceCall(f as (...a: unknown[]) => unknown, [inputs], 0, 'grad', maxOperations));
  const output = result as Value;
  const { value, box } = unwrap(trace, output);
  const grads = box === null ? null : backward(trace, box, 1);
  const gradients = boxes.map((b) => (grads === null ? undefined : grads[b.node]));
  let obstacle: ReplayObstacle = recording.valueRead;
  let program: GradientProgram | null = null;
  if (obstacle === null) {
    if (box === null || typeof value !== 'number') obstacle = 'the output does not depend on the inputs, or is not a number';
    else {
      const built = buildProgram(trace.tape, boxes.map((b) => b.node), box.node);
      if (typeof built === 'string') obstacle = built;
      else program = built;
    }
  }
  return { value, gradients, program, obstacle, retry: obstacle !== null && !recording.permanent };
}

function buildProgram(tape: readonly TapeNode[], leaves: readonly number[], outputNode: number): GradientProgram | string {
  const nodes: ReplayNode[] = [];
  for (let i = 0; i <= outputNode; i++) {
    const node = tape[i]!;
    if (node.op !== null && node.op.replayable === false) return `'${node.op.name}' cannot be replayed`;
    const args = node.args.slice();
    for (let j = 0; j < args.length; j++) {
      if (node.parents[j]! >= 0) continue;
      const a = args[j]!;
      // A box of another trace: this gradient was taken inside an outer one.
      if (a instanceof Box) return 'an argument is traced by an outer grad or jvp call';
      args[j] = owned(a) as Value;
    }
    nodes.push({
      op: node.op,
      parents: node.parents,
      args,
      ans: node.ans,
      options: ownedOptions(node.options),
      traced: node.parents.map((p) => p >= 0),
    });
  }
  return new GradientProgram(nodes, leaves, outputNode);
}

/**
 * A value kept across evaluations: data marked constant as it is, any other tensor copied
 * (tensors made during an evaluation may live in its buffer pool, reused by the next one).
 */
function owned(value: unknown): unknown {
  if (value instanceof Tensor && !isConstant(value)) return new Tensor(Float64Array.from(value.data), value.shape);
  if (Array.isArray(value) && value.some((v) => v instanceof Tensor)) return value.map(owned);
  return value;
}

function ownedOptions(options: unknown): unknown {
  if (options === null || typeof options !== 'object' || Array.isArray(options) || options instanceof Tensor) return owned(options);
  const entries = Object.entries(options as Record<string, unknown>);
  if (!entries.some(([, v]) => v instanceof Tensor || (Array.isArray(v) && v.some((e) => e instanceof Tensor)))) return options;
  const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(options) as object | null) as Record<string, unknown>;
  for (const [key, v] of entries) copy[key] = owned(v);
  return copy;
}
