import type { CompiledModel } from '../../models/model.js';
import { pathfinder } from '../../vi/pathfinder/pathfinder.js';
import type { SampleOptions } from './config.js';

/**
 * `init: 'pathfinder'`: chains start at distinct draws of a multi-path Pathfinder
 * approximation (Zhang et al. 2022, section 4.3: Pathfinder's draws lie in the typical set,
 * so warm-up does not have to find it, which is where early warm-up spends its gradients and
 * where chains stuck in minor modes come from). Pathfinder is seeded by the run's seed; the
 * chains' draws then depend only on (seed, chain id) as before.
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
  if (!Number.isInteger(chains) || chains < 1) return options; // resolveSampleConfig names the problem
  const result = pathfinder(model, { seed: options.seed ?? 0, drawsPerPath: DRAWS_PER_PATH, draws: Math.max(DRAWS_PER_PATH, chains) });
  // Resampling draws with replacement: take distinct draws (in their random order) while there are enough.
  const distinct = [...new Set(result.positions)];
  const inits = Array.from({ length: chains }, (_, chain) => Float64Array.from(distinct[chain % distinct.length]!));
  return { ...options, inits };
}
