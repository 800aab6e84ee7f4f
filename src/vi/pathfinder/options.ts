import { defaultTolerances, type Tolerances } from '../../optimize/termination.js';

/** What a user may set for `pathfinder`; defaults are CmdStan's (method=pathfinder). */
export interface PathfinderOptions extends Partial<Tolerances> {
  /** Independent paths (Stan's num_paths), default 4; 1 is single-path Pathfinder. */
  readonly paths?: number;
  /** Draws returned (Stan's num_psis_draws; for one path, num_draws), default 1000. */
  readonly draws?: number;
  /** Draws taken from each path's best approximation before resampling (Stan's num_draws), default 1000. */
  readonly drawsPerPath?: number;
  /** Draws per ELBO estimate (Stan's num_elbo_draws), default 25. */
  readonly elboDraws?: number;
  /** L-BFGS iteration cap per path (Stan's num_iterations), default 1000. */
  readonly maxIterations?: number;
  /** L-BFGS history (Stan's history_size), default 5. */
  readonly history?: number;
  /** First trial step of the first line search (Stan's init_alpha), default 0.001. */
  readonly initAlpha?: number;
  /**
   * Resample the pooled draws of several paths by their Pareto smoothed importance weights
   * (Stan's psis_resample), default true; false returns every path's draws as they are.
   */
  readonly psisResample?: boolean;
  /** Default 0: runs are reproducible unless a seed is chosen. */
  readonly seed?: number;
  /** Initial unconstrained position: one for every path, or one per path. */
  readonly init?: Float64Array | readonly Float64Array[];
  /** Otherwise each path starts uniformly in (-initRadius, initRadius), default 2. */
  readonly initRadius?: number;
}

export interface PathfinderConfig {
  readonly paths: number;
  readonly draws: number;
  readonly drawsPerPath: number;
  readonly elboDraws: number;
  readonly maxIterations: number;
  readonly history: number;
  readonly initAlpha: number;
  readonly tolerances: Tolerances;
  readonly psisResample: boolean;
  readonly seed: number;
  readonly inits?: readonly Float64Array[];
  readonly initRadius: number;
}

const PLACE = 'pathfinder';

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${PLACE}: ${name} is ${value}, but must be a positive integer`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value)) throw new Error(`${PLACE}: ${name} is ${value}, but must be a finite non-negative number`);
  return value;
}

function resolveInits(init: PathfinderOptions['init'], paths: number, dim: number): readonly Float64Array[] | undefined {
  if (init === undefined) return undefined;
  const perPath = init instanceof Float64Array ? Array.from({ length: paths }, () => init) : init;
  if (perPath.length !== paths) throw new Error(`${PLACE}: init holds ${perPath.length} positions, but there are ${paths} paths (give one or one per path)`);
  perPath.forEach((position, path) => {
    if (position.length !== dim) throw new Error(`${PLACE}: init[${path}] has length ${position.length}, but the model has ${dim} unconstrained coordinates`);
  });
  return perPath.map((position) => Float64Array.from(position));
}

/** Fills in defaults and checks every setting, naming the bad one. */
export function resolvePathfinderConfig(options: PathfinderOptions, dim: number): PathfinderConfig {
  const paths = positiveInteger('paths', options.paths ?? 4);
  const tolerances = { ...defaultTolerances };
  for (const name of Object.keys(defaultTolerances) as (keyof Tolerances)[]) tolerances[name] = nonNegative(name, options[name] ?? defaultTolerances[name]);
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new Error(`${PLACE}: seed is ${seed}, but must be a finite number`);
  const initAlpha = options.initAlpha ?? 1e-3;
  if (!(initAlpha > 0) || !Number.isFinite(initAlpha)) throw new Error(`${PLACE}: initAlpha is ${initAlpha}, but must be a positive finite number`);
  const inits = resolveInits(options.init, paths, dim);
  return {
    paths,
    draws: positiveInteger('draws', options.draws ?? 1000),
    drawsPerPath: positiveInteger('drawsPerPath', options.drawsPerPath ?? 1000),
    elboDraws: positiveInteger('elboDraws', options.elboDraws ?? 25),
    maxIterations: positiveInteger('maxIterations', options.maxIterations ?? 1000),
    history: positiveInteger('history', options.history ?? 5),
    initAlpha,
    tolerances,
    psisResample: options.psisResample ?? true,
    seed,
    ...(inits === undefined ? {} : { inits }),
    initRadius: nonNegative('initRadius', options.initRadius ?? 2),
  };
}
