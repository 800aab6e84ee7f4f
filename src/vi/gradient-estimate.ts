import type { CompiledModel } from '../models/model.js';
import type { Rng } from '../random/rng.js';
import { fillStandardNormal, type VariationalFamily } from './family.js';

/**
 * Monte Carlo estimates of the ELBO gradient ∇_lambda E_q[log p(zeta)] + ∇_lambda H[q] and
 * of the ELBO itself, from draws of q. Each estimate reports its cost and, instead of
 * returning NaN or ±Infinity, says which value was not finite, so that the caller can stop
 * and report the iteration (Stan throws a domain_error there; leapfrog reports it).
 */

export interface GradientEstimate {
  readonly gradient: Float64Array;
  readonly gradientEvaluations: number;
  readonly logDensityEvaluations: number;
  /** What was not finite (and at which draw), when the estimate is unusable. */
  readonly nonFinite?: string;
}

/** An estimator of the ELBO gradient at lambda from `draws` draws of q. */
export type ElboGradientEstimator = (
  model: CompiledModel,
  family: VariationalFamily,
  lambda: Float64Array,
  rng: Rng,
  draws: number,
) => GradientEstimate;

/** The first coordinate of `values` that is not finite, as `name = value`, or undefined. */
export function firstNonFinite(values: Float64Array, name: (index: number) => string): string | undefined {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return `${name(i)} = ${values[i]}`;
  return undefined;
}

/**
 * The reparameterisation-trick estimator (Kucukelbir et al. 2017, eqs. 8–10; Stan's
 * normal_meanfield::calc_grad and normal_fullrank::calc_grad): the average over draws
 * eta ~ N(0, I) of (∂zeta/∂lambda)' ∇ log p(zeta) at zeta = T(eta; lambda), plus the
 * closed-form entropy gradient. The model's log density includes the Jacobian of the
 * constraint transforms, so this is the ELBO of the unconstrained joint (their eq. 6).
 */
export const reparameterizedGradient: ElboGradientEstimator = (model, family, lambda, rng, draws) => {
  const gradient = new Float64Array(family.size);
  const standard = new Float64Array(family.dim);
  const zeta = new Float64Array(family.dim);
  for (let draw = 0; draw < draws; draw++) {
    fillStandardNormal(rng, standard);
    family.transform(lambda, standard, zeta);
    const evaluated = model.logDensityAndGradient(zeta);
    const bad = Number.isFinite(evaluated.logDensity)
      ? firstNonFinite(evaluated.gradient, (i) => `gradient[${i + 1}]`)
      : `log density = ${evaluated.logDensity}`;
    if (bad !== undefined) {
      return { gradient, gradientEvaluations: draw + 1, logDensityEvaluations: 0, nonFinite: `${bad} at gradient draw ${draw + 1} of ${draws}` };
    }
    family.addReparameterizedGradient(lambda, standard, evaluated.gradient, gradient);
  }
  for (let i = 0; i < gradient.length; i++) gradient[i]! /= draws;
  family.addEntropyGradient(lambda, gradient);
  const bad = firstNonFinite(gradient, (i) => `∂ELBO/∂${family.parameterName(i)}`);
  return { gradient, gradientEvaluations: draws, logDensityEvaluations: 0, ...(bad === undefined ? {} : { nonFinite: bad }) };
};

export interface ElboEstimate {
  readonly elbo: number;
  readonly logDensityEvaluations: number;
  readonly nonFinite?: string;
}

/**
 * ELBO(lambda) = E_q[log p(zeta)] + H[q] with the expectation averaged over `draws` draws
 * (Stan's advi::calc_ELBO). Unlike Stan, a draw whose log density is not finite is not
 * dropped (dropping biases the estimate upwards); the estimate is reported as not finite.
 */
export function estimateElbo(model: CompiledModel, family: VariationalFamily, lambda: Float64Array, rng: Rng, draws: number): ElboEstimate {
  const standard = new Float64Array(family.dim);
  const zeta = new Float64Array(family.dim);
  let sum = 0;
  for (let draw = 0; draw < draws; draw++) {
    family.transform(lambda, fillStandardNormal(rng, standard), zeta);
    const logDensity = model.logDensity(zeta);
    if (!Number.isFinite(logDensity)) {
      return { elbo: logDensity, logDensityEvaluations: draw + 1, nonFinite: `log density = ${logDensity} at ELBO draw ${draw + 1} of ${draws}` };
    }
    sum += logDensity;
  }
  const elbo = sum / draws + family.entropy(lambda);
  return { elbo, logDensityEvaluations: draws, ...(Number.isFinite(elbo) ? {} : { nonFinite: `entropy = ${family.entropy(lambda)}` }) };
}
