import { readFileSync } from 'node:fs';
import gammaln from '@stdlib/math-base-special-gammaln';

/**
 * test/fixtures/loo/loo-reference.json, written by test/fixtures/loo/generate.R (R's loo):
 * the inputs (draws, data, raw log ratios) and loo's outputs. The log-likelihood matrices
 * are computed here from the draws with the generator's formulas.
 */

export interface GpdCase {
  readonly name: string;
  readonly x: number[];
  readonly k: number;
  readonly sigma: number;
}

export interface PsisCase {
  readonly name: string;
  readonly description: string;
  readonly r_eff: number;
  readonly log_ratios: number[];
  readonly log_weights: number[];
  readonly pareto_k: number | 'Inf';
  readonly tail_len: number;
}

export interface ModelCase {
  readonly name: string;
  readonly data: 'line' | 'outliers' | 'counts';
  readonly parameters: string[];
  /** draws[chain][parameter][draw] */
  readonly draws: number[][][];
  readonly r_eff: number[];
  readonly estimates: Record<'elpd_loo' | 'se_elpd_loo' | 'p_loo' | 'se_p_loo' | 'looic' | 'se_looic', number> & { readonly mcse_elpd_loo: number | 'NA' };
  readonly pointwise: Record<'elpd_loo' | 'mcse_elpd_loo' | 'p_loo' | 'looic' | 'pareto_k' | 'n_eff', number[]>;
}

export interface CompareCase {
  readonly models: string[];
  readonly order: string[];
  readonly elpd_diff: number[];
  readonly se_diff: number[];
}

export interface LooFixture {
  readonly looVersion: string;
  readonly data: { line: { x: number[]; y: number[] }; outliers: { y: number[] }; counts: { y: number[] } };
  readonly gpd: GpdCase[];
  readonly psis: PsisCase[];
  readonly models: ModelCase[];
  readonly compare: CompareCase[];
}

export function readLooFixture(): LooFixture {
  return JSON.parse(readFileSync(new URL('../fixtures/loo/loo-reference.json', import.meta.url), 'utf8')) as LooFixture;
}

const logNormal = (y: number, mu: number, sigma: number): number => -0.5 * Math.log(2 * Math.PI) - Math.log(sigma) - 0.5 * ((y - mu) / sigma) ** 2;
const logStudentT4 = (y: number, mu: number, sigma: number): number => {
  const z = (y - mu) / sigma;
  return gammaln(2.5) - gammaln(2) - 0.5 * Math.log(4 * Math.PI) - Math.log(sigma) - 2.5 * Math.log1p((z * z) / 4);
};
const logPoisson = (y: number, eta: number): number => y * eta - Math.exp(eta) - gammaln(y + 1);

/** log p(y_i | draw) of observation i, for the model's parameters in fixture order. */
function pointwiseLogLikelihood(fixture: LooFixture, model: ModelCase): (parameters: number[], i: number) => number {
  const { line, outliers, counts } = fixture.data;
  switch (model.name) {
    case 'regression':
      return ([alpha, beta, sigma], i) => logNormal(line.y[i]!, alpha! + beta! * line.x[i]!, sigma!);
    case 'intercept_only':
      return ([mu, sigma], i) => logNormal(line.y[i]!, mu!, sigma!);
    case 'normal_outliers':
      return ([mu, sigma], i) => logNormal(outliers.y[i]!, mu!, sigma!);
    case 'student_t_outliers':
      return ([mu, sigma], i) => logStudentT4(outliers.y[i]!, mu!, sigma!);
    case 'poisson_per_observation':
      return (parameters, i) => logPoisson(counts.y[i]!, parameters[i + 1]!);
    default:
      throw new Error(`fixture: unknown model ${model.name}`);
  }
}

export function observationCount(fixture: LooFixture, model: ModelCase): number {
  return fixture.data[model.data].y.length;
}

/** The draws × observations log-likelihood matrix (chains stacked in order) and chain ids. */
export function logLikelihoodMatrix(fixture: LooFixture, model: ModelCase): { logLikelihood: Float64Array[]; chainIds: number[] } {
  const logLik = pointwiseLogLikelihood(fixture, model);
  const observations = observationCount(fixture, model);
  const logLikelihood: Float64Array[] = [];
  const chainIds: number[] = [];
  model.draws.forEach((chain, chainIndex) => {
    const count = chain[0]!.length;
    for (let s = 0; s < count; s++) {
      const parameters = chain.map((column) => column[s]!);
      logLikelihood.push(Float64Array.from({ length: observations }, (_, i) => logLik(parameters, i)));
      chainIds.push(chainIndex + 1);
    }
  });
  return { logLikelihood, chainIds };
}

/** |actual − expected| ≤ tolerance · max(1, |expected|): absolute near 0, relative beyond. */
export function closeTo(actual: number, expected: number | 'NA', tolerance = 1e-6): boolean {
  if (expected === 'NA') return Number.isNaN(actual);
  if (expected === Infinity) return actual === Infinity;
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}
