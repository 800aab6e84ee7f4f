import {
  type WelfordCovarianceAccumulator,
  welfordCovarianceAccumulate,
  welfordCovarianceAccumulator,
  welfordCovarianceFinal,
  welfordCovarianceReset,
} from './adaptation/welford.js';
import { cholesky } from './linalg.js';
import type { MetropolisParameters } from './metropolis.js';

/**
 * Warm-up for random-walk Metropolis as init/update/final functions:
 *   - the proposal scale follows the Robbins–Monro recursion on its logarithm (Andrieu &
 *     Thoms 2008, "A tutorial on adaptive MCMC", section 5, algorithm 4):
 *       log s_{n+1} = log s_n + gamma_{n+1} (alpha_n - alpha*),  gamma_n = (n + 10)^{-kappa},
 *     with alpha_n the transition's acceptance probability and alpha* = 0.234, the optimum for
 *     high-dimensional targets (Roberts, Gelman & Gilks 1997);
 *   - the proposal shape is the chain's covariance C (Haario, Saksman & Tamminen 2001, "An
 *     adaptive Metropolis algorithm"), proposal covariance s^2 C with s near 2.38 / sqrt(d),
 *     the optimal scale for a Gaussian target of covariance C (Gelman, Roberts & Gilks 1996).
 * Haario's estimate averages every draw since the start, including the transient from the
 * initial point, which in high dimensions biases it for thousands of iterations. Here C is
 * estimated in windows, as Stan estimates its metric (stan/mcmc/windowed_adaptation.hpp):
 *   I.   an initial buffer adapts the scale only, while the chain leaves its initial point;
 *   II.  windows of doubling length each estimate C afresh from their own draws, so the
 *        transient and the draws made with a worse shape are forgotten. At each window's end
 *        the estimate (see `shrunkCovariance`) is adopted, its Cholesky factor computed
 *        (O(d^3), rare), and the scale restarts at 2.38 / sqrt(d) with a fresh gain, since
 *        the old scale was tuned for the old shape. In the second half of a window the
 *        running estimate, by then built from as many draws as the adopted one, is also
 *        adopted every `covarianceInterval` iterations (as Haario's AM updates continuously),
 *        which lets coordinates whose proposal was far too small grow within the window;
 *   III. when the warm-up length is known, the last window is stretched as Stan's to end a
 *        terminal buffer before the end, in which only the scale adapts to the final shape.
 * The scale for sampling is the gain-weighted average of the log-scale iterates since the
 * last restart (as Stan's dual averaging returns x-bar), which removes the noise of the last
 * iterates. Adaptation stops when the caller calls `final` at the end of warm-up.
 *
 * The covariance accumulator is updated in place (O(d^2) per iteration, no d^2 copy), so an
 * adaptation state must be updated once only: updating an older state again after its
 * successor changed the accumulator throws rather than silently mixing the two histories.
 */

export interface MetropolisAdaptationOptions {
  /** alpha*, default 0.234. */
  readonly targetAcceptance?: number;
  /** kappa in gamma_n = (n + 10)^{-kappa}, in (0.5, 1] (Robbins–Monro conditions); default 0.6. */
  readonly gainDecay?: number;
  /** Adapt the proposal covariance as well as the scale; default true. */
  readonly adaptCovariance?: boolean;
  /** Scale-only iterations before the first covariance window; default max(100, 2 dim). */
  readonly initialBuffer?: number;
  /**
   * Length of the first covariance window (each next one doubles); default max(50, 5 dim).
   * A window of W draws in which a coordinate hardly moves estimates its variance as about
   * W alpha s^2 C_ii / 6 (a random walk's path), which with s^2 = 2.38^2 / d and alpha = 0.234
   * exceeds the C_ii it was proposed with only when W > 4.5 d: shorter windows would shrink
   * the proposal along the very coordinates that are under-explored.
   */
  readonly baseWindow?: number;
  /** Iterations between adoptions of the running estimate in a window's second half
   *  (default 50). */
  readonly covarianceInterval?: number;
  /** Total warm-up iterations, if known: the last window is then stretched to end
   *  `terminalBuffer` iterations before the end (Stan). Unknown: windows double forever. */
  readonly numWarmup?: number;
  /** Scale-only iterations after the last window when `numWarmup` is given; default
   *  max(50, 2 dim), enough for the scale to settle after its restart. */
  readonly terminalBuffer?: number;
}

