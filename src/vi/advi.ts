import type { CompiledModel } from '../models/model.js';
import { type ApproximationCheck, approximationCheckOf } from '../samplers/diagnostics/approximation-check.js';
import { checkWithMoreDraws, familyDraw } from './check-draws.js';
import { makeRng, type Rng } from '../random/rng.js';
import type { Fit } from '../samplers/run/fit.js';
import { initialPosition } from '../samplers/run/init.js';
import { adaptEta, type EtaTrial } from './adapt-eta.js';
import { ascend, type AscentStatus, type ElboRecord } from './ascent.js';
import { approximationFit } from './draws-fit.js';
import { type Approximation, fillStandardNormal, type VariationalFamily } from './family.js';
import { familyFor } from './families.js';
import { type ElboGradientEstimator, reparameterizedGradient } from './gradient-estimate.js';
import { type AdviConfig, type AdviOptions, resolveAdviConfig } from './options.js';
import type { VariationalProblem } from './problem.js';
import { scoreFunctionGradient } from './score-gradient.js';
import { stepFunction } from './step-size.js';

/**
 * Automatic differentiation variational inference (Kucukelbir, Tran, Ranganath, Gelman &
 * Blei 2017, "Automatic Differentiation Variational Inference", JMLR 18(14)), following
 * Stan's implementation (stan/variational/advi.hpp): a Gaussian on the unconstrained space,
 * fitted by stochastic gradient ascent on the ELBO with an adaptive step-size sequence whose
 * scale eta is chosen by a short search, stopped by the relative change of the ELBO.
 *
 * Where leapfrog departs from Stan, deliberately: a NaN or infinite ELBO or gradient stops
 * the run with a warning (status 'non-finite') instead of throwing; an ELBO estimate that
 * repeats exactly (a frozen optimisation, which Stan reports as converged) stops it with
 * status 'stalled'; a given eta turns the step-size search off; and by default the iterates
 * after convergence are averaged until the average settles (averageIterations, see
 * options.ts): Stan's last iterate is noisier than a posterior sd on some models.
 *
 * Random streams: the optimisation draws from makeRng(seed, 0), the kept draws from
 * makeRng(seed, 1), generated quantities from the fit's generated-quantities stream, the
 * further draws of the Pareto-k check from those of check-draws.ts.
 */

export interface AdviResult {
  readonly approximation: Approximation;
  readonly elboTrace: readonly ElboRecord[];
  /** Whether the relative ELBO change fell below tolRelObj. */
  readonly converged: boolean;
  readonly status: AscentStatus;
  /** Iterations of the main optimisation, averaging included (the step-size search not counted). */
  readonly iterations: number;
  /** Iterations whose variational parameters were averaged into the result (0: the last iterate, as Stan). */
  readonly averagedIterations: number;
  /** Wall seconds of the step-size search and the optimisation (drawing not included). */
  readonly seconds: number;
  /** Over the search and the optimisation. */
  readonly gradientEvaluations: number;
  readonly logDensityEvaluations: number;
  /** The step-size scale used: adapted, or as given. */
  readonly eta: number;
  /** The step-size search's trials, in order (empty when not adapting). */
  readonly etaTrials: readonly EtaTrial[];
  /**
   * Non-convergence, possible divergence, NaN/infinite ELBO, and an approximation the
   * Pareto-k check does not call reliable: each with what to try.
   */
  readonly warnings: readonly string[];
  /** Did it work? The Pareto k of the draws' importance ratios (Yao et al. 2018); absent for a single draw. */
  readonly approximationCheck?: ApproximationCheck;
  readonly config: AdviConfig;
  /** `config.draws` draws from the approximation, constrained, as a one-chain Fit. */
  readonly fit: Fit;
}

/** ADVI: mean-field (default) or full-rank Gaussian, reparameterisation gradients. */
export function advi(model: CompiledModel, options: AdviOptions = {}): AdviResult {
  return runVariational(model, resolveAdviConfig(options, 'advi', 1), reparameterizedGradient, 'advi');
}

/**
 * Black-box VI (Ranganath, Gerrish & Blei 2014) on the mean-field family: score-function
 * gradients with a control variate (score-gradient.ts), needing only the log density, and
 * the same step sizes and convergence test as `advi`. Default 100 gradient draws per step.
 */
export function bbvi(model: CompiledModel, options: AdviOptions = {}): AdviResult {
  const config = resolveAdviConfig(options, 'bbvi', 100);
  if (config.algorithm !== 'meanfield') {
    throw new Error(`bbvi: algorithm is '${config.algorithm}', but the score-function estimator is implemented for 'meanfield' only; use advi for 'fullrank'`);
  }
  return runVariational(model, config, scoreFunctionGradient, 'bbvi');
}

