import type { Value } from '../ad/trace.js';
import type { Rng } from '../random/rng.js';
import { withOutputsInto } from './outputs-into.js';

/** A log density and its gradient, evaluated together (one forward and one backward pass). */
export interface LogDensityAndGradient {
  readonly logDensity: number;
  readonly gradient: Float64Array;
}

/**
 * What samplers and VI consume: a log density on the unconstrained real line R^dim
 * (Jacobian terms of the constraint transforms included) and its gradient, plus the
 * map back to named, constrained quantities for recording draws.
 *
 * Both the TypeScript model API and JSON specs compile to this; so can a hand-written
 * density (see `densityModel`).
 */
export interface CompiledModel {
  /** Unconstrained dimension. */
  readonly dim: number;
  /** Stan-style names (`theta[1]`, `L[2,1]`, 1-based) of every recorded scalar:
   *  parameters (constrained), then transformed parameters, then generated quantities. */
  readonly outputNames: readonly string[];
  /** Log density at an unconstrained point; -Infinity outside the support, never NaN. */
  logDensity(theta: Float64Array): number;
  logDensityAndGradient(theta: Float64Array): LogDensityAndGradient;
  /**
   * Optional: the log density, with the gradient written into `gradient` (length dim):
   * what samplers call in their inner loop, allocating nothing.
   */
  logDensityAndGradientInto?(theta: Float64Array, gradient: Float64Array): number;
  /** Recorded scalars at an unconstrained point, in `outputNames` order. Generated
   *  quantities may draw from `rng`. */
  outputs(theta: Float64Array, rng: Rng): Float64Array;
  /** Optional: names of the log-density terms that are not finite at `theta`, so that an
   *  initialisation failure can say where the problem is. */
  nonFiniteTerms?(theta: Float64Array): string[];
  /** Optional: Stan-style names of the unconstrained coordinates (e.g. `log(tau)`), for
   *  diagnostics that speak of the sampler's space (where divergences happen). */
  readonly unconstrainedNames?: readonly string[];
  /** Optional: the log density as a traced AD function of the unconstrained vector, so
   *  that callers can take higher derivatives (Hessians for Laplace approximations,
   *  Hessian-vector products). */
  logDensityValue?(theta: Value): Value;
}

/**
 * A model from a plain log density and gradient on R^dim (no constraints, the outputs are
 * the coordinates themselves): for tests, benchmarks and users with their own densities.
 */
export function densityModel(options: {
  readonly dim: number;
  readonly logDensityAndGradient: (theta: Float64Array) => LogDensityAndGradient;
  readonly logDensity?: (theta: Float64Array) => number;
  readonly names?: readonly string[];
}): CompiledModel {
  const { dim } = options;
  if (!Number.isInteger(dim) || dim < 1) {
    throw new Error(`densityModel: dim is ${dim}, but must be a positive integer`);
  }
  const names = options.names ?? Array.from({ length: dim }, (_, i) => `x[${i + 1}]`);
  if (names.length !== dim) {
    throw new Error(`densityModel: ${names.length} names given for dim ${dim}`);
  }
  const lg = options.logDensityAndGradient;
  return {
    dim,
    outputNames: names,
    logDensity: options.logDensity ?? ((theta) => lg(theta).logDensity),
    logDensityAndGradient: lg,
    outputs: withOutputsInto(
      (theta) => theta.slice(),
      (theta, _rng, out) => {
        for (let i = 0; i < dim; i++) out[i] = theta[i]!;
      },
    ),
  };
}
