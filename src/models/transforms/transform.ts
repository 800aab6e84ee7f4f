import type { Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';

/**
 * A bijection from unconstrained reals to a constrained set (NumPyro's
 * biject_to(constraint)). `forward` is written with AD ops so that the log density
 * differentiates through it, Jacobian term included.
 */
export interface Transform {
  readonly name: string;
  /**
   * Whether forward and inverse take leading axes as an array of values (a simplex of shape
   * [G, K] is G simplexes, their unconstrained reals element after element, as Stan lays
   * out arrays). Transforms without it are applied element by element (see array-of.ts).
   */
  readonly batched?: boolean;
  /** Number of unconstrained reals for a constrained value of `shape` (simplex K → K−1). */
  unconstrainedSize(shape: Shape): number;
  /**
   * Unconstrained vector (length `unconstrainedSize(shape)`, a number when that is 1 and
   * shape is []) → the constrained value of `shape`, with log |det J| of the map.
   */
  forward(unconstrained: Value, shape: Shape): { readonly value: Value; readonly logAbsDetJacobian: Value };
  /** Constrained plain value → unconstrained coordinates (for user-given initial values).
   *  Throws, naming the rule, if the value is outside the constraint. */
  inverse(constrained: Primal, shape: Shape): Float64Array;
}
