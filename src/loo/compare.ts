import type { Fit } from '../samplers/run/fit.js';
import { loo, type LooOptions, type LooResult } from './loo.js';
import { alignColumns } from './loo-text.js';

/**
 * Model comparison by PSIS-LOO, as the R package loo's loo_compare (Vehtari, Gelman & Gabry
 * 2017, section 5.2): models ranked by elpd_loo; for each, the difference from the best
 * model's elpd_loo, summed over observations, with the standard error of the paired
 * pointwise differences, sqrt(N) sd_i(elpd_loo,i(model) − elpd_loo,i(best)). The models
 * must be fitted to the same observations.
 *
 * Reading it (Sivula, Magnusson, Matamoros & Vehtari 2022, "Uncertainty in Bayesian
 * leave-one-out cross-validation based model comparison"): a |elpd_diff| below 4 is small
 * whatever its SE; otherwise the normal approximation with se_diff is reasonable when the
 * models' predictions are not too similar, N is not small and no model is badly misspecified.
 */

export interface ComparisonRow {
  readonly name: string;
  /** elpd_loo of this model minus that of the best (0 for the best). */
  readonly elpdDiff: number;
  readonly seDiff: number;
  readonly elpdLoo: number;
  readonly seElpdLoo: number;
  readonly pLoo: number;
  readonly sePLoo: number;
  readonly looic: number;
  readonly seLooic: number;
}

export interface ModelComparison {
  /** Best first. */
  readonly rows: readonly ComparisonRow[];
  readonly warnings: readonly string[];
  readonly text: string;
}

export type ComparableModel = Fit | LooResult;

const isLooResult = (model: ComparableModel): model is LooResult => 'elpdLoo' in model && 'pointwise' in model;

function named(models: readonly ComparableModel[] | Readonly<Record<string, ComparableModel>>, options: LooOptions): LooResult[] {
  const entries: [string, ComparableModel][] = Array.isArray(models)
    ? models.map((model, i) => [isLooResult(model) && model.name !== undefined ? model.name : `model${i + 1}`, model])
    : Object.entries(models as Readonly<Record<string, ComparableModel>>);
  return entries.map(([name, model]) => (isLooResult(model) ? { ...model, name } : loo(model, { ...options, name })));
}

function checkComparable(results: readonly LooResult[]): void {
  if (results.length < 2) throw new Error(`compareModels: ${results.length} model given, but a comparison needs at least two`);
  const first = results[0]!;
  for (const result of results.slice(1)) {
    if (result.observations !== first.observations) {
      throw new Error(
        `compareModels: ${first.name} has ${first.observations} observations but ${result.name} has ${result.observations}; ` +
          'models can only be compared on the same data',
      );
    }
  }
  const names = new Set(results.map((result) => result.name));
  if (names.size !== results.length) throw new Error(`compareModels: model names repeat (${results.map((result) => result.name).join(', ')}); give each model its own name`);
}

function standardErrorOfSum(differences: Float64Array): number {
  const n = differences.length;
  const mean = differences.reduce((total, value) => total + value, 0) / n;
  const variance = differences.reduce((total, value) => total + (value - mean) ** 2, 0) / (n - 1);
  return Math.sqrt(n * variance);
}

function comparisonWarnings(rows: readonly ComparisonRow[], results: readonly LooResult[]): string[] {
  const warnings: string[] = [];
  const unreliable = results.filter((result) => result.pointwise.paretoK.some((k) => !(k <= result.paretoKThreshold)));
  if (unreliable.length > 0) {
    warnings.push(
      `${unreliable.map((result) => result.name).join(', ')} ${unreliable.length === 1 ? 'has' : 'have'} observations with Pareto k ` +
        'above the threshold: their elpd_loo, and the differences involving them, are unreliable (see their own warnings).',
    );
  }
  const close = rows.slice(1).filter((row) => Math.abs(row.elpdDiff) < 4);
  if (close.length > 0) {
    warnings.push(
      `${close.map((row) => row.name).join(', ')} ${close.length === 1 ? 'is' : 'are'} within 4 of the best model's elpd_loo: ` +
        'a difference that small is not distinguishable in predictive performance, whatever se_diff says (Sivula et al. 2022).',
    );
  }
  return warnings;
}

function formatComparison(rows: readonly ComparisonRow[], warnings: readonly string[]): string {
  const fixed = (value: number): string => value.toFixed(1);
  const table = alignColumns([
    ['', 'elpd_diff', 'se_diff', 'elpd_loo', 'se_elpd_loo', 'p_loo', 'se_p_loo', 'looic', 'se_looic'],
    ...rows.map((row) => [row.name, ...[row.elpdDiff, row.seDiff, row.elpdLoo, row.seElpdLoo, row.pLoo, row.sePLoo, row.looic, row.seLooic].map(fixed)]),
  ]);
  return [table, ...warnings.map((warning) => `Warning: ${warning}`)].join('\n');
}

/**
 * Ranks models by elpd_loo. Models are fits (with a `log_lik` generated quantity) or loo()
 * results, as a list (named by their `name`, else model1, model2, ...) or a record by name.
 */
export function compareModels(models: readonly ComparableModel[] | Readonly<Record<string, ComparableModel>>, options: LooOptions = {}): ModelComparison {
  const results = named(models, options);
  checkComparable(results);
  // Stable: ties keep the given order, as R's order().
  const ranked = [...results].sort((a, b) => b.elpdLoo.estimate - a.elpdLoo.estimate);
  const best = ranked[0]!;
  const rows = ranked.map((result) => {
    const differences = result.pointwise.elpdLoo.map((value, i) => value - best.pointwise.elpdLoo[i]!);
    return {
      name: result.name!,
      elpdDiff: differences.reduce((total, value) => total + value, 0),
      seDiff: result === best ? 0 : standardErrorOfSum(differences),
      elpdLoo: result.elpdLoo.estimate,
      seElpdLoo: result.elpdLoo.se,
      pLoo: result.pLoo.estimate,
      sePLoo: result.pLoo.se,
      looic: result.looic.estimate,
      seLooic: result.looic.se,
    };
  });
  const warnings = comparisonWarnings(rows, results);
  return { rows, warnings, text: formatComparison(rows, warnings) };
}
