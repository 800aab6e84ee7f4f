import { softplus } from '../../ad/ops/link.js';
import { Tensor, formatShape } from '../../ad/tensor.js';
import type { Network } from '../../nn/sequential.js';
import type { Rng } from '../../random/rng.js';
import type { NoiseModel } from './noise.js';
import { reparametrise, scalesOf, standardNormals, type VariationalParameters } from './variational.js';

export interface BnnPredictiveOptions {
  /** Where the draws come from: weights from q, then noise. */
  readonly rng: Rng;
  /** Posterior draws. Default 1000. */
  readonly draws?: number;
  /** Central probability of the intervals. Default 0.9 (the 5% and 95% quantiles). */
  readonly level?: number;
}

/** The posterior predictive at new inputs; every tensor has shape [M, outputs]. */
export interface BnnPrediction {
  /** E[f(x)] under q, estimated from the draws (also the predictive mean of y: the noise has mean 0). */
  readonly mean: Tensor;
  /** Quantiles (1 − level)/2 and (1 + level)/2 of y = f(x) + σ ε: the band a new observation falls in. */
  readonly lower: Tensor;
  readonly upper: Tensor;
  /** The same quantiles of f(x) alone: the weights' (epistemic) uncertainty without the noise. */
  readonly functionLower: Tensor;
  readonly functionUpper: Tensor;
  readonly level: number;
  readonly draws: number;
}

/** Quantile p of sorted values, interpolating linearly between order statistics (Hyndman & Fan 1996, type 7). */
export function sortedQuantile(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

function checkPredictOptions(options: BnnPredictiveOptions): { draws: number; level: number } {
  const { draws = 1000, level = 0.9 } = options;
  if (!Number.isInteger(draws) || draws < 2) throw new Error(`predict: draws is ${draws}, but must be an integer ≥ 2`);
  if (!(level > 0 && level < 1)) throw new Error(`predict: level is ${level}, but must be in (0, 1)`);
  if (options.rng === undefined) throw new Error('predict: options.rng is missing; pass one, e.g. { rng: makeRng(seed) }');
  return { draws, level };
}

/** One noise sd per draw: the fixed σ, or e^u with u from q(log σ). */
function noiseSigma(noise: NoiseModel, variational: VariationalParameters, rng: Rng): number {
  if (noise.kind === 'fixed') return noise.sigma;
  const factor = variational.noise!;
  return Math.exp(factor.mean + (softplus(factor.rho) as number) * rng.normal());
}

/**
 * Monte Carlo posterior predictive (Blundell et al. 2015, eq. 1 averaged over draws of q):
 * for each draw, weights w ~ q and σ ~ q(σ), f = network(w, x), y = f + σ ε. Runs on plain
 * tensors, no tracing: one batched forward pass per draw.
 */
export function bnnPredictive(
  network: Network,
  noise: NoiseModel,
  variational: VariationalParameters,
  xNew: Tensor,
  options: BnnPredictiveOptions,
): BnnPrediction {
  const { draws, level } = checkPredictOptions(options);
  if (xNew.rank !== 2 || xNew.shape[1] !== network.inputs) {
    throw new Error(`predict: xNew has shape ${formatShape(xNew.shape)}, but must be [M, ${network.inputs}]`);
  }
  const { rng } = options;
  const size = xNew.shape[0]! * network.outputs;
  const functionDraws = new Float64Array(draws * size); // draw-major: [draw][point]
  const observationDraws = new Float64Array(draws * size);
  const scales = scalesOf(variational.rho);
  for (let d = 0; d < draws; d++) {
    const weights = reparametrise(variational.mean, scales, standardNormals(network.parameterShapes, rng));
    const f = (network.apply(weights, xNew) as Tensor).data;
    const sigma = noiseSigma(noise, variational, rng);
    for (let i = 0; i < size; i++) {
      functionDraws[d * size + i] = f[i]!;
      observationDraws[d * size + i] = f[i]! + sigma * rng.normal();
    }
  }
  const shape = [xNew.shape[0]!, network.outputs];
  const mean = new Float64Array(size);
  const bands = [new Float64Array(size), new Float64Array(size), new Float64Array(size), new Float64Array(size)];
  const column = new Float64Array(draws);
  const tail = (1 - level) / 2;
  for (let i = 0; i < size; i++) {
    let total = 0;
    for (let d = 0; d < draws; d++) total += functionDraws[d * size + i]!;
    mean[i] = total / draws;
    [functionDraws, observationDraws].forEach((source, k) => {
      for (let d = 0; d < draws; d++) column[d] = source[d * size + i]!;
      column.sort();
      bands[2 * k]![i] = sortedQuantile(column, tail);
      bands[2 * k + 1]![i] = sortedQuantile(column, 1 - tail);
    });
  }
  const asTensor = (data: Float64Array): Tensor => new Tensor(data, shape);
  return {
    mean: asTensor(mean),
    functionLower: asTensor(bands[0]!),
    functionUpper: asTensor(bands[1]!),
    lower: asTensor(bands[2]!),
    upper: asTensor(bands[3]!),
    level,
    draws,
  };
}