export interface MetropolisAdaptationState {
  /** Updates so far. */
  readonly iteration: number;
  /** Robbins–Monro iterations since the scale last restarted. */
  readonly scaleIteration: number;
  readonly logScale: number;
  /** Gain-weighted average of the log scales since the last restart (the sampling scale). */
  readonly averageLogScale: number;
  /** Iterations done when the current covariance window began, and its nominal length
   *  (0 before the first window). */
  readonly windowStart: number;
  readonly windowSize: number;
  /** The current window's covariance estimate; owned by the adaptation, updated in place. */
  readonly covariance: WelfordCovarianceAccumulator;
  /** covariance.count when this state was made (detects an update of a stale state). */
  readonly windowDraws: number;
  /** What the next transition uses. */
  readonly parameters: MetropolisParameters;
}

const HAARIO_SCALE = 2.38;

/**
 * n0 in gamma_n = (n + n0)^{-kappa}: damps the first steps after a restart, whose single
 * acceptance probabilities are noisy, as t0 = 10 does in Stan's dual averaging. Without it a
 * short terminal buffer leaves the scale off by the first few steps' noise.
 */
const GAIN_OFFSET = 10;


/** Starts at scale 2.38 / sqrt(dim) with identity shape, or at `initial` if given. */
export function metropolisAdaptationInit(dim: number, initial?: MetropolisParameters): MetropolisAdaptationState {
  if (!Number.isInteger(dim) || dim < 1) {
    throw new Error(`metropolisAdaptationInit: dim is ${dim}, but must be a positive integer`);
  }
  const parameters = initial ?? { proposalScale: HAARIO_SCALE / Math.sqrt(dim) };
  if (!(parameters.proposalScale > 0) || !Number.isFinite(parameters.proposalScale)) {
    throw new Error(
      `metropolisAdaptationInit: proposalScale is ${parameters.proposalScale}, but must be a positive finite number`,
    );
  }
  const logScale = Math.log(parameters.proposalScale);
  return {
    iteration: 0,
    scaleIteration: 0,
    logScale,
    averageLogScale: logScale,
    windowStart: 0,
    windowSize: 0,
    covariance: welfordCovarianceAccumulator(dim),
    windowDraws: 0,
    parameters,
  };
}

/** One adaptation step after a transition that reached `position` with `acceptStat`. */
export function metropolisAdaptationUpdate(
  state: MetropolisAdaptationState,
  position: Float64Array,
  acceptStat: number,
  options: MetropolisAdaptationOptions = {},
): MetropolisAdaptationState {
  const dim = state.covariance.mean.length;
  const resolved = resolve(options, dim);
  if (!(acceptStat >= 0 && acceptStat <= 1)) {
    throw new Error(`metropolisAdaptationUpdate: acceptStat is ${acceptStat}, but must be in [0, 1]`);
  }
  if (position.length !== dim) {
    throw new Error(`metropolisAdaptationUpdate: position has length ${position.length}, but the adaptation has dim ${dim}`);
  }
  if (state.covariance.count !== state.windowDraws) {
    throw new Error(
      'metropolisAdaptationUpdate: this state was already updated (its covariance estimate, kept in place, ' +
        'has moved on); update each adaptation state once, with the state the previous update returned',
    );
  }
  const iteration = state.iteration + 1;
  const scale = robbinsMonro(state, acceptStat, resolved);
  const window = resolved.adaptCovariance && iteration > resolved.initialBuffer
    ? covarianceWindowStep(state, position, iteration, resolved)
    : undefined;
  // After adopting a new shape the scale restarts at Haario's 2.38 / sqrt(d).
  const restart = Math.log(HAARIO_SCALE / Math.sqrt(dim));
  const nextScale = window?.endsWindow ? { scaleIteration: 0, logScale: restart, averageLogScale: restart } : scale;
  const proposalCholesky = window?.proposalCholesky ?? state.parameters.proposalCholesky;
  const proposalScale = Math.exp(nextScale.logScale);
  return {
    iteration,
    ...nextScale,
    windowStart: window?.windowStart ?? state.windowStart,
    windowSize: window?.windowSize ?? state.windowSize,
    covariance: state.covariance,
    windowDraws: state.covariance.count,
    parameters: proposalCholesky === undefined ? { proposalScale } : { proposalScale, proposalCholesky },
  };
}

