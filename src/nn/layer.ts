import type { Shape, Tensor } from '../ad/tensor.js';
import type { Value } from '../ad/trace.js';
import type { Rng } from '../random/rng.js';

/**
 * One stage of a network that maps a batch of feature rows [N, features] to another
 * batch [N, features']: the whole batch goes through as one op (matmul, an elementwise
 * function), never row by row, so a layer costs a few tape nodes however large N is.
 */
export interface Layer {
  /** How the layer prints in errors: 'dense(1, 20)', 'tanh'. */
  readonly name: string;
  /** The layer's own parameters by local name ('weight', 'bias'); empty for an activation. */
  readonly parameterShapes: Readonly<Record<string, Shape>>;
  /** The feature count out for `inputSize` features in; throws when the layer cannot take them. */
  outputSize(inputSize: number): number;
  /** Initial values of the parameters, drawn from `rng` (seeded by the caller). */
  initialize(rng: Rng): Record<string, Tensor>;
  /** The layer on a batch [N, features], with parameters keyed by local name. */
  apply(parameters: Readonly<Record<string, Value>>, input: Value): Value;
}
