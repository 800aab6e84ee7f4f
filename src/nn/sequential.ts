import { formatShape, shapesEqual, sizeOf, type Shape, type Tensor } from '../ad/tensor.js';
import { shapeOf, type Value } from '../ad/trace.js';
import type { Rng } from '../random/rng.js';
import type { Layer } from './layer.js';

/** A network's parameters: one tensor per name ('weight1', 'bias1', 'weight2', ...). */
export type NetworkParameters<V extends Value = Tensor> = { readonly [name: string]: V };

/**
 * Layers applied one after another. Parameters are one flat record: the k-th layer that
 * has parameters (counting from 1) contributes its local names with k appended, so
 * `sequential([dense(1, 20), tanhLayer(), dense(20, 1)])` has weight1 [1, 20], bias1 [20],
 * weight2 [20, 1] and bias2 [1], the W1, b1, W2, b2 of the usual notation. A flat record
 * of tensors is a tree the AD transforms take as it is (`grad(loss)(parameters)`).
 */
export interface Network {
  readonly layers: readonly Layer[];
  /** Features per input row. */
  readonly inputs: number;
  /** Features per output row. */
  readonly outputs: number;
  readonly parameterShapes: Readonly<Record<string, Shape>>;
  /** Total number of scalar parameters. */
  readonly parameterCount: number;
  /** Initial parameters, each layer drawing from `rng` in order. */
  initialize(rng: Rng): NetworkParameters;
  /** The network on a batch [N, inputs], giving [N, outputs]; parameters may be traced. */
  apply(parameters: NetworkParameters<Value>, input: Value): Value;
}

/** The names of each layer's parameters in the network's record: local name → global name. */
function nameParameters(layers: readonly Layer[]): Record<string, string>[] {
  let counter = 0;
  return layers.map((layer) => {
    const locals = Object.keys(layer.parameterShapes);
    if (locals.length === 0) return {};
    counter += 1;
    return Object.fromEntries(locals.map((local) => [local, `${local}${counter}`]));
  });
}

function checkParameters(parameters: NetworkParameters<Value>, shapes: Readonly<Record<string, Shape>>): void {
  for (const [name, shape] of Object.entries(shapes)) {
    const value = parameters[name];
    if (value === undefined) {
      throw new Error(`sequential.apply: parameters.${name} is missing; the network has ${Object.keys(shapes).join(', ')}`);
    }
    const got = shapeOf(value);
    if (!shapesEqual(got, shape)) {
      throw new Error(`sequential.apply: parameters.${name} has shape ${formatShape(got)}, but must have shape ${formatShape(shape)}`);
    }
  }
}

export function sequential(layers: readonly Layer[]): Network {
  if (layers.length === 0) throw new Error('sequential: the list of layers is empty; give at least one layer');
  const names = nameParameters(layers);
  const parameterShapes: Record<string, Shape> = {};
  layers.forEach((layer, k) => {
    for (const [local, shape] of Object.entries(layer.parameterShapes)) parameterShapes[names[k]![local]!] = shape;
  });
  const first = layers[0]!;
  const firstShapes = Object.values(first.parameterShapes);
  if (firstShapes.length === 0 || firstShapes[0]!.length !== 2) {
    throw new Error(`sequential: the first layer is ${first.name}, but must be one that fixes the input size (e.g. dense)`);
  }
  const inputs = firstShapes[0]![0]!;
  // Threads the feature count through the layers: a mismatch fails here, at construction.
  const outputs = layers.reduce((size, layer, k) => {
    try {
      return layer.outputSize(size);
    } catch (e) {
      throw new Error(`sequential: layer ${k} (${layer.name}) cannot follow the previous one: ${(e as Error).message}`);
    }
  }, inputs);
  const parameterCount = Object.values(parameterShapes).reduce((total, shape) => total + sizeOf(shape), 0);

  const local = (parameters: NetworkParameters<Value>, k: number): Record<string, Value> =>
    Object.fromEntries(Object.entries(names[k]!).map(([localName, globalName]) => [localName, parameters[globalName]!]));

  return {
    layers,
    inputs,
    outputs,
    parameterShapes,
    parameterCount,
    initialize(rng: Rng): NetworkParameters {
      const out: Record<string, Tensor> = {};
      layers.forEach((layer, k) => {
        for (const [localName, value] of Object.entries(layer.initialize(rng))) out[names[k]![localName]!] = value;
      });
      return out;
    },
    apply(parameters: NetworkParameters<Value>, input: Value): Value {
      const shape = shapeOf(input);
      if (shape.length !== 2 || shape[1] !== inputs) {
        throw new Error(`sequential.apply: the input has shape ${formatShape(shape)}, but must be [N, ${inputs}] (a batch of rows)`);
      }
      checkParameters(parameters, parameterShapes);
      return layers.reduce((x, layer, k) => layer.apply(local(parameters, k), x), input);
    },
  };
}
