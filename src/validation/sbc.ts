import { makeRng } from '../random/rng.js';
import { fitReplicate, type FitInfo, type SbcFitOptions, type SbcMethod } from './sbc-fit.js';
import type { SbcModel } from './sbc-model.js';
import { binRanks, rankOf } from './sbc-ranks.js';
import { rankShape, type RankShape } from './sbc-shape.js';
import { bonferroniLevel, chiSquareUniformity, type ChiSquareTest } from './statistics.js';

/**
 * Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman 2018,
 * arXiv:1804.06788, Algorithm 1): for each replicate, draw parameters from the prior and
 * data from the likelihood, fit the data, and record the rank of each true parameter among
 * L posterior draws. A correct algorithm gives uniform ranks; each parameter's ranks are
 * tested with Pearson's chi-square on B equal bins, at a Bonferroni-corrected level over
 * every parameter tested.
 *
 * Random streams: replicate r simulates from makeRng(seed, r); its fit uses seed
 * replicateFitSeed(seed, r); ties are broken from makeRng(replicateFitSeed(seed, r), TIE_STREAM).
 */

export interface ReplicateOptions extends SbcFitOptions {
  readonly seed?: number;
}

export interface ReplicateResult {
  readonly replicate: number;
  /** The checked quantities, in the order of `ranks`. */
  readonly names: readonly string[];
  /** Rank of each true value among the L draws, in 0..L. */
  readonly ranks: readonly number[];
  readonly info: FitInfo;
}

/** A replicate whose fit threw (recorded, not ranked). */
export interface ReplicateFailure {
  readonly replicate: number;
  readonly error: string;
}

const TIE_STREAM = 7;

export function replicateFitSeed(seed: number, replicate: number): number {
  return 1_000_003 * (seed + 1) + replicate;
}

/** One replicate of Algorithm 1. */
export function runReplicate(model: SbcModel, method: SbcMethod, replicate: number, options: ReplicateOptions = {}): ReplicateResult {
  const seed = options.seed ?? 0;
  const simulation = model.simulate(makeRng(seed, replicate));
  const names = Object.keys(simulation.parameters);
  const compiled = model.definition.compile(simulation.data);
  const fitSeed = replicateFitSeed(seed, replicate);
  const { draws, info } = fitReplicate(method, compiled, names, fitSeed, options);
  const tieRng = makeRng(fitSeed, TIE_STREAM);
  const ranks = names.map((name, index) => rankOf(simulation.parameters[name]!, draws[index]!, tieRng));
  return { replicate, names, ranks, info };
}

/** A replicate, or the reason it failed. */
export function tryReplicate(model: SbcModel, method: SbcMethod, replicate: number, options: ReplicateOptions = {}): ReplicateResult | ReplicateFailure {
  try {
    return runReplicate(model, method, replicate, options);
  } catch (error) {
    return { replicate, error: error instanceof Error ? error.message : String(error) };
  }
}

export function isFailure(result: ReplicateResult | ReplicateFailure): result is ReplicateFailure {
  return 'error' in result;
}

export interface ParameterCalibration {
  readonly name: string;
  readonly ranks: readonly number[];
  /** Rank counts in `bins` equal bins. */
  readonly counts: readonly number[];
  readonly test: ChiSquareTest;
  readonly shape: RankShape;
  /** p-value below the Bonferroni-corrected level (set by `applyBonferroni`). */
  readonly rejected: boolean;
}

export interface SbcResult {
  readonly model: string;
  readonly method: SbcMethod;
  readonly replicates: number;
  readonly failures: readonly ReplicateFailure[];
  /** L: ranks run from 0 to L. */
  readonly rankDraws: number;
  readonly bins: number;
  /** Per-parameter level after Bonferroni correction (NaN before `applyBonferroni`). */
  readonly level: number;
  readonly parameters: readonly ParameterCalibration[];
  /** Replicates with divergent transitions, with too few independent draws, or (ADVI) not converged. */
  readonly divergentReplicates: number;
  readonly unreliableReplicates: number;
  readonly meanStride: number;
}

/** Rank counts, chi-square tests and shapes of one model and method. */
export function analyzeReplicates(
  model: string,
  method: SbcMethod,
  results: readonly (ReplicateResult | ReplicateFailure)[],
  options: { readonly rankDraws: number; readonly bins: number },
): SbcResult {
  const succeeded = results.filter((result): result is ReplicateResult => !isFailure(result));
  const failures = results.filter(isFailure);
  if (succeeded.length < 2) throw new Error(`analyzeReplicates(${model}, ${method}): ${succeeded.length} replicate(s) succeeded, too few to test (first failure: ${failures[0]?.error ?? 'none'})`);
  const names = succeeded[0]!.names;
  const parameters = names.map((name, index) => {
    const ranks = succeeded.map((result) => result.ranks[index]!);
    const counts = binRanks(ranks, options.rankDraws, options.bins);
    return { name, ranks, counts, test: chiSquareUniformity(counts), shape: rankShape(ranks, options.rankDraws), rejected: false };
  });
  return {
    model,
    method,
    replicates: succeeded.length,
    failures,
    rankDraws: options.rankDraws,
    bins: options.bins,
    level: NaN,
    parameters,
    divergentReplicates: succeeded.filter((result) => result.info.divergences > 0).length,
    unreliableReplicates: succeeded.filter((result) => !result.info.ok).length,
    meanStride: succeeded.reduce((sum, result) => sum + result.info.stride, 0) / succeeded.length,
  };
}

/**
 * Marks the parameters whose uniformity test rejects at `alpha` (default 0.01) after
 * Bonferroni correction over every parameter of every result given (one family of tests,
 * e.g. all models of one method).
 */
export function applyBonferroni(results: readonly SbcResult[], alpha = 0.01): SbcResult[] {
  const tests = results.reduce((total, result) => total + result.parameters.length, 0);
  const level = bonferroniLevel(alpha, tests);
  return results.map((result) => ({
    ...result,
    level,
    parameters: result.parameters.map((parameter) => ({ ...parameter, rejected: parameter.test.pValue < level })),
  }));
}

/** Whether no parameter of `result` is rejected. */
export function isCalibrated(result: SbcResult): boolean {
  return result.parameters.every((parameter) => !parameter.rejected);
}
