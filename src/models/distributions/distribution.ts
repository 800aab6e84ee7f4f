import type { Shape } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import type { Constraint } from '../constraints.js';
import type { ParamSpec } from './checks.js';

/**
 * A probability distribution with its parameters bound (NumPyro style):
 * `normal(mu, sigma).logProb(y)`. Parameters and values broadcast against each other;
 * `logProb` returns the SUM of the elementwise log densities (a scalar), like Stan's
 * vectorised `_lpdf`s, including all normalising constants.
 */
export interface Distribution {
  readonly name: string;
  readonly support: Constraint;
  /** Shape of one draw (broadcast shape of the parameters; [K] for a K-simplex). */
  readonly shape: Shape;
  logProb(x: Value): Value;
  /** One draw (of `shape`), or `count` draws stacked along a new leading axis. */
  sample(rng: Rng, count?: number): Primal;
  readonly mean?: Primal | undefined;
  readonly variance?: Primal | undefined;
  /** Summed log CDF / log complementary CDF, for censored data (where defined). */
  logCdf?(x: Value): Value;
  logCcdf?(x: Value): Value;
}

/**
 * A family of distributions as the JSON-spec helper sees it: Stan's name, the parameters in
 * Stan's order with their constraints, the support, and a constructor from parameter values
 * (NumPyro's declarative header; the registry lists one per distribution).
 */
export interface DistributionFamily {
  /** Stan's name: 'normal', 'student_t', 'neg_binomial_2', 'lkj_corr_cholesky'. */
  readonly name: string;
  readonly params: readonly ParamSpec[];
  /** The support; for uniform, whose bounds are its parameters, `make(...).support` has them. */
  readonly support: Constraint;
  /** True when the support's bounds are parameters (uniform). */
  readonly supportDependsOnParameters: boolean;
  /** Integer-valued (the value carries no derivative). */
  readonly discrete: boolean;
  /** Whether instances have logCdf and logCcdf. */
  readonly hasCdf: boolean;
  make(...args: Value[]): Distribution;
}