/** The parameters for sampling: the averaged scale with the shape it was tuned for. */
export function metropolisAdaptationFinal(state: MetropolisAdaptationState): MetropolisParameters {
  const proposalScale = Math.exp(state.averageLogScale);
  const { proposalCholesky } = state.parameters;
  return proposalCholesky === undefined ? { proposalScale } : { proposalScale, proposalCholesky };
}

/**
 * The covariance part of one update (stage II): adds `position` to the current window's
 * estimate, adopts the estimate every `covarianceInterval` draws in the window's second half
 * and at its end, where the estimate restarts and the next window, twice as long, begins.
 * A new Cholesky factor is returned only when one is adopted.
 */
function covarianceWindowStep(
  state: MetropolisAdaptationState,
  position: Float64Array,
  iteration: number,
  options: ResolvedOptions,
): { windowStart: number; windowSize: number; endsWindow: boolean; proposalCholesky?: Float64Array } {
  const accumulator = state.covariance;
  const first = state.windowSize === 0;
  const windowStart = first ? options.initialBuffer : state.windowStart;
  const windowSize = first ? options.baseWindow : state.windowSize;
  const windowEnd = windowEndOf(windowStart, windowSize, options.slowEnd);
  if (iteration > windowEnd) return { windowStart, windowSize, endsWindow: false };
  welfordCovarianceAccumulate(accumulator, position);
  const count = accumulator.count;
  if (iteration === windowEnd && count >= 2) {
    const proposalCholesky = shrunkCholesky(accumulator);
    welfordCovarianceReset(accumulator);
    return { windowStart: windowEnd, windowSize: 2 * windowSize, endsWindow: true, proposalCholesky };
  }
  // Refresh only from an estimate with at least as many draws as the one adopted at the last
  // window's end (half this window): a few hundred draws of a random walk in many dimensions
  // are worth less than one independent draw, and adopting them would collapse the proposal.
  const refresh = count >= Math.max(options.baseWindow, windowSize / 2) && count % options.covarianceInterval === 0;
  return { windowStart, windowSize, endsWindow: false, proposalCholesky: refresh ? shrunkCholesky(accumulator) : undefined };
}

/**
 * The Cholesky factor of the window's covariance, regularised as Stan's
 * (n/(n+5) C + 1e-3 5/(n+5) I, `welfordCovarianceFinal`), with its off-diagonal entries
 * shrunk toward 0 (Ledoit & Wolf 2004, shrinkage toward the diagonal, here with a fixed
 * intensity) by the weight d / (d + m), m = 0.3 n / d: optimally tuned random-walk Metropolis
 * on a d-dimensional Gaussian makes about 0.3 n / d effective draws from n (Roberts, Gelman &
 * Gilks 1997). With m below d the raw estimate is nearly singular (its eigenvalues spread as
 * Marchenko–Pastur's), and proposals built from it collapse onto a subspace and stop
 * exploring the rest; the variances, which need far fewer draws, are kept.
 */
function shrunkCholesky(accumulator: WelfordCovarianceAccumulator): Float64Array {
  const dim = accumulator.mean.length;
  const covariance = welfordCovarianceFinal(accumulator);
  const effectiveDraws = (0.3 * accumulator.count) / dim;
  const offDiagonalWeight = effectiveDraws / (dim + effectiveDraws);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) if (i !== j) covariance[i * dim + j]! *= offDiagonalWeight;
  }
  return cholesky(covariance, 'metropolisAdaptationUpdate: covariance');
}

