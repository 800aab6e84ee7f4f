import type { CompiledModel } from '../../models/model.js';
import { essBulk } from '../diagnostics/ess.js';
import { rhat } from '../diagnostics/rhat.js';
import type { SampleOptions } from './config.js';
import { columnDraws, type Fit, type SamplerMethod } from './fit.js';
import { sample } from './sample.js';

/**
 * NUTS, static HMC and random-walk Metropolis on one model, with the same chains, iterations
 * and seed, measured by the cost of an effective draw: the minimum bulk-ESS over the outputs
 * (the worst-estimated quantity decides) per second and per density evaluation, the measure
 * of Hoffman & Gelman (2014), section 4.4, and of posteriordb benchmarks.
 */

export interface SamplerComparison {
  readonly method: SamplerMethod;
  /** Wall-clock seconds summed over chains, warm-up included. */
  readonly seconds: number;
  /** Gradient evaluations (NUTS, HMC) or log-density evaluations (Metropolis), all chains. */
  readonly evaluations: number;
  readonly evaluationKind: 'gradient' | 'logDensity';
  readonly minEssBulk: number;
  readonly essPerSecond: number;
  readonly essPerEvaluation: number;
  readonly maxRhat: number;
  /** Divergent transitions after warm-up. */
  readonly divergences: number;
  readonly fit: Fit;
}

export interface CompareOptions extends Omit<SampleOptions, 'method'> {
  /** Default all three. */
  readonly methods?: readonly SamplerMethod[];
}

/** Minimum over the outputs of `statistic`, ignoring NaN (constant outputs); NaN if all are. */
function extremeOverOutputs(fit: Fit, statistic: (chains: readonly Float64Array[]) => number, pick: 'min' | 'max'): number {
  const values = fit.outputNames.map((name) => statistic(columnDraws(fit, name))).filter((value) => !Number.isNaN(value));
  if (values.length === 0) return NaN;
  return pick === 'min' ? Math.min(...values) : Math.max(...values);
}

/** The efficiency of one method's fit (what compareSamplers reports for it). */
export function measureFit(method: SamplerMethod, fit: Fit): SamplerComparison {
  const seconds = fit.chains.reduce((sum, chain) => sum + chain.warmupSeconds + chain.samplingSeconds, 0);
  const evaluationKind = method === 'metropolis' ? 'logDensity' : 'gradient';
  const evaluations = fit.chains.reduce(
    (sum, chain) => sum + (evaluationKind === 'gradient' ? chain.gradientEvaluations : chain.logDensityEvaluations),
    0,
  );
  const minEssBulk = extremeOverOutputs(fit, essBulk, 'min');
  return {
    method,
    seconds,
    evaluations,
    evaluationKind,
    minEssBulk,
    essPerSecond: minEssBulk / seconds,
    essPerEvaluation: minEssBulk / evaluations,
    maxRhat: extremeOverOutputs(fit, rhat, 'max'),
    divergences: fit.chains.reduce((sum, chain) => sum + chain.divergentPositions.length, 0),
    fit,
  };
}

/** Runs each method on `model` in this thread and measures its efficiency. */
export function compareSamplers(model: CompiledModel, options: CompareOptions = {}): SamplerComparison[] {
  const methods = options.methods ?? (['nuts', 'hmc', 'metropolis'] as const);
  return methods.map((method) => measureFit(method, sample(model, { ...options, method })));
}

/** The comparison as a text table, one line per method. */
export function formatComparison(rows: readonly SamplerComparison[]): string {
  const header = ['method', 'seconds', 'evaluations', 'min ESS_bulk', 'ESS/s', 'ESS/eval', 'max R_hat', 'divergences'];
  const lines = rows.map((row) => [
    row.method,
    row.seconds.toFixed(2),
    `${row.evaluations}${row.evaluationKind === 'logDensity' ? ' (log p)' : ''}`,
    row.minEssBulk.toFixed(0),
    row.essPerSecond.toPrecision(3),
    row.essPerEvaluation.toPrecision(3),
    row.maxRhat.toFixed(3),
    String(row.divergences),
  ]);
  const table = [header, ...lines];
  const widths = header.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  return table.map((line) => line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}
