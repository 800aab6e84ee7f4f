import { valueAndGrad, type ValueAndGrad } from '../../ad/grad.js';
import { softplus } from '../../ad/ops/link.js';
import { Tensor, formatShape } from '../../ad/tensor.js';
import type { Value } from '../../ad/trace.js';
import type { Network, NetworkParameters } from '../../nn/sequential.js';
import { adam, type Adam, type AdamState } from '../../optimize/adam.js';
import { makeRng, type Rng } from '../../random/rng.js';
import { negativeElbo, type MiniBatch, type StandardNormalDraws, type ElboSetting } from './objective.js';
import { checkNoiseModel, type NoiseModel } from './noise.js';
import { bnnPredictive, type BnnPredictiveOptions, type BnnPrediction } from './predict.js';
import { initialVariational, inverseSoftplus, scalesOf, standardNormals, type VariationalParameters } from './variational.js';

// Bayes by Backprop (Blundell, Cornebise, Kavukcuoglu & Wierstra 2015, "Weight
// uncertainty in neural networks", §3): stochastic gradient descent on the negative ELBO
// of a mean-field Gaussian posterior over all weights, with reparametrised weight draws
// (their §3.2) and minibatches (§3.4), here stepped by Adam.

export interface BayesByBackpropOptions {
  readonly network: Network;
  /** Inputs, one row per observation: [N, inputs]. */
  readonly x: Tensor;
  /** Targets: [N, outputs], or [N] for a network with one output. */
  readonly y: Tensor;
  /** Passes over the data. */
  readonly epochs: number;
  /** Observations per gradient step (the last of an epoch may be smaller). Default min(N, 128). */
  readonly batchSize?: number;
  /** Adam's step size at the first step. Default 0.01. */
  readonly learningRate?: number;
  /**
   * Adam's step size at the last step; in between it decays geometrically. Default
   * learningRate / 100. Stochastic gradients need decreasing steps to settle (Robbins &
   * Monro 1951): with a constant step the iterate keeps wandering with the gradient noise
   * of one weight draw, and on bnn_regression it drifts to fits with more units pruned
   * (noise sd 0.27 instead of 0.21, RMSE 0.21 instead of 0.17). Pass learningRate for a
   * constant step.
   */
  readonly finalLearningRate?: number;
  /** Reparametrised weight draws per step. Default 1. */
  readonly samples?: number;
  readonly seed: number;
  /** Observation noise. Default: learned, σ ~ half-normal(1). */
  readonly noise?: NoiseModel;
  /** Every weight and bias ~ normal(0, priorScale) a priori. Default 1. */
  readonly priorScale?: number;
  /** sd of every variational factor at the start (means start from the network's initialisation). Default 0.01. */
  readonly initialScale?: number;
  /** Called after each epoch, e.g. to watch convergence. */
  readonly onEpoch?: (info: BayesByBackpropEpoch) => void;
}

export interface BayesByBackpropEpoch {
  /** 1-based. */
  readonly epoch: number;
  /** Mean over the epoch's steps of the negative-ELBO estimate (full-data scale). */
  readonly loss: number;
  readonly variational: VariationalParameters;
}

/** q's parameters in the units of the model: the sd of each weight, and of log σ. */
export interface WeightPosterior {
  readonly mean: NetworkParameters;
  readonly scale: NetworkParameters;
  /** The fixed σ, or the normal factor of log σ (σ is then log-normal). */
  readonly noise: { readonly kind: 'fixed'; readonly sigma: number } | { readonly kind: 'learned'; readonly logMean: number; readonly logScale: number };
}

export interface BayesByBackpropResult {
  readonly network: Network;
  readonly noiseModel: NoiseModel;
  /** The learned variational parameters as optimised (μ, ρ with σ = softplus(ρ)). */
  readonly variational: VariationalParameters;
  readonly posterior: WeightPosterior;
  /** Loss per epoch (see BayesByBackpropEpoch.loss). */
  readonly lossTrace: Float64Array;
  /** Gradient steps taken. */
  readonly steps: number;
  /** The posterior predictive at new inputs [M, inputs]. */
  predict(xNew: Tensor, options: BnnPredictiveOptions): BnnPrediction;
}

