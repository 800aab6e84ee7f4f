import type { Shape } from '../tensor.js';

// Its own module so that plan.ts and reroll.ts, which both read arrays, do not import each other.

/** An array the generated code reads elements of: θ, a data constant, a buffer, an op's output. */
export interface ArrayRef {
  /** The local holding the Float64Array. */
  readonly name: string;
  readonly offset: number;
  /** Where its adjoint accumulates (the gradient, or an adjoint buffer); null for data. */
  readonly adjoint: { readonly name: string; readonly offset: number } | null;
  /** Code giving a Tensor of it, for ops that take whole tensors. */
  readonly tensorCode: string;
  readonly shape: Shape;
}
