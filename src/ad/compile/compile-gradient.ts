import { reshape } from '../ops/shape.js';
import { Tensor, formatShape, shapesEqual } from '../tensor.js';
import { isValue, shapeOf, type Value } from '../trace.js';
import { leaves, withLeaves, type Tree } from '../tree.js';
import { GradientEvaluator, type EvaluationStatus } from './evaluator.js';
import type { LeafLayout } from './plan.js';

export interface CompileGradientOptions {
  /** Keep the replay interpreter rather than generated code (as the jitless setting does). */
  readonly compile?: boolean;
  /** The most tape nodes one evaluation may record (default 10 million). */
  readonly maxOperations?: number;
  /** Compare every compiled result with the interpreter's and throw on a disagreement. */
  readonly check?: boolean;
}

/** A fast value-and-gradient of f for inputs shaped like the example. */
export interface CompiledValueAndGrad<T extends Tree> {
  /** f's value and its gradient, with the input's structure (as valueAndGrad returns). */
  (input: T): { readonly value: number; readonly grad: T };
  /** f at inputs laid out flat (leaves in order), its gradient written into `gradient`. */
  valueAndGradInto(flat: Float64Array, gradient: Float64Array): number;
  /** The flat length (the total size of the leaves). */
  readonly size: number;
  /** Whether calls run generated code, a replayed tape, or f itself, and why. */
  status(): EvaluationStatus | null;
  /** The generated source, or null. */
  compiledSource(): string | null;
}

/**
 * `compileGradient(f, example)`: f's value and gradient as one generated function for
 * inputs of the example's shapes (numbers, tensors, or arrays and records of them), like
 * JAX's jit of value_and_grad. f is recorded at its first call; when its path does not
 * depend on the input values, later calls run the compiled tape (or, where functions cannot
 * be made from source, the replay interpreter); a value-dependent f is re-run each call,
 * and a compiled or replayed call that throws re-runs f. f must be pure: it may not read
 * state that changes between calls.
 */
export function compileGradient<T extends Tree>(f: (input: T) => Value, example: T, options: CompileGradientOptions = {}): CompiledValueAndGrad<T> {
  const exampleLeaves = leaves(example);
  const layout: LeafLayout[] = [];
  let size = 0;
  for (const leaf of exampleLeaves) {
    const shape = shapeOf(leaf);
    const count = shape.reduce((a, d) => a * d, 1);
    layout.push({ offset: size, shape: shape.length === 0 ? [] : [count], size: count });
    size += count;
  }
  const shapes = exampleLeaves.map((leaf) => shapeOf(leaf));
  const piecesOf = (flat: Float64Array): Value[] =>
    layout.map(({ offset, shape, size: count }) => (shape.length === 0 ? flat[offset]! : new Tensor(flat.subarray(offset, offset + count), [count])));
  const fromPieces = (pieces: Value[]): Value => f(withLeaves(example, pieces.map((p, k) => (shapes[k]!.length > 1 ? reshape(p, shapes[k]!) : p))) as T);
  const evaluator = new GradientEvaluator(fromPieces, piecesOf, layout, {
    replay: true,
    ...(options.compile === undefined ? {} : { compile: options.compile }),
    ...(options.maxOperations === undefined ? {} : { maxOperations: options.maxOperations }),
    ...(options.check === undefined ? {} : { check: options.check }),
  });
  const flatten = (input: T): Float64Array => {
    const given = leaves(input);
    if (given.length !== exampleLeaves.length) throw new Error(`compileGradient: the input has ${given.length} leaves, but the example had ${exampleLeaves.length}`);
    const flat = new Float64Array(size);
    given.forEach((leaf, k) => {
      if (!isValue(leaf) || !shapesEqual(shapeOf(leaf), shapes[k]!)) {
        throw new Error(`compileGradient: input leaf ${k} has shape ${formatShape(shapeOf(leaf))}, but the example's has ${formatShape(shapes[k]!)}; compile again for other shapes`);
      }
      if (typeof leaf === 'number') flat[layout[k]!.offset] = leaf;
      else flat.set((leaf as Tensor).data, layout[k]!.offset);
    });
    return flat;
  };
  const call = (input: T): { value: number; grad: T } => {
    const flat = flatten(input);
    const gradient = new Float64Array(size);
    const value = evaluator.gradientInto(flat, gradient);
    const grads = layout.map(({ offset, size: count }, k) =>
      shapes[k]!.length === 0 ? gradient[offset]! : new Tensor(gradient.slice(offset, offset + count), shapes[k]!),
    );
    return { value, grad: withLeaves(example, grads) as T };
  };
  return Object.assign(call, {
    valueAndGradInto: (flat: Float64Array, gradient: Float64Array): number => {
      if (flat.length !== size || gradient.length !== size) throw new Error(`compileGradient: flat inputs and gradient must have length ${size}`);
      return evaluator.gradientInto(flat, gradient);
    },
    size,
    status: () => evaluator.status(),
    compiledSource: () => evaluator.compiledSource(),
  });
}
