import type { CompiledModel } from '../models/model.js';
import { approximationCheckOf } from '../samplers/diagnostics/approximation-check.js';
import { makeRng } from '../random/rng.js';
import { GENERATED_QUANTITIES_STREAM } from '../samplers/run/chain.js';
import type { Fit, SampleConfig, SamplerMethod } from '../samplers/run/fit.js';
import { modelShape } from '../samplers/run/model-shape.js';

/**
 * Independent draws from an approximation of the posterior (ADVI, Laplace), stored as a Fit
 * with one "chain", so that summaries, plots and output files treat them as MCMC draws.
 *
 * Columns are those of CmdStan's variational and laplace output, then the model's outputs:
 *   lp__     the model's log density at the draw (unconstrained, Jacobian included), as an
 *            MCMC draw's lp__ (CmdStan writes 0 here for ADVI);
 *   log_p__  the same log density, under CmdStan's name;
 *   log_g__  the approximation's normalised log density at the draw, on the unconstrained
 *            space (CmdStan drops its constant), so log_p__ − log_g__ are log importance
 *            ratios (e.g. for Pareto-smoothed importance sampling, Yao et al. 2018).
 *
 * SampleConfig describes MCMC runs: `method` lists MCMC algorithms only. Until it lists
 * approximations, a fit of approximate draws carries APPROXIMATION_METHOD, the MCMC method
 * whose summary checks suit independent draws (R-hat, ESS; no energy or tree depth), and
 * fields without a meaning here are NaN (adaptDelta, maxTreeDepth, integrationTime,
 * stepSizeJitter, initRadius). `chains[0].adaptation.proposalScale` holds the step size
 * ADVI used, or 1 for a Laplace approximation.
 */
export const APPROXIMATION_METHOD: SamplerMethod = 'metropolis';

export const approximationColumnNames = ['lp__', 'log_p__', 'log_g__'] as const;

export interface ApproximateDraws {
  /** Unconstrained draws. */
  readonly positions: readonly Float64Array[];
  /** log g at each draw. */
  readonly logApproximation: Float64Array;
  /** Seed of the run: generated quantities draw from its generated-quantities stream. */
  readonly seed: number;
  /** Recorded as the proposal scale (see above). */
  readonly scale: number;
  readonly gradientEvaluations: number;
  readonly logDensityEvaluations: number;
  /** Seconds of fitting the approximation (recorded as warm-up) and of drawing from it
   *  (the outputs computed here are added to the latter). */
  readonly fitSeconds: number;
  readonly drawSeconds: number;
  readonly warnings: readonly string[];
  /** What the draws come from, e.g. 'ADVI (mean-field)' (Fit.approximation). */
  readonly label: string;
}

function meanAndVariance(positions: readonly Float64Array[], dim: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(dim);
  const variance = new Float64Array(dim);
  for (const position of positions) for (let i = 0; i < dim; i++) mean[i]! += position[i]! / positions.length;
  for (const position of positions) for (let i = 0; i < dim; i++) variance[i]! += (position[i]! - mean[i]!) ** 2;
  for (let i = 0; i < dim; i++) variance[i]! /= Math.max(1, positions.length - 1);
  return { mean, variance };
}

function approximationConfig(draws: number, seed: number): SampleConfig {
  return {
    method: APPROXIMATION_METHOD,
    chains: 1,
    warmup: 0,
    draws,
    thin: 1,
    seed,
    adaptDelta: NaN,
    maxTreeDepth: NaN,
    metric: 'diag',
    initialStepSize: NaN,
    integrationTime: NaN,
    stepSizeJitter: NaN,
    initRadius: NaN,
    progressEvery: draws,
  };
}

/** The Fit of `input.positions` under `model` (its outputs computed at every draw). */
export function approximationFit(model: CompiledModel, input: ApproximateDraws): Fit {
  const start = performance.now();
  const shape = modelShape(model);
  const count = input.positions.length;
  const columns = Array.from({ length: approximationColumnNames.length + shape.outputNames.length }, () => new Float64Array(count));
  const outputRng = makeRng(input.seed, GENERATED_QUANTITIES_STREAM);
  input.positions.forEach((position, draw) => {
    const logDensity = model.logDensity(position);
    columns[0]![draw] = logDensity;
    columns[1]![draw] = logDensity;
    columns[2]![draw] = input.logApproximation[draw]!;
    const outputs = model.outputs(position, outputRng);
    for (let k = 0; k < outputs.length; k++) columns[approximationColumnNames.length + k]![draw] = outputs[k]!;
  });
  const { mean, variance } = meanAndVariance(input.positions, shape.dim);
  const fit: Fit = {
    config: approximationConfig(count, input.seed),
    approximation: input.label,
    dim: shape.dim,
    columnNames: [...approximationColumnNames, ...shape.outputNames],
    outputNames: shape.outputNames,
    unconstrainedNames: shape.unconstrainedNames,
    draws: [columns],
    chains: [
      {
        chain: 0,
        adaptation: { kind: 'metropolis', proposalScale: input.scale },
        gradientEvaluations: input.gradientEvaluations,
        logDensityEvaluations: input.logDensityEvaluations + count,
        warmupSeconds: input.fitSeconds,
        samplingSeconds: input.drawSeconds + (performance.now() - start) / 1000,
        warmupDivergences: 0,
        divergentPositions: [],
        warmupNonFiniteTransitions: 0,
        nonFiniteTransitions: 0,
        nonFiniteDraws: [],
        unconstrainedMean: mean,
        unconstrainedVariance: variance,
        warnings: input.warnings,
      },
    ],
  };
  // The Pareto-k check these draws give, made here so that summaries need not (fit.ts says why).
  const check = approximationCheckOf(fit);
  return check === undefined ? fit : { ...fit, approximationCheckOfDraws: check };
}
