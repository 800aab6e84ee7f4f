import type { ChainHooks } from './chain.js';
import type { SampleConfig, SamplerMethod } from './fit.js';

/** What a user may set for `sample`; every field has Stan's (or a stated) default. */
export interface SampleOptions extends ChainHooks {
  /** Default 'nuts'. */
  readonly method?: SamplerMethod;
  /** Default 4. */
  readonly chains?: number;
  /** Warm-up iterations per chain, default 1000. */
  readonly warmup?: number;
  /** Sampling iterations per chain, default 1000. */
  readonly draws?: number;
  /** Keep every thin-th sampling iteration, default 1. */
  readonly thin?: number;
  /** Default 0: runs are reproducible unless a seed is chosen. */
  readonly seed?: number;
  /** Target acceptance statistic: default 0.8 (NUTS, HMC) or 0.234 (Metropolis). */
  readonly adaptDelta?: number;
  /** NUTS tree-depth limit, default 10. */
  readonly maxTreeDepth?: number;
  /** Metric adapted in warm-up (NUTS, HMC), default 'diag'. */
  readonly metric?: 'diag' | 'dense';
  /** Step size the heuristic starts from, default 1. */
  readonly stepSize?: number;
  /**
   * Static HMC integration time. Default pi / 2, not Stan's 2 pi: on a target that the
   * adapted metric whitens, 2 pi is a full oscillation period and returns the chain near its
   * start, while a quarter period decorrelates a Gaussian in one transition.
   */
  readonly integrationTime?: number;
  /** Static HMC step-size jitter fraction, default 0.15 (PyMC's), against resonances. */
  readonly stepSizeJitter?: number;
  /** Initial values drawn uniformly from (-initRadius, initRadius), default 2. */
  readonly initRadius?: number;
  /**
   * Id of the first chain (1-based, as CmdStan's `id`), default 1: the run holds chains
   * firstChainId, ..., firstChainId + chains - 1. Each chain's draws depend only on (seed,
   * chain id), so chains 1-2 and 3-4 run on two machines are chains 1-4 of one run.
   */
  readonly firstChainId?: number;
  /** Keep the warm-up draws too (every thin-th), as Stan's save_warmup; default false. */
  readonly saveWarmup?: boolean;
  /** Initial unconstrained positions: one for all chains or one per chain of this run, in order. */
  readonly inits?: Float64Array | readonly Float64Array[];
  /**
   * How chains start when `inits` is not given: 'random' (default, uniform in
   * (-initRadius, initRadius)) or 'pathfinder': distinct draws of a multi-path Pathfinder
   * approximation (seeded by `seed`), near the typical set (pathfinder-init.ts).
   */
  readonly init?: 'random' | 'pathfinder';
  /**
   * The inverse metric warm-up starts from (CmdStan's `metric_file`), on the unconstrained
   * scale: the diagonal (dim entries, positive) for metric 'diag', or the dim x dim row-major
   * symmetric positive-definite matrix for 'dense'. Default: the unit matrix; with
   * `init: 'pathfinder'`, the regularised variance (or covariance) of Pathfinder's draws.
   * With warmup 0 it is the metric the chains sample with.
   */
  readonly inverseMetric?: Float64Array;
  /** onProgress is called every this many iterations (and at each phase end); default 1% of a chain. */
  readonly progressEvery?: number;
}

function checkInteger(name: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`sample: ${name} is ${value}, but must be an integer >= ${minimum}`);
  }
  return value;
}

function checkPositive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new Error(`sample: ${name} is ${value}, but must be a positive finite number`);
  }
  return value;
}

function resolveInits(
  inits: SampleOptions['inits'],
  chains: number,
  dim: number,
): readonly Float64Array[] | undefined {
  if (inits === undefined) return undefined;
  const perChain = inits instanceof Float64Array ? Array.from({ length: chains }, () => inits) : inits;
  if (perChain.length !== chains) {
    throw new Error(`sample: inits holds ${perChain.length} positions, but there are ${chains} chains (give one or one per chain)`);
  }
  perChain.forEach((position, chain) => {
    if (position.length !== dim) {
      throw new Error(`sample: inits[${chain}] has length ${position.length}, but the model has ${dim} unconstrained coordinates`);
    }
  });
  return perChain.map((position) => Float64Array.from(position));
}