interface Settings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly finalLearningRate: number;
  readonly samples: number;
  readonly noise: NoiseModel;
  readonly priorScale: number;
  readonly initialScale: number;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`bayesByBackprop: ${name} is ${value}, but must be a positive integer`);
  return value;
}

function positiveNumber(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`bayesByBackprop: ${name} is ${value}, but must be a positive finite number`);
  return value;
}

function checkFinite(name: string, values: Float64Array): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`bayesByBackprop: ${name}[${bad}] is ${values[bad]}, but every value must be finite`);
}

/** The targets as [N, outputs], after checking x and y against the network. */
function checkData(network: Network, x: Tensor, y: Tensor): Tensor {
  if (x.rank !== 2 || x.shape[1] !== network.inputs) {
    throw new Error(`bayesByBackprop: x has shape ${formatShape(x.shape)}, but must be [N, ${network.inputs}] for this network`);
  }
  const count = x.shape[0]!;
  const asMatrix = y.rank === 1 && network.outputs === 1 ? new Tensor(y.data, [y.shape[0]!, 1]) : y;
  if (asMatrix.rank !== 2 || asMatrix.shape[0] !== count || asMatrix.shape[1] !== network.outputs) {
    throw new Error(`bayesByBackprop: y has shape ${formatShape(y.shape)}, but must be [${count}, ${network.outputs}] to match x and the network`);
  }
  checkFinite('x', x.data);
  checkFinite('y', asMatrix.data);
  return asMatrix;
}

function checkSettings(options: BayesByBackpropOptions, count: number): Settings {
  const noise = options.noise ?? { kind: 'learned', priorScale: 1 };
  checkNoiseModel('bayesByBackprop', noise);
  const batchSize = positiveInteger('batchSize', options.batchSize ?? Math.min(count, 128));
  if (batchSize > count) throw new Error(`bayesByBackprop: batchSize is ${batchSize}, but there are only ${count} observations`);
  if (!Number.isFinite(options.seed)) throw new Error(`bayesByBackprop: seed is ${options.seed}, but must be a finite number`);
  const learningRate = positiveNumber('learningRate', options.learningRate ?? 0.01);
  return {
    epochs: positiveInteger('epochs', options.epochs),
    batchSize,
    learningRate,
    finalLearningRate: positiveNumber('finalLearningRate', options.finalLearningRate ?? learningRate / 100),
    samples: positiveInteger('samples', options.samples ?? 1),
    noise,
    priorScale: positiveNumber('priorScale', options.priorScale ?? 1),
    initialScale: positiveNumber('initialScale', options.initialScale ?? 0.01),
  };
}

/** A uniformly random order of 0..n−1 (Fisher–Yates, as Durstenfeld 1964). */
function permutation(n: number, rng: Rng): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}

/** Rows `order[start..end)` of a matrix, copied into a new one. */
function rows(matrix: Tensor, order: Int32Array, start: number, end: number): Tensor {
  const width = matrix.shape[1]!;
  const out = new Float64Array((end - start) * width);
  for (let r = start; r < end; r++) out.set(matrix.data.subarray(order[r]! * width, (order[r]! + 1) * width), (r - start) * width);
  return new Tensor(out, [end - start, width]);
}

function sampleDraws(network: Network, samples: number, rng: Rng): StandardNormalDraws {
  const weights = Array.from({ length: samples }, () => standardNormals(network.parameterShapes, rng));
  return { weights, noise: Array.from({ length: samples }, () => rng.normal()) };
}

/** The starting factor of log σ: centred on the log of y's sd (the fit before anything is learned). */
function initialNoiseFactor(noise: NoiseModel, y: Tensor, initialScale: number): { mean: number; rho: number } | undefined {
  if (noise.kind === 'fixed') return undefined;
  const mean = y.data.reduce((a, b) => a + b, 0) / y.size;
  const variance = y.data.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, y.size - 1);
  return { mean: 0.5 * Math.log(Math.max(variance, 1e-12)), rho: inverseSoftplus(initialScale) };
}

