import { OneHot } from '../one-hot.js';
import { vjpRule, type OpDefinition } from '../op.js';
import type { ReplayNode } from '../replay.js';
import { Tensor, type Shape } from '../tensor.js';
import type { Primal, Value } from '../trace.js';

// What compiled gradient code calls for the ops it does not inline (matrix products,
// Cholesky factors, GLM densities, an HMM's forward algorithm, ...): each op's own forward
// (or replay) kernel and its own vjp rules, on plain values, exactly as the replay
// interpreter runs them. The state here (the arguments, output and options of the current
// evaluation) is overwritten by every evaluation before it is read.

interface OpaqueNode {
  readonly op: OpDefinition;
  /** Arguments: the recorded constants, and the slots the generated code fills. */
  readonly args: Value[];
  readonly traced: readonly boolean[];
  options: unknown;
  ans: Value;
}

export class CompiledRuntime {
  private readonly opaque = new Map<number, OpaqueNode>();
  /** Per input (leaf) used whole by an op: a tensor the code copies θ's piece into. */
  private readonly leafTensors = new Map<number, Tensor>();
  /** Buffers of materialised intermediates and of adjoints, with tensors wrapping them. */
  readonly buffers: Float64Array[] = [];
  readonly bufferTensors: Tensor[] = [];

  constructor(nodes: readonly ReplayNode[], opaqueNodes: readonly number[]) {
    for (const k of opaqueNodes) {
      const node = nodes[k]!;
      this.opaque.set(k, { op: node.op!, args: node.args.slice(), traced: node.traced, options: node.options, ans: node.ans });
    }
  }

  /** A new zeroed buffer of `shape` (wrapped as a tensor for ops); returns its index. */
  addBuffer(shape: Shape, size: number): number {
    const data = new Float64Array(size);
    this.buffers.push(data);
    this.bufferTensors.push(new Tensor(data, shape.length === 0 ? [1] : shape));
    return this.buffers.length - 1;
  }

  /** The tensor holding input `leaf`'s piece of θ (copied in at each evaluation). */
  leafTensor(leaf: number, theta: Float64Array, offset: number, shape: Shape, size: number): Tensor {
    let tensor = this.leafTensors.get(leaf);
    if (tensor === undefined) {
      tensor = new Tensor(new Float64Array(size), shape);
      this.leafTensors.set(leaf, tensor);
    }
    tensor.data.set(theta.subarray(offset, offset + size));
    return tensor;
  }

  setArg(node: number, index: number, value: Value): void {
    this.opaque.get(node)!.args[index] = value;
  }

  /** Runs node's op forward at its current arguments (recomputing options a replay needs). */
  forward(node: number): Primal {
    const state = this.opaque.get(node)!;
    const { op } = state;
    if (op.replay !== undefined) {
      const result = op.replay(state.args as Primal[], state.options as never, state.traced);
      state.options = result.options;
      state.ans = result.ans;
    } else {
      state.ans = op.forward(state.args as Primal[], state.options as never);
    }
    return state.ans as Primal;
  }

  /** Argument `index`'s cotangent from node's op, given its output's cotangent g. */
  vjp(node: number, index: number, g: Value): Primal | OneHot {
    const state = this.opaque.get(node)!;
    const { op } = state;
    const ctx = { args: state.args, ans: state.ans, options: state.options };
    if (op.vjpAll !== undefined) return op.vjpAll(g, ctx as never, state.traced)[index] as Primal;
    return vjpRule(op, index)(g, ctx as never, index) as Primal | OneHot;
  }

  /** A cotangent as a number (for scalar arguments). */
  scalar(value: Primal | OneHot): number {
    if (typeof value === 'number') return value;
    if (value instanceof OneHot) return value.value;
    return value.data[0]!;
  }

  /** Adds a cotangent into `target` from `offset` (an adjoint buffer, or the gradient). */
  addInto(value: Primal | OneHot, target: Float64Array, offset: number): void {
    if (typeof value === 'number') target[offset]! += value;
    else if (value instanceof OneHot) target[offset + value.offset]! += value.value;
    else {
      const data = value.data;
      for (let i = 0; i < data.length; i++) target[offset + i]! += data[i]!;
    }
  }
}
