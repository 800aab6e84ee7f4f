import type { CompiledModel } from '../../models/model.js';
import { pathfinder } from '../../vi/pathfinder/pathfinder.js';
import {
  welfordCovarianceAccumulate,
  welfordCovarianceAccumulator,
  welfordCovarianceFinal,
  welfordVarianceFinal,
  welfordVarianceInit,
  welfordVarianceUpdate,
} from '../adaptation/welford.js';
import type { SampleOptions } from './config.js';

/**
 * `init: 'pathfinder'`: chains start at distinct draws of a multi-path Pathfinder
 * approximation (Zhang et al. 2022, section 4.3: Pathfinder's draws lie in the typical set,
 * so warm-up does not have to find it, which is where early warm-up spends its gradients and
 * where chains stuck in minor modes come from). Pathfinder is seeded by the run's seed and
 * draws the same 250 points whatever the number of chains, chain id k taking the k-th
 * distinct one (wrapping around past them): the chains' draws then depend only on (seed,
 * chain id) as before, also when the chains of a run are split over processes.
 */

/** Pooled draws per Pathfinder path when only initial points are wanted. */
const DRAWS_PER_PATH = 250;

/**
 * Warm-up's starting inverse metric from Pathfinder's draws: their variance (or covariance),
 * regularised as Stan regularises a warm-up window's estimate. Starting from the unit metric,
 * a chain placed in the typical set of a badly scaled posterior still needs the first windows
 * to learn the scales, with long trees meanwhile; Pathfinder has already measured them
 * (BlackJAX's pathfinder_adaptation starts its warm-up from Pathfinder's metric likewise).
 */
function drawsInverseMetric(draws: readonly Float64Array[], kind: 'diag' | 'dense'): Float64Array | undefined {
  if (draws.length < 2) return undefined;
  if (kind === 'diag') return welfordVarianceFinal(draws.reduce(welfordVarianceUpdate, welfordVarianceInit(draws[0]!.length)));
  // In place: the immutable update would copy the dim x dim sums once per draw.
  const accumulator = welfordCovarianceAccumulator(draws[0]!.length);
  for (const draw of draws) welfordCovarianceAccumulate(accumulator, draw);
  return welfordCovarianceFinal(accumulator);
}

/** The options with `inits` filled from Pathfinder when `init` is 'pathfinder'. */
export function withInitialPoints(model: CompiledModel, options: SampleOptions): SampleOptions {
  const init = options.init ?? 'random';
  if (init !== 'random' && init !== 'pathfinder') throw new Error(`sample: init is '${String(init)}', but must be 'random' or 'pathfinder'`);
  if (init === 'random') return options;
  if (options.inits !== undefined) throw new Error("sample: both init: 'pathfinder' and inits are given; give one of them");
  const chains = options.chains ?? 4;
  const first = options.firstChainId ?? 1;
  if (!Number.isInteger(chains) || chains < 1 || !Number.isInteger(first) || first < 1) return options; // resolveSampleConfig names the problem
  // The same Pathfinder run whichever chains this process runs: chain id k starts at draw k.
  const result = pathfinder(model, { seed: options.seed ?? 0, drawsPerPath: DRAWS_PER_PATH, draws: DRAWS_PER_PATH });
  // Resampling draws with replacement: take distinct draws (in their random order) while there are enough.
  const distinct = [...new Set(result.positions)];
  const inits = Array.from({ length: chains }, (_, position) => Float64Array.from(distinct[(first - 1 + position) % distinct.length]!));
  if (options.inverseMetric !== undefined || options.method === 'metropolis') return { ...options, inits };
  return { ...options, inits, inverseMetric: drawsInverseMetric(distinct, options.metric ?? 'diag') };
}
