import type { CompiledModel } from '../models/model.js';
import { makeRng, type Rng } from '../random/rng.js';
import type { Fit } from '../samplers/run/fit.js';
import { cholesky, inverseSymmetricPositiveDefinite, solveLowerTransposeInPlace } from '../samplers/linalg.js';
import { checkWithMoreDraws } from '../vi/check-draws.js';
import { approximationFit } from '../vi/draws-fit.js';
import { type HessianMethod, logDensityHessian } from './hessian.js';

/**
 * The Laplace approximation at a mode (Bishop 2006, "Pattern Recognition and Machine
 * Learning", section 4.4; Stan's laplace_sample): N(mode, (−H)⁻¹) on the unconstrained
 * space, H the Hessian of the log density at the mode. With −H = L L' (Cholesky), a draw is
 * mode + L'⁻¹ z, z ~ N(0, I), whose covariance is L'⁻¹ L⁻¹ = (−H)⁻¹.
 *
 * The Hessian is that of the model as given: for Stan's default (jacobian=true in
 * laplace_sample), pass a model with the Jacobian terms and its mode from
 * optimize(model, { jacobian: true }).
 */

export interface LaplaceOptions {
  /** Default 1000. */
  readonly draws?: number;
  /** Draws come from makeRng(seed, 1); default 0. */
  readonly seed?: number;
  /** Default 'auto': AD when the model has logDensityValue, else finite differences of the gradient. */
  readonly hessian?: HessianMethod | 'auto';
  /**
   * Draws whose importance ratios give the Pareto-k check of the approximation (as ADVI's
   * checkDraws, vi/options.ts): at most `draws` (the default) checks the kept draws only, as
   * their log_p__ and log_g__ columns show; more are drawn from a stream of their own and
   * the fit then carries the check.
   */
  readonly checkDraws?: number;
}

export interface LaplaceResult {
  readonly mode: Float64Array;
  /** Hessian of the log density at the mode, row-major. */
  readonly hessian: Float64Array;
  readonly hessianMethod: HessianMethod;
  /** (−H)⁻¹, row-major. */
  readonly covariance: Float64Array;
  /** The draws, constrained, as a one-chain Fit (columns lp__, log_p__, log_g__, outputs). */
  readonly fit: Fit;
}

export function laplaceApproximation(model: CompiledModel, mode: Float64Array, options: LaplaceOptions = {}): LaplaceResult {
  const start = performance.now();
  const count = options.draws ?? 1000;
  if (!Number.isInteger(count) || count < 1) throw new Error(`laplaceApproximation: draws is ${count}, but must be a positive integer`);
  const seed = options.seed ?? 0;
  const { hessian, method } = logDensityHessian(model, mode, options.hessian ?? 'auto');
  const dim = model.dim;
  const precision = hessian.map((value) => -value);
  let lower: Float64Array;
  try {
    lower = cholesky(precision, 'laplaceApproximation');
  } catch (error) {
    throw new Error(
      `laplaceApproximation: the Hessian of the log density at the given point is not negative definite, so the point is not a ` +
        `strict local maximum and there is no Gaussian approximation there (${(error as Error).message}). Check that ` +
        'optimize converged, and that the posterior is proper in every direction.',
      { cause: error },
    );
  }
  let logDeterminantHalf = 0;
  for (let i = 0; i < dim; i++) logDeterminantHalf += Math.log(lower[i * dim + i]!);
  const rng = makeRng(seed, 1);
  const logApproximation = new Float64Array(count);
  const positions = Array.from({ length: count }, (_, draw) => {
    const z = Float64Array.from({ length: dim }, () => rng.normal());
    let squares = 0;
    for (let i = 0; i < dim; i++) squares += z[i]! * z[i]!;
    logApproximation[draw] = -0.5 * squares + logDeterminantHalf - 0.5 * dim * Math.log(2 * Math.PI);
    solveLowerTransposeInPlace(lower, z);
    return z.map((value, i) => value + mode[i]!);
  });
  const keptFit = approximationFit(model, {
    positions,
    logApproximation,
    seed,
    scale: 1,
    label: 'Laplace approximation',
    gradientEvaluations: method === 'ad' ? 0 : 2 * dim,
    logDensityEvaluations: 0,
    fitSeconds: 0,
    drawSeconds: (performance.now() - start) / 1000,
    warnings: [],
  });
  const checkDraws = options.checkDraws ?? count;
  if (!Number.isInteger(checkDraws) || checkDraws < 1) throw new Error(`laplaceApproximation: checkDraws is ${checkDraws}, but must be a positive integer`);
  // The same arithmetic as the kept draws above, one draw at a time.
  const draw = (drawRng: Rng, position: Float64Array): number => {
    let squares = 0;
    for (let i = 0; i < dim; i++) {
      position[i] = drawRng.normal();
      squares += position[i]! * position[i]!;
    }
    solveLowerTransposeInPlace(lower, position);
    for (let i = 0; i < dim; i++) position[i]! += mode[i]!;
    return -0.5 * squares + logDeterminantHalf - 0.5 * dim * Math.log(2 * Math.PI);
  };
  const check = checkDraws > count ? checkWithMoreDraws(model, draw, keptFit, checkDraws, seed) : undefined;
  const fit: Fit = check === undefined ? keptFit : { ...keptFit, approximationCheck: check };
  return { mode: Float64Array.from(mode), hessian, hessianMethod: method, covariance: inverseSymmetricPositiveDefinite(precision, 'laplaceApproximation'), fit };
}