/**
 * Andrieu & Thoms (2008) algorithm 4 on log s, with the iterate average of Polyak & Juditsky
 * weighted by the gain as in Stan's dual averaging (x-bar_n = gamma_n x_n + (1 - gamma_n) x-bar_{n-1}).
 */
function robbinsMonro(
  state: MetropolisAdaptationState,
  acceptStat: number,
  options: ResolvedOptions,
): { scaleIteration: number; logScale: number; averageLogScale: number } {
  const scaleIteration = state.scaleIteration + 1;
  const gain = Math.pow(scaleIteration + GAIN_OFFSET, -options.gainDecay);
  const logScale = state.logScale + gain * (acceptStat - options.targetAcceptance);
  const averageLogScale = gain * logScale + (1 - gain) * state.averageLogScale;
  return { scaleIteration, logScale, averageLogScale };
}

/**
 * The iteration count at which a window starting after `start` iterations with nominal length
 * `size` ends: start + size, stretched to `slowEnd` when the doubled window after it would
 * not fit (Stan's compute_next_window), and never past `slowEnd`.
 */
function windowEndOf(start: number, size: number, slowEnd: number): number {
  const end = start + size;
  return end + 2 * size > slowEnd ? slowEnd : end;
}

interface ResolvedOptions {
  readonly targetAcceptance: number;
  readonly gainDecay: number;
  readonly adaptCovariance: boolean;
  readonly initialBuffer: number;
  readonly baseWindow: number;
  readonly covarianceInterval: number;
  /** Iterations after which no window accumulates (Infinity when numWarmup is unknown). */
  readonly slowEnd: number;
}

function resolve(options: MetropolisAdaptationOptions, dim: number): ResolvedOptions {
  const targetAcceptance = options.targetAcceptance ?? 0.234;
  const gainDecay = options.gainDecay ?? 0.6;
  if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
    throw new Error(`metropolisAdaptation: targetAcceptance is ${targetAcceptance}, but must be in (0, 1)`);
  }
  if (!(gainDecay > 0.5 && gainDecay <= 1)) {
    throw new Error(`metropolisAdaptation: gainDecay is ${gainDecay}, but must be in (0.5, 1]`);
  }
  let initialBuffer = options.initialBuffer ?? Math.max(100, 2 * dim);
  let baseWindow = options.baseWindow ?? Math.max(50, 5 * dim);
  let terminalBuffer = options.terminalBuffer ?? Math.max(50, 2 * dim);
  checkCount('initialBuffer', initialBuffer, 0);
  checkCount('baseWindow', baseWindow, 2);
  checkCount('terminalBuffer', terminalBuffer, 0);
  const { numWarmup } = options;
  if (numWarmup !== undefined) {
    checkCount('numWarmup', numWarmup, 0);
    if (initialBuffer + baseWindow + terminalBuffer > numWarmup) {
      // Stan's fallback when the stages do not fit: 15% / 75% / 10% of warm-up.
      initialBuffer = Math.floor(0.15 * numWarmup);
      terminalBuffer = Math.floor(0.1 * numWarmup);
      baseWindow = numWarmup - initialBuffer - terminalBuffer;
    }
  }
  const slowEnd = numWarmup === undefined ? Number.POSITIVE_INFINITY : numWarmup - terminalBuffer;
  const covarianceInterval = options.covarianceInterval ?? 50;
  checkCount('covarianceInterval', covarianceInterval, 1);
  return {
    targetAcceptance,
    gainDecay,
    adaptCovariance: options.adaptCovariance ?? true,
    initialBuffer,
    baseWindow,
    covarianceInterval,
    slowEnd,
  };
}

function checkCount(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`metropolisAdaptation: ${name} is ${value}, but must be an integer >= ${minimum}`);
  }
}
