import type { Value } from '../../src/index.js';

/**
 * One benchmark model (bench/README.md) in the two forms the AD section compares. Both take the
 * unconstrained position a sampler works on (positive parameters as their logarithms, the
 * log-Jacobian of exp included), in the order bench/README.md lists the parameters, and both drop
 * the same additive constants (−½ log 2π per normal term and the like).
 */
export interface BenchModel {
  /** The id in bench/README.md. */
  readonly id: string;
  readonly dimension: number;
  /** The log density written as a user would, with leapfrog's generic ops (no fused densities). */
  readonly logDensity: (position: Value) => Value;
  /** The hand-written analytic gradient: writes ∇ log p into `gradient`, returns log p. */
  readonly handwritten: (position: Float64Array, gradient: Float64Array) => number;
}
