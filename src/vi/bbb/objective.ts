import { add, div, mul, square, sub, sum, type Tensor } from '../../ad/index.js';
import type { Value } from '../../ad/trace.js';
import type { Network, NetworkParameters } from '../../nn/sequential.js';
import { klNormalFromCentredNormal } from './kl.js';
import { gaussianLogLikelihood, logSigmaDraw, noiseKl, type NoiseModel } from './noise.js';
import { reparametrise, scalesOf, type VariationalParameters } from './variational.js';

/** What the objective needs besides the variational parameters and the draws. */
export interface ElboSetting {
  readonly network: Network;
  readonly noise: NoiseModel;
  /** sd of the normal(0, priorScale) prior on every weight and bias. */
  readonly priorScale: number;
  /** N, the size of the whole data set. */
  readonly dataCount: number;
}

/** A minibatch: rows x [B, inputs] and targets y [B, outputs]. */
export interface MiniBatch {
  readonly x: Tensor;
  readonly y: Tensor;
}

/** The standard normal draws of one objective evaluation: one set of ε per Monte Carlo sample. */
export interface StandardNormalDraws {
  readonly weights: readonly NetworkParameters[];
  /** One ε per sample for log σ (ignored when σ is fixed). */
  readonly noise: readonly number[];
}

/**
 * An unbiased estimate of the negative ELBO of the whole data set from one minibatch
 * (Blundell et al. 2015, eq. 2 with the likelihood term estimated by minibatch):
 *   KL(q(w) ‖ p(w)) + KL(q(σ) ‖ p(σ)) − (N / B) · (1/S) Σₛ log p(y_batch | wₛ, σₛ),
 * with S reparametrised samples. Per step this weighs the KL by B/N relative to the
 * minibatch likelihood, i.e. eq. 9 with πᵢ = 1/M for M equal minibatches (their §3.4
 * names this the uniform weighting); the constant factor N/B only rescales the gradient,
 * which Adam's steps do not see, and keeps the reported loss on the scale of the full-data
 * negative ELBO. The KL terms are closed form (see kl.ts).
 */
export function negativeElbo(
  setting: ElboSetting,
  variational: VariationalParameters<Value, Value>,
  batch: MiniBatch,
  draws: StandardNormalDraws,
): Value {
  const { network, noise, priorScale, dataCount } = setting;
  const scales = scalesOf(variational.rho);
  let kl: Value = noiseKl(noise, variational.noise);
  for (const name of Object.keys(variational.mean)) {
    kl = add(kl, klNormalFromCentredNormal(variational.mean[name]!, scales[name]!, priorScale));
  }
  const batchSize = batch.x.shape[0]!;
  const samples = draws.weights.length;
  let logLikelihood: Value = 0;
  for (let s = 0; s < samples; s++) {
    const weights = reparametrise(variational.mean, scales, draws.weights[s]!);
    const residualSquares = sum(square(sub(batch.y, network.apply(weights, batch.x))));
    const logSigma = logSigmaDraw(noise, variational.noise, draws.noise[s] ?? 0);
    logLikelihood = add(logLikelihood, gaussianLogLikelihood(residualSquares, batch.y.size, logSigma));
  }
  return sub(kl, mul(dataCount / batchSize, div(logLikelihood, samples)));
}
