import type { FamilyKind } from './family.js';
import type { StepSequenceKind } from './step-size.js';

/** What a user may set for `advi` and `bbvi`; defaults are CmdStan's (variational method), but for averaging. */
export interface AdviOptions {
  /** Variational family, default 'meanfield'. `bbvi` supports 'meanfield' only. */
  readonly algorithm?: FamilyKind;
  /** Draws per ELBO-gradient estimate (Stan's grad_samples): default 1 (ADVI), 100 (BBVI). */
  readonly gradSamples?: number;
  /** Draws per ELBO estimate for the convergence test (Stan's elbo_samples), default 100. */
  readonly elboSamples?: number;
  /** Estimate the ELBO every this many iterations (Stan's eval_elbo), default 100. */
  readonly evalElbo?: number;
  /**
   * Step-size scale. Giving it turns the adaptive search off unless adaptEngaged is set
   * (Stan ignores eta while adapting, a silent surprise); default 1 when not adapting.
   */
  readonly eta?: number;
  /** Choose eta by Stan's search over {100, 10, 1, 0.1, 0.01}; default true unless eta is given. */
  readonly adaptEngaged?: boolean;
  /** Iterations per trial step size of the search (Stan's adapt iter), default 50. */
  readonly adaptIterations?: number;
  /** Relative ELBO change below which the run has converged, default 0.01. */
  readonly tolRelObj?: number;
  /** Default 10,000. */
  readonly maxIterations?: number;
  /**
   * Iterate averaging (Polyak–Ruppert; Dhaka et al. 2020), on by default because ADVI's last
   * iterate keeps fluctuating around the optimum: on logistic_regression Stan's rule stops
   * 1.7 posterior sd away from NUTS's means, the average within 0.1. Once Stan's convergence
   * test is met, ADVI runs at least this many more iterations (rounded up to whole evalElbo
   * blocks) and until the Monte Carlo error of the averaged means is below averageTolerance
   * of the approximation's sd (averaging-rule.ts), and returns the average of the
   * variational parameters over those iterations. If maxIterations comes first, it returns
   * the average of the last this many iterations. Default 1000; 0 gives Stan's behaviour,
   * the last iterate at convergence.
   */
  readonly averageIterations?: number;
  /** See averageIterations; default 0.02. */
  readonly averageTolerance?: number;
  /** Draws from the approximation kept in the returned fit, default 1000. */
  readonly draws?: number;
  /**
   * Draws whose importance ratios p/q give the Pareto k of the approximation check (Yao et
   * al. 2018) and the importance shifts of the means, default 10,000: the kept draws, then
   * more from a stream of their own, not kept (vi/check-draws.ts). k-hat from 1,000 draws
   * fits its tail to 95 ratios, and the shifts' Monte Carlo error is three times that of
   * 10,000: a poor approximation (non-centred eight schools) then passes as "reliable" at some
   * seeds. 10,000 give 300 tail ratios and put the sample-size threshold of Vehtari et al.
   * (2024), min(1 − 1/log10 S, 0.7), at 0.7 itself. At most `draws` means the kept draws only.
   */
  readonly checkDraws?: number;
  /** Step-size sequence: Stan's adaptive sequence (default) or Adam. */
  readonly optimizer?: StepSequenceKind;
  /** Default 0: runs are reproducible unless a seed is chosen. */
  readonly seed?: number;
  /** The approximation's initial mean on the unconstrained scale (length model.dim). */
  readonly init?: Float64Array;
  /** Otherwise the initial mean is drawn uniformly from (-initRadius, initRadius), default 2. */
  readonly initRadius?: number;
}

export interface AdviConfig {
  readonly algorithm: FamilyKind;
  readonly gradSamples: number;
  readonly elboSamples: number;
  readonly evalElbo: number;
  readonly eta: number;
  readonly adaptEngaged: boolean;
  readonly adaptIterations: number;
  readonly tolRelObj: number;
  readonly maxIterations: number;
  readonly averageIterations: number;
  readonly averageTolerance: number;
  readonly draws: number;
  readonly checkDraws: number;
  readonly optimizer: StepSequenceKind;
  readonly seed: number;
  readonly init?: Float64Array;
  readonly initRadius: number;
}

/** Iterations averaged after convergence by default (see averageIterations). */
export const DEFAULT_AVERAGE_ITERATIONS = 1000;
/** Draws of the Pareto-k check by default (see checkDraws). */
export const DEFAULT_CHECK_DRAWS = 10_000;

function positiveInteger(place: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${place}: ${name} is ${value}, but must be a positive integer`);
  return value;
}

function nonNegativeInteger(place: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new Error(`${place}: ${name} is ${value}, but must be a non-negative integer`);
  return value;
}

function positiveNumber(place: string, name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${place}: ${name} is ${value}, but must be a positive finite number`);
  return value;
}

/** Fills in defaults and checks every setting, naming the bad one. */
export function resolveAdviConfig(options: AdviOptions, place: string, defaultGradSamples: number): AdviConfig {
  const algorithm = options.algorithm ?? 'meanfield';
  if (algorithm !== 'meanfield' && algorithm !== 'fullrank') {
    throw new Error(`${place}: algorithm is '${String(algorithm)}', but must be 'meanfield' or 'fullrank'`);
  }
  const optimizer = options.optimizer ?? 'stan';
  if (optimizer !== 'stan' && optimizer !== 'adam') {
    throw new Error(`${place}: optimizer is '${String(optimizer)}', but must be 'stan' or 'adam'`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new Error(`${place}: seed is ${seed}, but must be a finite number`);
  const initRadius = options.initRadius ?? 2;
  if (!(initRadius >= 0) || !Number.isFinite(initRadius)) {
    throw new Error(`${place}: initRadius is ${initRadius}, but must be finite and non-negative`);
  }
  const tolRelObj = positiveNumber(place, 'tolRelObj', options.tolRelObj ?? 0.01);
  return {
    algorithm,
    gradSamples: positiveInteger(place, 'gradSamples', options.gradSamples ?? defaultGradSamples),
    elboSamples: positiveInteger(place, 'elboSamples', options.elboSamples ?? 100),
    evalElbo: positiveInteger(place, 'evalElbo', options.evalElbo ?? 100),
    eta: positiveNumber(place, 'eta', options.eta ?? 1),
    adaptEngaged: options.adaptEngaged ?? options.eta === undefined,
    adaptIterations: positiveInteger(place, 'adaptIterations', options.adaptIterations ?? 50),
    tolRelObj,
    maxIterations: positiveInteger(place, 'maxIterations', options.maxIterations ?? 10_000),
    averageIterations: nonNegativeInteger(place, 'averageIterations', options.averageIterations ?? DEFAULT_AVERAGE_ITERATIONS),
    averageTolerance: positiveNumber(place, 'averageTolerance', options.averageTolerance ?? 0.02),
    draws: positiveInteger(place, 'draws', options.draws ?? 1000),
    checkDraws: positiveInteger(place, 'checkDraws', options.checkDraws ?? DEFAULT_CHECK_DRAWS),
    optimizer,
    seed,
    ...(options.init === undefined ? {} : { init: Float64Array.from(options.init) }),
    initRadius,
  };
}
