import type { CompiledModel } from '../../models/model.js';
import { makeRng, type Rng } from '../../random/rng.js';
import { type ApproximationCheck, approximationCheckOf, checkApproximation } from '../../samplers/diagnostics/approximation-check.js';
import { normalizedLogWeights, psis } from '../../samplers/diagnostics/psis.js';
import type { Fit } from '../../samplers/run/fit.js';
import { initialPosition } from '../../samplers/run/init.js';
import { approximationFit } from '../draws-fit.js';
import { type PathfinderConfig, type PathfinderOptions, resolvePathfinderConfig } from './options.js';
import { type ElboOfIterate, type PathResult, runPath } from './single-path.js';

/**
 * Pathfinder (Zhang, Carpenter, Gelman & Vehtari 2022, "Pathfinder: parallel quasi-Newton
 * variational inference", JMLR 23(306)): variational inference from the L-BFGS path to a mode,
 * the best of its local normal approximations by ELBO (single-path.ts); with several paths
 * from different initial points, their draws pooled and resampled by Pareto smoothed
 * importance weights (algorithm 2, Vehtari et al. 2024's PSIS), which also gives the Pareto k
 * of the importance ratios as the verdict on the approximation (Yao et al. 2018). Follows
 * Stan's implementation (stan/services/pathfinder) and its defaults; gradients are only those
 * of L-BFGS, typically one to two orders of magnitude fewer than ADVI's.
 *
 * Random streams: path i starts from and draws with makeRng(seed, PATH_STREAM + i); the
 * resampling uses makeRng(seed, RESAMPLE_STREAM); generated quantities the fit's stream.
 */

const PATH_STREAM = 100;
const RESAMPLE_STREAM = 99;

export interface PathSummary {
  readonly path: number;
  /** L-BFGS iterations, why it stopped, and the iterate whose approximation was chosen. */
  readonly iterations: number;
  readonly reason: string;
  readonly bestIteration: number;
  readonly elbo: number;
  readonly elboTrace: readonly ElboOfIterate[];
  readonly gradientEvaluations: number;
  /** The chosen approximation's mean (unconstrained). */
  readonly mean: Float64Array;
}

export interface PathfinderResult {
  /** The draws, constrained, as a one-chain Fit (columns lp__, log_p__, log_g__, outputs). */
  readonly fit: Fit;
  /** The same draws on the unconstrained scale (e.g. initial points for NUTS). */
  readonly positions: readonly Float64Array[];
  readonly paths: readonly PathSummary[];
  /** Pareto k of the importance ratios (of the pooled draws before resampling, for several paths); absent for a single draw. */
  readonly approximationCheck?: ApproximationCheck;
  /** Over all paths: L-BFGS's gradient evaluations, and the log densities of ELBO estimates and draws. */
  readonly gradientEvaluations: number;
  readonly logDensityEvaluations: number;
  readonly seconds: number;
  readonly warnings: readonly string[];
  readonly config: PathfinderConfig;
}

function runPaths(model: CompiledModel, config: PathfinderConfig): { results: (PathResult & { readonly path: number })[]; warnings: string[] } {
  const results: (PathResult & { readonly path: number })[] = [];
  const warnings: string[] = [];
  const failures: string[] = [];
  for (let path = 0; path < config.paths; path++) {
    const rng = makeRng(config.seed, PATH_STREAM + path);
    const place = config.paths === 1 ? 'pathfinder' : `pathfinder, path ${path + 1}`;
    try {
      const init = initialPosition(model, rng, { radius: config.initRadius, ...(config.inits === undefined ? {} : { position: config.inits[path]! }) });
      const settings = { ...config, draws: config.paths === 1 ? config.draws : config.drawsPerPath };
      results.push({ ...runPath(model, init, settings, rng, place), path });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (config.paths === 1) throw error;
      failures.push(message);
      warnings.push(`${message} The path is left out.`);
    }
  }
  if (results.length === 0) throw new Error(`pathfinder: every one of the ${config.paths} paths failed:\n${failures.join('\n')}`);
  return { results, warnings };
}

