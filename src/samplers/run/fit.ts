import type { ApproximationCheck } from '../diagnostics/approximation-check.js';
import type { Metric } from '../kernel.js';

/** The MCMC algorithms `sample` runs. */
export type SamplerMethod = 'nuts' | 'hmc' | 'metropolis';

/** Stan's sampler diagnostics, the first columns of every draw (CmdStan CSV names). */
export const samplerColumnNames = [
  'lp__',
  'accept_stat__',
  'stepsize__',
  'treedepth__',
  'n_leapfrog__',
  'divergent__',
  'energy__',
] as const;

export type SamplerColumnName = (typeof samplerColumnNames)[number];

/** The settings a run used, all resolved (serialisable: sent to worker threads as is). */
export interface SampleConfig {
  readonly method: SamplerMethod;
  readonly chains: number;
  /** Warm-up iterations per chain (not saved). */
  readonly warmup: number;
  /** Sampling iterations per chain; ceil(draws / thin) are saved. */
  readonly draws: number;
  readonly thin: number;
  readonly seed: number;
  /** Target acceptance statistic of step-size adaptation. */
  readonly adaptDelta: number;
  /** NUTS's maximum tree depth (a trajectory has at most 2^depth leapfrog steps). */
  readonly maxTreeDepth: number;
  readonly metric: 'diag' | 'dense';
  /** Step size the step-size heuristic starts from. */
  readonly initialStepSize: number;
  /** Static HMC's integration time (Stan's int_time): steps = ceil(time / step size). */
  readonly integrationTime: number;
  /** Static HMC's step-size jitter fraction (Stan's stepsize_jitter). */
  readonly stepSizeJitter: number;
  readonly initRadius: number;
  /** Per-chain initial unconstrained positions (by position in the run), when given. */
  readonly inits?: readonly Float64Array[];
  /** The inverse metric warm-up starts from (diagonal or dense row-major), when given. */
  readonly inverseMetric?: Float64Array;
  /**
   * Id (1-based, CmdStan's `id`) of the run's first chain; the others follow. Default 1. A
   * chain's draws depend only on (seed, id), so a run split over processes by chain ids
   * gives the chains of one run (chain.ts).
   */
  readonly firstChainId?: number;
  /** Keep every thin-th warm-up draw (Stan's save_warmup); default false. */
  readonly saveWarmup?: boolean;
  /** Call onProgress every this many iterations (and at each phase end). */
  readonly progressEvery: number;
}

/** What warm-up settled on for one chain. */
export type AdaptationResult =
  | { readonly kind: 'hamiltonian'; readonly stepSize: number; readonly metric: Metric }
  | {
      readonly kind: 'metropolis';
      readonly proposalScale: number;
      /** Lower Cholesky factor of the proposal covariance shape; identity when absent. */
      readonly proposalCholesky?: Float64Array;
    };

/** Everything known about one chain apart from its draws. */
export interface ChainRecord {
  readonly chain: number;
  /** Adapted step size and metric the sampling phase used. */
  readonly adaptation: AdaptationResult;
  /** Gradient evaluations over warm-up and sampling (leapfrog steps plus heuristic probes). */
  readonly gradientEvaluations: number;
  /** Log-density evaluations without gradient (Metropolis proposals). */
  readonly logDensityEvaluations: number;
  readonly warmupSeconds: number;
  readonly samplingSeconds: number;
  readonly warmupDivergences: number;
  /** Unconstrained positions reached by divergent sampling transitions, in order. */
  readonly divergentPositions: readonly Float64Array[];
  /** Transitions rejected at a non-finite log density or gradient (kernel.ts,
   *  TransitionInfo.isNonFinite), in warm-up and after it; not divergences. */
  readonly warmupNonFiniteTransitions: number;
  readonly nonFiniteTransitions: number;
  /** Saved draws (0-based) whose transition was rejected at a non-finite log density: the
   *  draws whose divergent__ flag (set for both, as Stan does) is not a divergence. */
  readonly nonFiniteDraws: readonly number[];
  /** Mean and variance of the unconstrained position over all sampling iterations. */
  readonly unconstrainedMean: Float64Array;
  readonly unconstrainedVariance: Float64Array;
  /** Messages from warm-up (e.g. a shortened adaptation schedule). */
  readonly warnings: readonly string[];
}

/** The result of `sample`: draws stored column-wise, `draws[chain][column]`. */
export interface Fit {
  readonly config: SampleConfig;
  /** Unconstrained dimension of the model. */
  readonly dim: number;
  /** Sampler columns, then the model's output names. */
  readonly columnNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Names of the unconstrained coordinates, for divergence reports. */
  readonly unconstrainedNames: readonly string[];
  /** draws[chain][column][draw]. */
  readonly draws: readonly (readonly Float64Array[])[];
  /** Saved warm-up draws, warmupDraws[chain][column][draw] (config.saveWarmup); never in summaries. */
  readonly warmupDraws?: readonly (readonly Float64Array[])[];
  readonly chains: readonly ChainRecord[];
  /** Set for independent draws from an approximation (ADVI, Laplace) rather than MCMC:
   *  what it is, e.g. 'ADVI (mean-field)'. Summaries then skip the MCMC-only checks. */
  readonly approximation?: string;
  /** For approximate draws whose columns do not show all the importance ratios the check
   *  used (resampled draws of multi-path Pathfinder: computed before resampling; ADVI's: from
   *  more draws than were kept): the Pareto-k check of the approximation. Otherwise
   *  summaries compute it from log_p__ and log_g__. */
  readonly approximationCheck?: ApproximationCheck;
  /** For approximate draws that carry their own log_p__ and log_g__: the check those draws
   *  give, computed when the fit was made (or read), so that a summary needs no PSIS of its
   *  own — a page that only summarises MCMC fits then bundles none of it. Not written to
   *  files: the draws reproduce it. `approximationCheck`, when set, takes precedence. */
  readonly approximationCheckOfDraws?: ApproximationCheck;
}

/** Column index of `name`; throws with the available names when there is none. */
export function columnIndex(fit: Pick<Fit, 'columnNames'>, name: string): number {
  const index = fit.columnNames.indexOf(name);
  if (index < 0) {
    const shown = fit.columnNames.slice(0, 12).join(', ');
    throw new Error(`fit: no column '${name}'; columns are ${shown}${fit.columnNames.length > 12 ? ', ...' : ''}`);
  }
  return index;
}

/** One quantity across chains: `[chain][draw]`. */
export function columnDraws(fit: Fit, name: string): readonly Float64Array[] {
  const index = columnIndex(fit, name);
  return fit.draws.map((chain) => chain[index]!);
}

/** Number of saved draws per chain for `draws` iterations thinned by `thin`. */
export function savedDrawCount(draws: number, thin: number): number {
  return Math.ceil(draws / thin);
}
