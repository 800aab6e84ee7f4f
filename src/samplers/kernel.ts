import type { CompiledModel } from '../models/model.js';
import type { Rng } from '../random/rng.js';

/**
 * The Euclidean metric (inverse mass matrix) of Hamiltonian dynamics. Kinetic energy is
 * p' M^{-1} p / 2 with momentum p ~ N(0, M).
 */
export type Metric =
  | { readonly kind: 'diag'; readonly inverseMassDiag: Float64Array }
  | {
      readonly kind: 'dense';
      /** M^{-1}, dim x dim, row-major. */
      readonly inverseMass: Float64Array;
      /** Lower Cholesky factor of M (so p = L z, z ~ N(0, I)), dim x dim, row-major. */
      readonly massCholesky: Float64Array;
    };

/** Where a chain is: carried from step to step (state), never reported. */
export interface ChainState {
  readonly position: Float64Array;
  readonly logDensity: number;
  readonly logDensityGrad: Float64Array;
}

/** What a transition reports (info), apart from the state it carries. */
export interface TransitionInfo {
  /** Stan's accept_stat__: the Metropolis acceptance probability (HMC, Metropolis) or its
   *  average over the trajectory (NUTS). In [0, 1]; 0 for a numerical failure. */
  readonly acceptStat: number;
  /** The energy error H - H0 exceeded the kernel's threshold at finite values: the
   *  integrator could not follow the posterior's curvature (HMC, NUTS; never Metropolis). */
  readonly isDivergent: boolean;
  /**
   * The log density or its gradient was not finite (NaN, ±Infinity) at the proposal
   * (Metropolis) or at a point of the trajectory (HMC, NUTS), which was rejected there and
   * then: outside the support, an overflow, a failed evaluation. Counted apart from
   * divergences, whose cause and remedy differ. Stan's CSV flags both in divergent__.
   */
  readonly isNonFinite: boolean;
  /** Hamiltonian (negative log density plus kinetic energy) of the new state. */
  readonly energy: number;
  /** Leapfrog steps taken (Stan's n_leapfrog__); = gradient evaluations. */
  readonly numSteps: number;
  /** NUTS tree depth; 0 for HMC and Metropolis. */
  readonly treeDepth: number;
  /** Log-density evaluations without gradient (Metropolis). */
  readonly numLogDensityEvals?: number;
}

/**
 * A chain state owned by a chain driver, which a kernel's `advance` overwrites in place
 * (a `ChainState` whose log density may change; the arrays are the driver's).
 */
export interface MutableChainState extends ChainState {
  logDensity: number;
}

/** A `TransitionInfo` record that a kernel's `advance` fills in place. */
export type MutableTransitionInfo = { -readonly [Key in keyof TransitionInfo]: TransitionInfo[Key] };

/** Step-size and metric: what warm-up adapts and the kernel uses. */
export interface KernelParameters {
  readonly stepSize: number;
  readonly metric: Metric;
}

/**
 * A transition kernel: pure `init` and `step` over an immutable state (BlackJAX style).
 * `Parameters` is what warm-up tunes: step size and metric for HMC and NUTS, proposal scale
 * and covariance for random-walk Metropolis (`MetropolisParameters`).
 */
export interface Kernel<Parameters = KernelParameters> {
  init(model: CompiledModel, position: Float64Array): ChainState;
  step(
    rng: Rng,
    model: CompiledModel,
    state: ChainState,
    parameters: Parameters,
  ): readonly [ChainState, TransitionInfo];
  /**
   * The same transition as `step` with the same draws, written into the caller's `state` and
   * `info` instead of fresh objects: the chain driver's path, which allocates nothing per
   * transition. Optional; a kernel without it is driven through `step`.
   */
  advance?(rng: Rng, model: CompiledModel, state: MutableChainState, parameters: Parameters, info: MutableTransitionInfo): void;
}