function posteriorOf(variational: VariationalParameters, noise: NoiseModel): WeightPosterior {
  const scale = scalesOf(variational.rho) as NetworkParameters;
  if (noise.kind === 'fixed') return { mean: variational.mean, scale, noise: { kind: 'fixed', sigma: noise.sigma } };
  const factor = variational.noise!;
  return { mean: variational.mean, scale, noise: { kind: 'learned', logMean: factor.mean, logScale: softplus(factor.rho) as number } };
}

/** What stays fixed over a run: the data, the objective's gradient, the optimiser and its schedule. */
interface Trainer {
  readonly settings: Settings;
  readonly network: Network;
  readonly x: Tensor;
  readonly y: Tensor;
  readonly optimizer: Adam;
  readonly lossAndGradient: (variational: VariationalParameters, batch: MiniBatch, draws: StandardNormalDraws) => ValueAndGrad;
  /** log of the per-step factor of the geometric learning-rate decay. */
  readonly decay: number;
}

/** One pass over the data in a fresh random order; returns the new state and the mean step loss. */
function runEpoch(trainer: Trainer, state: AdamState<VariationalParameters>, rng: Rng, epoch: number): [AdamState<VariationalParameters>, number] {
  const { settings, network, x, y, optimizer } = trainer;
  const count = x.shape[0]!;
  const order = permutation(count, rng);
  let total = 0;
  let steps = 0;
  for (let start = 0; start < count; start += settings.batchSize) {
    const end = Math.min(start + settings.batchSize, count);
    const batch = { x: rows(x, order, start, end), y: rows(y, order, start, end) };
    const { value, grad } = trainer.lossAndGradient(state.position, batch, sampleDraws(network, settings.samples, rng));
    if (!Number.isFinite(value as number)) {
      throw new Error(
        `bayesByBackprop: the loss is ${value} at epoch ${epoch}, step ${steps + 1}; ` +
          `try a smaller learningRate (now ${settings.learningRate}) or initialScale (now ${settings.initialScale})`,
      );
    }
    state = optimizer.step(state, grad, settings.learningRate * Math.exp(trainer.decay * state.iteration));
    total += value as number;
    steps += 1;
  }
  return [state, total / steps];
}

/** Fits q by Bayes by Backprop; the same seed gives the same result, bit for bit. */
export function bayesByBackprop(options: BayesByBackpropOptions): BayesByBackpropResult {
  const { network, x } = options;
  const y = checkData(network, x, options.y);
  const count = x.shape[0]!;
  const settings = checkSettings(options, count);
  const { noise } = settings;
  const setting: ElboSetting = { network, noise, priorScale: settings.priorScale, dataCount: count };
  const totalSteps = settings.epochs * Math.ceil(count / settings.batchSize);
  const trainer: Trainer = {
    settings,
    network,
    x,
    y,
    optimizer: adam({ learningRate: settings.learningRate }),
    lossAndGradient: valueAndGrad((variational: VariationalParameters<Value, Value>, batch: MiniBatch, draws: StandardNormalDraws) =>
      negativeElbo(setting, variational, batch, draws),
    ),
    decay: Math.log(settings.finalLearningRate / settings.learningRate) / Math.max(1, totalSteps - 1),
  };
  const initialNoise = initialNoiseFactor(noise, y, settings.initialScale);
  let state = trainer.optimizer.init(initialVariational(network, makeRng(options.seed, 0), settings.initialScale, initialNoise));
  const rng = makeRng(options.seed, 1);
  const lossTrace = new Float64Array(settings.epochs);
  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    [state, lossTrace[epoch - 1]] = runEpoch(trainer, state, rng, epoch);
    options.onEpoch?.({ epoch, loss: lossTrace[epoch - 1]!, variational: state.position });
  }
  const variational = state.position;
  return {
    network,
    noiseModel: noise,
    variational,
    posterior: posteriorOf(variational, noise),
    lossTrace,
    steps: state.iteration,
    predict: (xNew: Tensor, predictOptions: BnnPredictiveOptions) => bnnPredictive(network, noise, variational, xNew, predictOptions),
  };
}
