import type { CompiledModel } from '../../models/model.js';
import { pathfinder } from '../../vi/pathfinder/pathfinder.js';
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
  return { ...options, inits };
}
