/**
 * A Gaussian variational family on the model's unconstrained space R^dim, as in ADVI
 * (Kucukelbir et al. 2017, JMLR 18(14), section 2.4): a draw is an affine map
 * zeta = T(eta; lambda) of a standard normal eta, so that the ELBO gradient can be taken
 * through the draw (the reparameterisation trick, their eqs. 8–10) and the entropy is known
 * in closed form.
 *
 * The variational parameters lambda are one flat Float64Array, so that the step-size
 * sequence acts on every coordinate alike (as Stan's advi.hpp does on its Q objects).
 */

/** A fitted Gaussian approximation, in the model's unconstrained coordinates. */
export type Approximation =
  | {
      readonly kind: 'meanfield';
      readonly mean: Float64Array;
      /** Standard deviation of each coordinate, exp(omega). */
      readonly sd: Float64Array;
    }
  | {
      readonly kind: 'fullrank';
      readonly mean: Float64Array;
      /** Lower Cholesky factor L of the covariance (dim × dim, row-major), diagonal made positive. */
      readonly cholesky: Float64Array;
      /** sqrt(diag(L L')), for convenience. */
      readonly sd: Float64Array;
    };

export type FamilyKind = Approximation['kind'];

export interface VariationalFamily {
  readonly kind: FamilyKind;
  /** Dimension of the model's unconstrained space. */
  readonly dim: number;
  /** Number of variational parameters (length of lambda). */
  readonly size: number;
  /** Stan's starting point: mean at `position`, unit scale (omega = 0 or L = I). */
  initial(position: Float64Array): Float64Array;
  /** zeta = T(eta; lambda), written into `out`. */
  transform(lambda: Float64Array, standard: Float64Array, out: Float64Array): Float64Array;
  /** H[q] in nats. */
  entropy(lambda: Float64Array): number;
  /** gradient += ∇_lambda H[q]. */
  addEntropyGradient(lambda: Float64Array, gradient: Float64Array): void;
  /**
   * gradient += (∂zeta/∂lambda)' ∇_zeta log p(zeta) for one draw zeta = T(eta; lambda):
   * the chain rule through the affine map (Kucukelbir et al. 2017, eqs. 8 and 10).
   */
  addReparameterizedGradient(lambda: Float64Array, standard: Float64Array, logDensityGradient: Float64Array, gradient: Float64Array): void;
  /** log q(T(eta; lambda)), normalised, on the unconstrained space. */
  logDensityOfStandard(lambda: Float64Array, standard: Float64Array): number;
  /** The approximation lambda describes. */
  describe(lambda: Float64Array): Approximation;
  /** lambda of an approximation of this family (the inverse of describe). */
  parametersOf(approximation: Approximation): Float64Array;
  /** Names of the variational parameters (`mu[1]`, `omega[1]`, `L[2,1]`), for messages. */
  parameterName(index: number): string;
}

/** 0.5 log(2 pi), the normal density's constant. */
export const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** Fills `out` with independent standard normal draws. */
export function fillStandardNormal(rng: { normal(): number }, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  return out;
}
