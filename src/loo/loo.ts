import { varianceOf } from '../samplers/diagnostics/moments.js';
import { PARETO_K_BIAS_THRESHOLD, paretoKCategory, paretoKThreshold, type ParetoKCategory } from '../samplers/diagnostics/pareto-k.js';
import type { Fit } from '../samplers/run/fit.js';
import { checkFinite, type LogLikelihood, type LogLikelihoodMatrix, logLikelihoodOfFit, logLikelihoodOfMatrix } from './log-likelihood.js';
import { formatLoo } from './loo-text.js';
import { type PointwiseLoo, pointwiseLoo } from './pointwise.js';
import { relativeEfficiency } from './relative-efficiency.js';
import { looWarnings } from './warnings.js';

/**
 * Approximate leave-one-out cross-validation by Pareto smoothed importance sampling
 * (Vehtari, Gelman & Gabry 2017, "Practical Bayesian model evaluation using leave-one-out
 * cross-validation and WAIC", Statistics and Computing 27), as the R package loo's loo():
 * the expected log pointwise predictive density elpd_loo = Σ_i log p(y_i | y_−i), the
 * effective number of parameters p_loo, looic = −2 elpd_loo, their standard errors
 * sqrt(N Var_i(·)) over observations (section 4), the Monte Carlo error of elpd_loo, and
 * each observation's Pareto k with the thresholds of Vehtari et al. (2024) (pareto-k.ts).
 */

export interface LooOptions {
  /** The generated quantity holding the pointwise log-likelihood; default 'log_lik'. */
  readonly variable?: string;
  /**
   * r_eff per observation: 'chains' (default) estimates it from the chains (loo's
   * relative_eff); a number or one per observation sets it; 1 treats the draws as independent.
   * Draws from an approximation (ADVI, Pathfinder) are independent: 1 is used for them.
   */
  readonly relativeEfficiency?: 'chains' | number | readonly number[];
  /** A name for the model in comparisons and printouts. */
  readonly name?: string;
  /** Unconstrained parameters of the model, for the p_loo check (taken from a fit). */
  readonly parameters?: number;
}

export interface LooEstimate {
  readonly estimate: number;
  readonly se: number;
}

export interface LooPointwise {
  readonly names: readonly string[];
  readonly elpdLoo: Float64Array;
  readonly mcseElpdLoo: Float64Array;
  readonly pLoo: Float64Array;
  readonly looic: Float64Array;
  readonly paretoK: Float64Array;
  /** PSIS effective sample size of each observation's weighted draws (loo's n_eff). */
  readonly effectiveSampleSize: Float64Array;
  readonly relativeEfficiency: Float64Array;
}

export interface ParetoKCount {
  readonly category: ParetoKCategory;
  /** (lower, upper] of k in this category. */
  readonly range: readonly [number, number];
  readonly count: number;
  readonly fraction: number;
  /** Smallest PSIS effective sample size in the category (NaN when empty). */
  readonly minEffectiveSampleSize: number;
}

export interface LooResult {
  readonly name?: string;
  readonly elpdLoo: LooEstimate;
  readonly pLoo: LooEstimate;
  readonly looic: LooEstimate;
  /** Monte Carlo standard error of elpd_loo: sqrt(Σ mcse_i²); NaN when some k > 0.7. */
  readonly mcseElpdLoo: number;
  readonly pointwise: LooPointwise;
  /** Draws (S) and observations (N) of the log-likelihood matrix. */
  readonly draws: number;
  readonly observations: number;
  /** min(1 − 1/log10(S), 0.7): Pareto k above it makes that observation's estimate unreliable. */
  readonly paretoKThreshold: number;
  readonly paretoKTable: readonly ParetoKCount[];
  /** What to make of the estimate, in words (empty when nothing is wrong). */
  readonly warnings: readonly string[];
  /** A printout as loo's print.psis_loo. */
  readonly text: string;
}

const isFit = (input: Fit | LogLikelihoodMatrix): input is Fit => 'columnNames' in input && 'draws' in input;

function estimateOf(values: Float64Array): LooEstimate {
  const sum = values.reduce((total, value) => total + value, 0);
  return { estimate: sum, se: Math.sqrt(values.length * varianceOf(values)) };
}