/** `count` indices drawn with replacement with the given probabilities (inverse CDF on sorted uniforms). */
function resampleIndices(weights: Float64Array, count: number, rng: Rng): number[] {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((weight, i) => {
    total += weight;
    cumulative[i] = total;
  });
  return Array.from({ length: count }, () => {
    const target = rng.uniform() * total;
    let low = 0;
    let high = weights.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  });
}

interface PooledDraws {
  readonly positions: readonly Float64Array[];
  readonly logDensity: Float64Array;
  readonly logApproximation: Float64Array;
}

function pool(results: readonly PathResult[]): PooledDraws {
  return {
    positions: results.flatMap((result) => result.positions),
    logDensity: Float64Array.from(results.flatMap((result) => [...result.logDensity])),
    logApproximation: Float64Array.from(results.flatMap((result) => [...result.logApproximation])),
  };
}

/** `count` draws resampled with replacement by the pooled draws' Pareto smoothed importance weights. */
function resampleByPsis(pooled: PooledDraws, count: number, rng: Rng): PooledDraws {
  const logRatios = pooled.logDensity.map((value, s) => value - pooled.logApproximation[s]!);
  const weights = normalizedLogWeights(psis(logRatios).logWeights).map(Math.exp);
  const chosen = resampleIndices(weights, count, rng);
  return {
    positions: chosen.map((index) => pooled.positions[index]!),
    logDensity: Float64Array.from(chosen, (index) => pooled.logDensity[index]!),
    logApproximation: Float64Array.from(chosen, (index) => pooled.logApproximation[index]!),
  };
}

function summarizePath(result: PathResult & { readonly path: number }): PathSummary {
  const { path, iterations, reason, bestIteration, elbo, elboTrace, gradientEvaluations, mean } = result;
  return { path, iterations, reason, bestIteration, elbo, elboTrace, gradientEvaluations, mean };
}

/** Pathfinder draws of `model`'s posterior: single-path (paths: 1) or multi-path with PSIS resampling. */
export function pathfinder(model: CompiledModel, options: PathfinderOptions = {}): PathfinderResult {
  const start = performance.now();
  const config = resolvePathfinderConfig(options, model.dim);
  const { results, warnings } = runPaths(model, config);
  const pooled = pool(results);
  const resample = config.paths > 1 && config.psisResample;
  const label = config.paths === 1 ? 'Pathfinder (single path)' : `Pathfinder (${results.length} paths${resample ? ', PSIS resampling' : ''})`;
  const kept = resample ? resampleByPsis(pooled, config.draws, makeRng(config.seed, RESAMPLE_STREAM)) : pooled;
  const seconds = (performance.now() - start) / 1000;
  const gradientEvaluations = results.reduce((sum, result) => sum + result.gradientEvaluations, 0);
  const logDensityEvaluations = results.reduce((sum, result) => sum + result.logDensityEvaluations, 0);
  const baseFit = approximationFit(model, {
    positions: kept.positions,
    logApproximation: kept.logApproximation,
    seed: config.seed,
    scale: 1,
    label,
    gradientEvaluations,
    logDensityEvaluations,
    fitSeconds: seconds,
    drawSeconds: 0,
    warnings,
  });
  // The pooled ratios judge the approximation; after resampling the draws no longer show them.
  const fit: Fit = resample ? { ...baseFit, approximationCheck: checkApproximation(pooled.logDensity, pooled.logApproximation, label) } : baseFit;
  const approximationCheck = approximationCheckOf(fit);
  const checkWarning = approximationCheck === undefined || approximationCheck.verdict === 'reliable' ? [] : [`pathfinder: ${approximationCheck.message}`];
  return {
    fit,
    positions: kept.positions,
    paths: results.map(summarizePath),
    ...(approximationCheck === undefined ? {} : { approximationCheck }),
    gradientEvaluations,
    logDensityEvaluations,
    seconds,
    warnings: [...warnings, ...checkWarning],
    config,
  };
}
