import { primal } from '../../ad/trace.js';
import { isRejection, logDensityOf, type Program } from './evaluate.js';
import { unconstrainedPieces } from './parameters.js';
import { LogDensityAccumulator } from './target.js';

/** Options of `logDensityConstrained`. */
export interface ConstrainedDensityOptions {
  /**
   * Include the log-Jacobians of the constraint transforms (default true): the density of
   * θ = unconstrain(values) that the samplers see. False gives the density of the
   * constrained values themselves (the model block's target), as BridgeStan's
   * `log_density(..., jacobian=False)`. leapfrog keeps every constant, so there is no
   * `propto` flag: the value is always the full log density.
   */
  readonly jacobian?: boolean;
}

/**
 * The log density at the unconstrained point θ, with or without the transforms'
 * log-Jacobians whatever the model was compiled with; −∞ where the model rejects the point
 * or the value is NaN (as logDensity).
 */
export function logDensityAt(program: Program, theta: Float64Array, options: ConstrainedDensityOptions): number {
  const withFlag: Program = { ...program, jacobian: options.jacobian ?? true };
  try {
    const value = primal(logDensityOf(withFlag, unconstrainedPieces(program.layout.slots, theta), new LogDensityAccumulator())) as number;
    return Number.isNaN(value) ? -Infinity : value;
  } catch (error) {
    if (isRejection(error)) return -Infinity;
    throw error;
  }
}
