import { tanh } from '../ad/ops/unary.js';
import { maximum } from '../ad/ops/select.js';
import type { Tensor } from '../ad/tensor.js';
import type { Value } from '../ad/trace.js';
import type { Layer } from './layer.js';

/**
 * The rectifier max(x, 0) (Nair & Hinton 2010), as one `where` node: its derivative is 1
 * where x > 0 and 0 where x < 0. At x = 0 exactly the gradient goes to x (maximum gives
 * ties to its first argument), i.e. the subgradient 1 is taken.
 */
export function relu(x: Value): Value {
  return maximum(x, 0);
}

/** A layer applying `fn` elementwise; it has no parameters and keeps the feature count. */
export function activation(name: string, fn: (x: Value) => Value): Layer {
  return {
    name,
    parameterShapes: {},
    outputSize: (inputSize: number): number => inputSize,
    initialize: (): Record<string, Tensor> => ({}),
    apply: (_parameters: Readonly<Record<string, Value>>, input: Value): Value => fn(input),
  };
}

/** Elementwise tanh. */
export function tanhLayer(): Layer {
  return activation('tanh', tanh);
}

/** Elementwise max(x, 0). */
export function reluLayer(): Layer {
  return activation('relu', relu);
}
