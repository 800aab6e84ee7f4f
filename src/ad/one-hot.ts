import type { Shape } from './tensor.js';

/**
 * A cotangent that is zero except for one element: what the vjp of reading one element
 * (`at(x, i)`) returns at first order. The reverse sweep adds it into the adjoint in place,
 * O(1), where a dense one-hot tensor would cost O(N) per read, and so O(N²) for a scalar
 * loop over all N elements of a vector (a time series written element by element).
 * Only plain (untraced) cotangents take this form; traced ones stay dense tensors, so
 * derivatives of any order still differentiate the rule as ordinary ops.
 */
export class OneHot {
  constructor(
    /** The shape of the value read from (the adjoint's shape). */
    readonly shape: Shape,
    /** Flat offset of the element. */
    readonly offset: number,
    readonly value: number,
  ) {}
}
