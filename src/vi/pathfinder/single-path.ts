import type { CompiledModel } from '../../models/model.js';
import { lbfgsMode, type LbfgsIterate } from '../../optimize/optimize.js';
import type { TerminationReason, Tolerances } from '../../optimize/termination.js';
import type { Rng } from '../../random/rng.js';
import { inverseHessianFactors, updateDiagonal } from './inverse-hessian.js';
import { type LocalNormal, localNormal } from './local-normal.js';

/**
 * One Pathfinder path (Zhang, Carpenter, Gelman & Vehtari 2022, "Pathfinder: parallel
 * quasi-Newton variational inference", JMLR 23(306), algorithm 1): L-BFGS from an initial
 * point towards a mode of log p (src/optimize, Stan's settings); at every iterate l ≥ 1 a
 * normal approximation q_l from the L-BFGS inverse-Hessian factors (local-normal.ts), its
 * ELBO estimated by Monte Carlo, E_q[log p − log q] over K draws; the q_l with the largest
 * ELBO is kept and the path's draws come from it (the K draws of its ELBO estimate reused,
 * as Stan does). Only log densities are evaluated beyond L-BFGS: the gradients are those of
 * the optimisation.
 */

export interface PathSettings {
  readonly maxIterations: number;
  /** L-BFGS history (the m of the factors). */
  readonly history: number;
  readonly initAlpha: number;
  readonly tolerances: Tolerances;
  /** K: draws per ELBO estimate. */
  readonly elboDraws: number;
  /** Draws returned from the best approximation. */
  readonly draws: number;
}

export interface ElboOfIterate {
  readonly iteration: number;
  /** −Infinity where the approximation put a draw outside the support or was not positive definite. */
  readonly elbo: number;
}

export interface PathResult {
  /** Unconstrained draws from the chosen approximation, their log p and log q. */
  readonly positions: readonly Float64Array[];
  readonly logDensity: Float64Array;
  readonly logApproximation: Float64Array;
  /** The iteration whose approximation was chosen, and its ELBO. */
  readonly bestIteration: number;
  readonly elbo: number;
  /** The chosen approximation's mean. */
  readonly mean: Float64Array;
  readonly elboTrace: readonly ElboOfIterate[];
  /** L-BFGS iterations, why it stopped, and its gradient evaluations. */
  readonly iterations: number;
  readonly reason: TerminationReason;
  readonly gradientEvaluations: number;
  readonly logDensityEvaluations: number;
}

interface Candidate {
  readonly iteration: number;
  readonly elbo: number;
  readonly normal: LocalNormal;
  readonly positions: Float64Array[];
  readonly logDensity: Float64Array;
  readonly logApproximation: Float64Array;
}

/** K draws of `normal` with log p and log q, and the ELBO estimate (−∞ if a log p is not finite). */
function drawAndEvaluate(model: CompiledModel, normal: LocalNormal, count: number, rng: Rng) {
  const positions: Float64Array[] = [];
  const logDensity = new Float64Array(count);
  const logApproximation = new Float64Array(count);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const position = new Float64Array(normal.mean.length);
    logApproximation[k] = normal.drawInto(rng, position);
    const value = model.logDensity(position);
    logDensity[k] = Number.isNaN(value) ? -Infinity : value;
    sum += logDensity[k]! - logApproximation[k]!;
    positions.push(position);
  }
  return { positions, logDensity, logApproximation, elbo: Number.isFinite(sum) ? sum / count : -Infinity };
}

/**
 * The approximation with the largest ELBO along `path` (each iterate's inverse-Hessian
 * factors from its L-BFGS pairs and the diagonal updated by every newly accepted pair).
 */
function bestAlongPath(model: CompiledModel, path: readonly LbfgsIterate[], settings: PathSettings, rng: Rng) {
  let alpha: Float64Array = new Float64Array(model.dim).fill(1);
  let newestStep: Float64Array | undefined;
  let best: Candidate | undefined;
  let evaluated = 0;
  const elboTrace: ElboOfIterate[] = [];
  for (const iterate of path) {
    const { steps, gradientChanges } = iterate.history;
    const newest = steps.at(-1);
    // A pair the curvature test accepted updates the diagonal once (L-BFGS skips the others).
    if (newest !== undefined && newest !== newestStep) alpha = updateDiagonal(alpha, newest, gradientChanges.at(-1)!);
    newestStep = newest;
    if (iterate.iteration === 0) continue;
    const normal = localNormal(iterate.position, iterate.gradient, inverseHessianFactors(alpha, steps, gradientChanges));
    if (normal === undefined) {
      elboTrace.push({ iteration: iterate.iteration, elbo: -Infinity });
      continue;
    }
    const draws = drawAndEvaluate(model, normal, settings.elboDraws, rng);
    evaluated += 1;
    elboTrace.push({ iteration: iterate.iteration, elbo: draws.elbo });
    if (draws.elbo > (best?.elbo ?? -Infinity)) best = { iteration: iterate.iteration, normal, ...draws };
  }
  return { best, elboTrace, logDensityEvaluations: settings.elboDraws * evaluated };
}

/** Follows the L-BFGS path from `init`; throws when no iterate gives a usable approximation. */
export function runPath(model: CompiledModel, init: Float64Array, settings: PathSettings, rng: Rng, place: string): PathResult {
  const path: LbfgsIterate[] = [];
  const run = lbfgsMode(model, {
    ...settings.tolerances,
    jacobian: true,
    init,
    maxIterations: settings.maxIterations,
    history: settings.history,
    initAlpha: settings.initAlpha,
    onIterate: (iterate) => path.push(iterate),
  });
  const { best: chosen, elboTrace, logDensityEvaluations: elboEvaluations } = bestAlongPath(model, path, settings, rng);
  if (chosen === undefined) {
    throw new Error(
      `${place}: no iterate of the L-BFGS path (${run.iterations} iterations, stopped: ${run.message}) gave an approximation ` +
        'with a finite ELBO: every approximation put draws where the log density is not finite. Try other initial values or ' +
        'more elboDraws, and check the model for regions where its density is -Infinity or NaN.',
    );
  }
  let logDensityEvaluations = elboEvaluations;
  const extra = Math.max(0, settings.draws - settings.elboDraws);
  const more = drawAndEvaluate(model, chosen.normal, extra, rng);
  logDensityEvaluations += extra;
  const kept = Math.min(settings.draws, settings.elboDraws);
  const concat = (a: Float64Array, b: Float64Array): Float64Array => Float64Array.from([...a.subarray(0, kept), ...b]);
  return {
    positions: [...chosen.positions.slice(0, kept), ...more.positions],
    logDensity: concat(chosen.logDensity, more.logDensity),
    logApproximation: concat(chosen.logApproximation, more.logApproximation),
    bestIteration: chosen.iteration,
    elbo: chosen.elbo,
    mean: chosen.normal.mean,
    elboTrace,
    iterations: run.iterations,
    reason: run.reason,
    gradientEvaluations: run.gradientEvaluations,
    logDensityEvaluations,
  };
}