function resolveInverseMetric(inverseMetric: Float64Array | undefined, metric: 'diag' | 'dense', dim: number): Float64Array | undefined {
  if (inverseMetric === undefined) return undefined;
  if (!(inverseMetric instanceof Float64Array)) throw new Error('sample: inverseMetric must be a Float64Array');
  const expected = metric === 'diag' ? dim : dim * dim;
  if (inverseMetric.length !== expected) {
    throw new Error(`sample: inverseMetric has ${inverseMetric.length} entries, but a ${metric} metric of a model with ${dim} unconstrained coordinates needs ${expected}`);
  }
  // Positive (diagonal) or symmetric positive definite (dense) is checked where the metric is
  // built (methods.ts), before the chain's first transition and in the same words: a page whose
  // sampleAsync only hands these options to its workers then bundles no linear algebra.
  return Float64Array.from(inverseMetric);
}

/** Fills in defaults and checks every setting, naming the bad one. */
export function resolveSampleConfig(options: SampleOptions, dim: number): SampleConfig {
  const method = options.method ?? 'nuts';
  if (method !== 'nuts' && method !== 'hmc' && method !== 'metropolis') {
    throw new Error(`sample: method is '${String(method)}', but must be 'nuts', 'hmc' or 'metropolis'`);
  }
  const metric = options.metric ?? 'diag';
  if (metric !== 'diag' && metric !== 'dense') {
    throw new Error(`sample: metric is '${String(metric)}', but must be 'diag' or 'dense'`);
  }
  const chains = checkInteger('chains', options.chains ?? 4, 1);
  const warmup = checkInteger('warmup', options.warmup ?? 1000, 0);
  const draws = checkInteger('draws', options.draws ?? 1000, 1);
  const adaptDelta = options.adaptDelta ?? (method === 'metropolis' ? 0.234 : 0.8);
  if (!(adaptDelta > 0 && adaptDelta < 1)) {
    throw new Error(`sample: adaptDelta is ${adaptDelta}, but must be in (0, 1)`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new Error(`sample: seed is ${seed}, but must be a finite number`);
  const stepSizeJitter = options.stepSizeJitter ?? 0.15;
  if (!(stepSizeJitter >= 0 && stepSizeJitter < 1)) {
    throw new Error(`sample: stepSizeJitter is ${stepSizeJitter}, but must be in [0, 1)`);
  }
  const initRadius = options.initRadius ?? 2;
  if (!(initRadius >= 0) || !Number.isFinite(initRadius)) {
    throw new Error(`sample: initRadius is ${initRadius}, but must be finite and non-negative`);
  }
  const inits = resolveInits(options.inits, chains, dim);
  const inverseMetric = method === 'metropolis' ? undefined : resolveInverseMetric(options.inverseMetric, metric, dim);
  const firstChainId = checkInteger('firstChainId', options.firstChainId ?? 1, 1);
  if (options.saveWarmup !== undefined && typeof options.saveWarmup !== 'boolean') throw new Error(`sample: saveWarmup is ${String(options.saveWarmup)}, but must be true or false`);
  return {
    method,
    chains,
    warmup,
    draws,
    thin: checkInteger('thin', options.thin ?? 1, 1),
    seed,
    adaptDelta,
    maxTreeDepth: checkInteger('maxTreeDepth', options.maxTreeDepth ?? 10, 1),
    metric,
    initialStepSize: checkPositive('stepSize', options.stepSize ?? 1),
    integrationTime: checkPositive('integrationTime', options.integrationTime ?? Math.PI / 2),
    stepSizeJitter,
    initRadius,
    ...(inits === undefined ? {} : { inits }),
    ...(inverseMetric === undefined ? {} : { inverseMetric }),
    ...(firstChainId === 1 ? {} : { firstChainId }),
    ...(options.saveWarmup === true ? { saveWarmup: true } : {}),
    progressEvery: checkInteger('progressEvery', options.progressEvery ?? Math.max(1, Math.floor((warmup + draws) / 100)), 1),
  };
}