/** `count` draws of the family at lambda: unconstrained positions and their log q. */
export function drawFromFamily(family: VariationalFamily, lambda: Float64Array, count: number, rng: Rng): { positions: Float64Array[]; logApproximation: Float64Array } {
  const standard = new Float64Array(family.dim);
  const logApproximation = new Float64Array(count);
  const positions = Array.from({ length: count }, (_, draw) => {
    fillStandardNormal(rng, standard);
    logApproximation[draw] = family.logDensityOfStandard(lambda, standard);
    return family.transform(lambda, standard, new Float64Array(family.dim));
  });
  return { positions, logApproximation };
}

function approximationLabel(kind: string): string {
  return kind === 'fullrank' ? 'ADVI (full-rank)' : kind === 'meanfield' ? 'ADVI (mean-field)' : `ADVI (${kind})`;
}

/** `draws` draws from a fitted approximation of `model`, as a one-chain Fit. */
export function sampleApproximation(model: CompiledModel, approximation: Approximation, options: { readonly draws?: number; readonly seed?: number } = {}): Fit {
  const family = familyFor(approximation.kind, model.dim);
  const seed = options.seed ?? 0;
  const start = performance.now();
  const { positions, logApproximation } = drawFromFamily(family, family.parametersOf(approximation), options.draws ?? 1000, makeRng(seed, 1));
  return approximationFit(model, {
    positions,
    logApproximation,
    seed,
    scale: NaN,
    label: approximationLabel(approximation.kind),
    gradientEvaluations: 0,
    logDensityEvaluations: 0,
    fitSeconds: 0,
    drawSeconds: (performance.now() - start) / 1000,
    warnings: [],
  });
}

function runVariational(model: CompiledModel, config: AdviConfig, estimator: ElboGradientEstimator, place: string): AdviResult {
  const start = performance.now();
  const rng = makeRng(config.seed, 0);
  const family = familyFor(config.algorithm, model.dim);
  const problem: VariationalProblem = {
    model,
    family,
    estimator,
    gradSamples: config.gradSamples,
    elboSamples: config.elboSamples,
    step: stepFunction(config.optimizer),
    place,
  };
  const position = initialPosition(model, rng, {
    radius: config.initRadius,
    ...(config.init === undefined ? {} : { position: config.init }),
    requireGradient: estimator === reparameterizedGradient,
  });
  const initial = family.initial(position);
  const adaptation = config.adaptEngaged ? adaptEta(problem, initial, rng, config.adaptIterations) : undefined;
  const eta = adaptation?.eta ?? config.eta;
  const run = ascend(problem, initial, {
    eta,
    tolRelObj: config.tolRelObj,
    maxIterations: config.maxIterations,
    evalElbo: config.evalElbo,
    averageIterations: config.averageIterations,
    averageTolerance: config.averageTolerance,
  }, rng);
  const seconds = (performance.now() - start) / 1000;

  const drawStart = performance.now();
  const { positions, logApproximation } = drawFromFamily(family, run.lambda, config.draws, makeRng(config.seed, 1));
  const gradientEvaluations = run.gradientEvaluations + (adaptation?.gradientEvaluations ?? 0);
  const logDensityEvaluations = run.logDensityEvaluations + (adaptation?.logDensityEvaluations ?? 0);
  const keptFit = approximationFit(model, {
    positions,
    logApproximation,
    seed: config.seed,
    scale: eta,
    label: approximationLabel(family.kind),
    gradientEvaluations,
    logDensityEvaluations,
    fitSeconds: seconds,
    drawSeconds: (performance.now() - drawStart) / 1000,
    warnings: run.warnings,
  });
  // The fit carries the check when it used more draws than were kept (its summary would
  // otherwise recompute it from the kept draws alone); the fit's own warnings leave it out.
  const approximationCheck = checkWithMoreDraws(model, familyDraw(family, run.lambda), keptFit, config.checkDraws, config.seed);
  const fit: Fit = approximationCheck === undefined || config.checkDraws <= config.draws ? keptFit : { ...keptFit, approximationCheck };
  const checkWarning = approximationCheck === undefined || approximationCheck.verdict === 'reliable' ? [] : [`${place}: ${approximationCheck.message}`];
  return {
    approximation: family.describe(run.lambda),
    elboTrace: run.trace,
    converged: run.status === 'converged-mean' || run.status === 'converged-median',
    status: run.status,
    iterations: run.iterations,
    averagedIterations: run.averagedIterations,
    seconds,
    gradientEvaluations,
    logDensityEvaluations,
    eta,
    etaTrials: adaptation?.trials ?? [],
    warnings: [...run.warnings, ...checkWarning],
    ...(approximationCheck === undefined ? {} : { approximationCheck }),
    config,
    fit,
  };
}
