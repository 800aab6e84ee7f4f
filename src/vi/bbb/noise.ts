import { add, exp, mul, softplus, sub } from '../../ad/index.js';
import type { Value } from '../../ad/trace.js';
import { klLogNormalFromHalfNormal } from './kl.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The observation noise of y ~ normal(f(x), σ):
 * - `fixed`: σ is known;
 * - `learned`: σ ~ half-normal(priorScale) a priori (bnn_regression in bench/README.md has
 *   priorScale 1), and σ gets its own variational factor, log σ ~ normal(m, softplus(ρ)),
 *   a log-normal on σ, trained with the weights by the same reparametrised gradient.
 */
export type NoiseModel =
  | { readonly kind: 'fixed'; readonly sigma: number }
  | { readonly kind: 'learned'; readonly priorScale: number };

/** The variational factor of log σ: normal(mean, softplus(rho)). */
export type NoiseFactor<V extends Value = number> = { readonly mean: V; readonly rho: V };

export function checkNoiseModel(place: string, noise: NoiseModel): void {
  switch (noise.kind) {
    case 'fixed':
      if (!(noise.sigma > 0) || !Number.isFinite(noise.sigma)) {
        throw new Error(`${place}: noise.sigma is ${noise.sigma}, but must be a positive finite number`);
      }
      return;
    case 'learned':
      if (!(noise.priorScale > 0) || !Number.isFinite(noise.priorScale)) {
        throw new Error(`${place}: noise.priorScale is ${noise.priorScale}, but must be a positive finite number`);
      }
      return;
    default: {
      const never: never = noise;
      throw new Error(`${place}: noise.kind is ${JSON.stringify((never as { kind: unknown }).kind)}, but must be 'fixed' or 'learned'`);
    }
  }
}

/**
 * Σₙ log normal(yₙ | fₙ, σ) for `count` observations from the residual sum of squares,
 * with σ = e^{logSigma}: −½ rss e^{−2 log σ} − count (log σ + ½ log 2π).
 */
export function gaussianLogLikelihood(residualSquares: Value, count: number, logSigma: Value): Value {
  const fit = mul(-0.5, mul(residualSquares, exp(mul(-2, logSigma))));
  return sub(fit, mul(count, add(logSigma, LOG_SQRT_2PI)));
}

/** log σ for one reparametrised draw ε ~ normal(0, 1): m + softplus(ρ) ε, or the fixed log σ. */
export function logSigmaDraw(noise: NoiseModel, factor: NoiseFactor<Value> | undefined, standardNormal: number): Value {
  if (noise.kind === 'fixed') return Math.log(noise.sigma);
  if (factor === undefined) throw new Error("bayesByBackprop: the noise model is 'learned', but the variational parameters have no noise factor");
  return add(factor.mean, mul(softplus(factor.rho), standardNormal));
}

/** KL of the noise factor from σ's prior (zero when σ is fixed). */
export function noiseKl(noise: NoiseModel, factor: NoiseFactor<Value> | undefined): Value {
  if (noise.kind === 'fixed' || factor === undefined) return 0;
  return klLogNormalFromHalfNormal(factor.mean, softplus(factor.rho), noise.priorScale);
}