function efficiencies(logLikelihood: LogLikelihood, option: LooOptions['relativeEfficiency'], independent: boolean, place: string): Float64Array {
  const count = logLikelihood.names.length;
  if (option === undefined || option === 'chains') {
    return independent ? new Float64Array(count).fill(1) : Float64Array.from(logLikelihood.values, (chains) => relativeEfficiency(chains));
  }
  const values = typeof option === 'number' ? new Array<number>(count).fill(option) : option;
  if (values.length !== count) throw new Error(`${place}: relativeEfficiency has ${values.length} values, but there are ${count} observations`);
  values.forEach((value, i) => {
    if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${place}: relativeEfficiency[${i}] is ${value}, but must be a positive finite number`);
  });
  return Float64Array.from(values);
}

function paretoKTable(k: Float64Array, ess: Float64Array, threshold: number): ParetoKCount[] {
  const bounds: [ParetoKCategory, number, number][] = [
    ['good', -Infinity, threshold],
    ['bad', threshold, 1],
    ['very-bad', 1, Infinity],
  ];
  return bounds.map(([category, lower, upper]) => {
    const members = [...k.keys()].filter((i) => (category === 'very-bad' ? !(k[i]! <= 1) : k[i]! > lower && k[i]! <= upper));
    return {
      category,
      range: [lower, upper] as const,
      count: members.length,
      fraction: members.length / k.length,
      minEffectiveSampleSize: members.length === 0 ? NaN : Math.min(...members.map((i) => ess[i]!)),
    };
  });
}

/**
 * sqrt(Σ mcse_i²); NaN when an observation's k exceeds 0.7, whose Monte Carlo error is not
 * estimable (loo's mcse_loo returns NA then).
 */
function totalMcse(pointwise: LooPointwise): number {
  if (pointwise.paretoK.some((k) => !(k <= PARETO_K_BIAS_THRESHOLD))) return NaN;
  return Math.sqrt(pointwise.mcseElpdLoo.reduce((total, value) => total + value * value, 0));
}

/** PSIS-LOO of a fit with a `log_lik` generated quantity, or of a log-likelihood matrix. */
export function loo(input: Fit | LogLikelihoodMatrix, options: LooOptions = {}): LooResult {
  const place = `loo${options.name === undefined ? '' : `(${options.name})`}`;
  const fromFit = isFit(input);
  const logLikelihood = fromFit ? logLikelihoodOfFit(input, options.variable ?? 'log_lik', place) : logLikelihoodOfMatrix(input, place);
  checkFinite(logLikelihood, place);
  const independent = fromFit && input.approximation !== undefined;
  const rEff = efficiencies(logLikelihood, options.relativeEfficiency, independent, place);
  const results = logLikelihood.values.map((chains, i) => pointwiseLoo(chains, rEff[i]!));
  const column = (key: keyof PointwiseLoo): Float64Array => Float64Array.from(results, (result) => result[key]);
  const pointwise: LooPointwise = {
    names: logLikelihood.names,
    elpdLoo: column('elpdLoo'),
    mcseElpdLoo: column('mcseElpdLoo'),
    pLoo: column('pLoo'),
    looic: column('looic'),
    paretoK: column('paretoK'),
    effectiveSampleSize: column('effectiveSampleSize'),
    relativeEfficiency: rEff,
  };
  const threshold = paretoKThreshold(logLikelihood.draws);
  const base = {
    ...(options.name === undefined ? {} : { name: options.name }),
    elpdLoo: estimateOf(pointwise.elpdLoo),
    pLoo: estimateOf(pointwise.pLoo),
    looic: estimateOf(pointwise.looic),
    mcseElpdLoo: totalMcse(pointwise),
    pointwise,
    draws: logLikelihood.draws,
    observations: logLikelihood.names.length,
    paretoKThreshold: threshold,
    paretoKTable: paretoKTable(pointwise.paretoK, pointwise.effectiveSampleSize, threshold),
  };
  const parameters = options.parameters ?? (fromFit ? input.dim : undefined);
  const warnings = looWarnings(base, parameters);
  return { ...base, warnings, text: formatLoo({ ...base, warnings }) };
}

/** The category of each observation's k (for plots and tables). */
export function paretoKCategories(result: Pick<LooResult, 'pointwise' | 'draws'>): ParetoKCategory[] {
  return Array.from(result.pointwise.paretoK, (k) => paretoKCategory(k, result.draws));
}
