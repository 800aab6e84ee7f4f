import binomcoefln from '@stdlib/math-base-special-binomcoefln';
import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import cauchyCdf from '@stdlib/stats-base-dists-cauchy-cdf';
import exponentialCdf from '@stdlib/stats-base-dists-exponential-cdf';
import gammaCdf from '@stdlib/stats-base-dists-gamma-cdf';
import invgammaCdf from '@stdlib/stats-base-dists-invgamma-cdf';
import laplaceCdf from '@stdlib/stats-base-dists-laplace-cdf';
import logisticCdf from '@stdlib/stats-base-dists-logistic-cdf';
import lognormalCdf from '@stdlib/stats-base-dists-lognormal-cdf';
import negativeBinomialCdf from '@stdlib/stats-base-dists-negative-binomial-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf';
import poissonLogpmf from '@stdlib/stats-base-dists-poisson-logpmf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import uniformCdf from '@stdlib/stats-base-dists-uniform-cdf';
import weibullCdf from '@stdlib/stats-base-dists-weibull-cdf';
import { Tensor, tensor } from '../../src/ad/tensor.js';
import * as d from '../../src/models/distributions/index.js';
import type { Distribution } from '../../src/models/distributions/index.js';
import { drawLogGamma } from '../../src/random/gamma.js';
import type { Rng } from '../../src/random/rng.js';
import { normals, zigguratLayers } from '../../src/random/ziggurat.js';
import { fromRaw, type Moments } from './gof.js';

// The table of goodness-of-fit cases: the samplers of src/models/distributions (so the
// generators of src/random are checked as users reach them, parameter mapping included;
// normal_id_glm's, mean + sd·normal, is normal's), at ordinary and edge parameters, against
// the exact CDF from an independent implementation (@stdlib/stats-base-dists-*, or where it
// is inaccurate a stated alternative), with exact moments where they exist. Multivariate
// samplers are checked through marginals whose laws are known.

export type Reference =
  | { readonly kind: 'continuous'; readonly cdf: (x: number) => number }
  | { readonly kind: 'discrete'; readonly cdf: (k: number) => number; readonly lower: number };

export interface GofCase {
  readonly name: string;
  /** `count` draws of the quantity under test. */
  readonly sample: (rng: Rng, count: number) => Float64Array;
  readonly reference: Reference;
  readonly moments?: Moments;
  /** Draws per check (default DRAWS). */
  readonly draws?: number;
}

export const DRAWS = 20_000;

const continuous = (cdf: (x: number) => number): Reference => ({ kind: 'continuous', cdf });
const discrete = (cdf: (k: number) => number, lower = 0): Reference => ({ kind: 'discrete', cdf, lower });

/** Draws from a distribution's own sampler. */
const from = (distribution: Distribution) => (rng: Rng, count: number): Float64Array => (distribution.sample(rng, count) as Tensor).data;

/** Component `k` of draws of a vector distribution of length `size`. */
const component = (distribution: Distribution, size: number, k: number) => (rng: Rng, count: number): Float64Array => {
  const all = (distribution.sample(rng, count) as Tensor).data;
  return Float64Array.from({ length: count }, (_, i) => all[i * size + k]!);
};

// Exact moments.
const normalMoments = (mu: number, sigma: number): Moments => ({ mean: mu, variance: sigma ** 2, fourth: 3 * sigma ** 4 });
const gammaMoments = (alpha: number, rate: number): Moments => ({ mean: alpha / rate, variance: alpha / rate ** 2, fourth: (3 * alpha * (alpha + 2)) / rate ** 4 });
const betaRaw = (a: number, b: number, k: number): number => {
  let m = 1;
  for (let j = 0; j < k; j++) m *= (a + j) / (a + b + j);
  return m;
};
const betaMoments = (a: number, b: number): Moments => fromRaw([betaRaw(a, b, 1), betaRaw(a, b, 2), betaRaw(a, b, 3), betaRaw(a, b, 4)]);
const binomialMoments = (n: number, p: number): Moments => {
  const q = 1 - p;
  return { mean: n * p, variance: n * p * q, fourth: n * p * q * (1 + 3 * p * q * (n - 2)) };
};
const poissonMoments = (mean: number): Moments => ({ mean, variance: mean, fourth: mean * (1 + 3 * mean) });
/** neg_binomial_2: excess kurtosis 6/φ + φ/(μ(φ + μ)). */
const negBinomial2Moments = (mu: number, phi: number): Moments => {
  const variance = mu + (mu * mu) / phi;
  return { mean: mu, variance, fourth: (3 + 6 / phi + phi / (mu * (phi + mu))) * variance ** 2 };
};
const weibullMoments = (shape: number, scale: number): Moments =>
  fromRaw([1, 2, 3, 4].map((k) => scale ** k * Math.exp(gammaln(1 + k / shape))) as [number, number, number, number]);
const lognormalMoments = (mu: number, sigma: number): Moments =>
  fromRaw([1, 2, 3, 4].map((k) => Math.exp(k * mu + (k * k * sigma * sigma) / 2)) as [number, number, number, number]);

/** Moments of a distribution on 0..K from its probabilities. */
function tableMoments(pmf: ArrayLike<number>, offset = 0): Moments {
  let mean = 0;
  for (let k = 0; k < pmf.length; k++) mean += (k + offset) * pmf[k]!;
  let variance = 0;
  let fourth = 0;
  for (let k = 0; k < pmf.length; k++) {
    const r = k + offset - mean;
    variance += r * r * pmf[k]!;
    fourth += r ** 4 * pmf[k]!;
  }
  return { mean, variance, fourth };
}

/** The CDF of a distribution on offset..offset+K from its probabilities. */
function tableCdf(pmf: ArrayLike<number>, offset = 0): (k: number) => number {
  const cumulative = new Float64Array(pmf.length);
  let total = 0;
  for (let k = 0; k < pmf.length; k++) cumulative[k] = total += pmf[k]!;
  return (k) => (k < offset ? 0 : k - offset >= pmf.length ? 1 : cumulative[k - offset]!);
}

/**
 * A CDF summed from a log pmf over [lower, upper] (0 below, 1 above: the mass outside is
 * negligible). For Poisson(1e6): @stdlib's poisson-cdf is off by 4e−4 there (0.7% at 1e4;
 * its incomplete gamma), while its log pmf is good to ~1e−8.
 */
function summedCdf(logPmf: (k: number) => number, lower: number, upper: number): (k: number) => number {
  const cumulative = new Float64Array(upper - lower + 1);
  let total = 0;
  for (let k = lower; k <= upper; k++) cumulative[k - lower] = total += Math.exp(logPmf(k));
  return (k) => (k < lower ? 0 : k > upper ? 1 : cumulative[k - lower]!);
}

/**
 * The one-term Edgeworth expansion of a lattice CDF at k + ½ (continuity correction),
 * Φ(z) − φ(z)·γ₁(z² − 1)/6 with z = (k + ½ − mean)/sd: its error is O(1/variance), 5e−12 for
 * binomial(1e12, 0.3), where @stdlib's binomial CDF and log pmf lose their accuracy (both
 * subtract log-gammas of size n log n).
 */
function edgeworthCdf(mean: number, variance: number, skewness: number): (k: number) => number {
  const sd = Math.sqrt(variance);
  return (k) => {
    const z = (k + 0.5 - mean) / sd;
    return normalCdf(z, 0, 1) - (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)) * (skewness / 6) * (z * z - 1);
  };
}

/**
 * P(G ≤ x) for G ~ gamma(a, 1) with an integer shape a: P(Poisson(x) ≥ a) = 1 − Σ_{k<a} P(k),
 * summed down from k = a − 1 by P(k − 1) = P(k)·k/x from @stdlib's Poisson log pmf. @stdlib's
 * gamma CDF is good to 1e−11 up to shape 500 but off by 4e−3 at shape 1e4 (its incomplete
 * gamma), more than a test of 20,000 draws resolves.
 */
function gammaCdfIntegerShape(a: number): (x: number) => number {
  return (x) => {
    if (!(x > 0)) return 0;
    let term = Math.exp(poissonLogpmf(a - 1, x));
    let sum = term;
    for (let k = a - 1; k > 0; k--) {
      term *= k / x;
      sum += term;
      if (k < x && term < 1e-17 * sum) break;
    }
    return 1 - sum;
  };
}

/** beta_binomial(n, a, b) probabilities: C(n, k) B(k + a, n − k + b)/B(a, b). */
function betaBinomialPmf(n: number, a: number, b: number): Float64Array {
  return Float64Array.from({ length: n + 1 }, (_, k) => Math.exp(binomcoefln(n, k) + betaln(k + a, n - k + b) - betaln(a, b)));
}

const softmax = (beta: readonly number[]): number[] => {
  const top = Math.max(...beta);
  const e = beta.map((b) => Math.exp(b - top));
  const total = e.reduce((s, x) => s + x, 0);
  return e.map((x) => x / total);
};

/** P(log G ≤ t) for G ~ gamma(α, 1): P(α, e^t), with P(α, x) = x^α/Γ(α + 1) where e^t underflows. */
function logGammaCdf(alpha: number): (t: number) => number {
  return (t) => (t < -700 ? Math.exp(alpha * t - gammaln(alpha + 1)) : gammaCdf(Math.exp(t), alpha, 1));
}

/** Correlation r_ij of a K×K Cholesky factor draw (row-major), i > j. */
const correlation = (size: number, i: number, j: number) => (rng: Rng, count: number): Float64Array => {
  const all = (d.lkjCholesky(size, 1.5).sample(rng, count) as Tensor).data;
  return Float64Array.from({ length: count }, (_, c) => {
    let r = 0;
    for (let k = 0; k <= j; k++) r += all[c * size * size + i * size + k]! * all[c * size * size + j * size + k]!;
    return r;
  });
};

/** Normal draws beyond the ziggurat's base strip (|z| > r): the tail algorithm's output. */
function normalTail(rng: Rng, count: number): Float64Array {
  const { r } = zigguratLayers();
  const out = new Float64Array(count);
  const block = new Float64Array(65_536);
  let filled = 0;
  while (filled < count) {
    normals(rng, block);
    for (let i = 0; i < block.length && filled < count; i++) if (Math.abs(block[i]!) > r) out[filled++] = Math.abs(block[i]!);
  }
  return out;
}

function cases(): GofCase[] {
  const { r } = zigguratLayers();
  const tailMass = normalCdf(-r, 0, 1);
  const categorical = [0.5, -1, 2, 0, -3];
  const categoricalP = softmax(categorical);
  const multinomialP = [0.1, 0.25, 0.05, 0.6];
  const dirichletAlpha = [0.01, 1, 5];
  const dirichletTotal = dirichletAlpha.reduce((s, a) => s + a, 0);
  const lkjShape = 1.5 - 1 + 4 / 2; // marginal (r + 1)/2 ~ beta(η − 1 + K/2, same) for K = 4, η = 1.5
  const lkjBeta = betaMoments(lkjShape, lkjShape);
  const lkjMoments: Moments = { mean: 0, variance: 4 * lkjBeta.variance!, fourth: 16 * lkjBeta.fourth! };
  const betaBinomial15 = betaBinomialPmf(15, 2, 3);
  const betaBinomial1000 = betaBinomialPmf(1000, 0.05, 0.05);
  const sigma = [
    [2, 0.6, -0.3],
    [0.6, 1, 0.2],
    [-0.3, 0.2, 0.5],
  ];
  const sumVariance = sigma.flat().reduce((s, x) => s + x, 0);
  return [
    // Normal family (ziggurat).
    { name: 'normal(1.5, 2)', sample: from(d.normal(1.5, 2)), reference: continuous((x) => normalCdf(x, 1.5, 2)), moments: normalMoments(1.5, 2) },
    { name: 'normals(rng, out)', sample: (rng, n) => normals(rng, new Float64Array(n)), reference: continuous((x) => normalCdf(x, 0, 1)), moments: normalMoments(0, 1), draws: 100_000 },
    { name: 'normal tail beyond r', sample: normalTail, reference: continuous((x) => 1 - normalCdf(-x, 0, 1) / tailMass), draws: 2_000 },
    { name: 'half_normal(2)', sample: from(d.halfNormal(2)), reference: continuous((x) => 2 * normalCdf(x, 0, 2) - 1), moments: fromRaw([2 * Math.sqrt(2 / Math.PI), 4, 16 * Math.sqrt(2 / Math.PI), 48]) },
    { name: 'lognormal(0.5, 0.3)', sample: from(d.lognormal(0.5, 0.3)), reference: continuous((x) => lognormalCdf(x, 0.5, 0.3)), moments: lognormalMoments(0.5, 0.3) },
    // Inversion.
    { name: 'exponential(2.5)', sample: from(d.exponential(2.5)), reference: continuous((x) => exponentialCdf(x, 2.5)), moments: gammaMoments(1, 2.5) },
    { name: 'cauchy(1, 2)', sample: from(d.cauchy(1, 2)), reference: continuous((x) => cauchyCdf(x, 1, 2)) },
    { name: 'half_cauchy(2)', sample: from(d.halfCauchy(2)), reference: continuous((x) => (2 / Math.PI) * Math.atan(x / 2)) },
    { name: 'double_exponential(-1, 2)', sample: from(d.laplace(-1, 2)), reference: continuous((x) => laplaceCdf(x, -1, 2)), moments: { mean: -1, variance: 8, fourth: 24 * 16 } },
    { name: 'logistic(1, 0.7)', sample: from(d.logistic(1, 0.7)), reference: continuous((x) => logisticCdf(x, 1, 0.7)), moments: { mean: 1, variance: (Math.PI ** 2 * 0.49) / 3, fourth: (7 * Math.PI ** 4 * 0.7 ** 4) / 15 } },
    { name: 'weibull(1.7, 3)', sample: from(d.weibull(1.7, 3)), reference: continuous((x) => weibullCdf(x, 1.7, 3)), moments: weibullMoments(1.7, 3) },
    { name: 'weibull(0.2, 1)', sample: from(d.weibull(0.2, 1)), reference: continuous((x) => weibullCdf(x, 0.2, 1)) },
    { name: 'weibull(50, 2)', sample: from(d.weibull(50, 2)), reference: continuous((x) => weibullCdf(x, 50, 2)), moments: weibullMoments(50, 2) },
    { name: 'uniform(-2, 5)', sample: from(d.uniform(-2, 5)), reference: continuous((x) => uniformCdf(x, -2, 5)), moments: { mean: 1.5, variance: 49 / 12, fourth: 7 ** 4 / 80 } },
    // Gamma (Marsaglia & Tsang) and the ratios built on it.
    { name: 'gamma(0.01, 1)', sample: from(d.gamma(0.01, 1)), reference: continuous((x) => gammaCdf(x, 0.01, 1)) },
    { name: 'log of gamma(0.01, 1) (drawLogGamma)', sample: (rng, n) => Float64Array.from({ length: n }, () => drawLogGamma(rng, 0.01)), reference: continuous(logGammaCdf(0.01)) },
    { name: 'gamma(0.3, 1)', sample: from(d.gamma(0.3, 1)), reference: continuous((x) => gammaCdf(x, 0.3, 1)), moments: gammaMoments(0.3, 1) },
    { name: 'gamma(1, 1)', sample: from(d.gamma(1, 1)), reference: continuous((x) => gammaCdf(x, 1, 1)), moments: gammaMoments(1, 1) },
    { name: 'gamma(2.5, 4)', sample: from(d.gamma(2.5, 4)), reference: continuous((x) => gammaCdf(x, 2.5, 4)), moments: gammaMoments(2.5, 4) },
    { name: 'gamma(1e4, 2)', sample: from(d.gamma(1e4, 2)), reference: continuous((x) => gammaCdfIntegerShape(1e4)(2 * x)), moments: gammaMoments(1e4, 2) },
    { name: 'inv_gamma(9, 4)', sample: from(d.inverseGamma(9, 4)), reference: continuous((x) => invgammaCdf(x, 9, 4)), moments: fromRaw([1, 2, 3, 4].map((k) => 4 ** k * Math.exp(gammaln(9 - k) - gammaln(9))) as [number, number, number, number]) },
    { name: 'inv_gamma(0.5, 1)', sample: from(d.inverseGamma(0.5, 1)), reference: continuous((x) => invgammaCdf(x, 0.5, 1)) },
    { name: 'beta(2, 5)', sample: from(d.beta(2, 5)), reference: continuous((x) => betaCdf(x, 2, 5)), moments: betaMoments(2, 5) },
    { name: 'beta(0.5, 3)', sample: from(d.beta(0.5, 3)), reference: continuous((x) => betaCdf(x, 0.5, 3)), moments: betaMoments(0.5, 3) },
    // Small shapes where their mass sits at 0, which doubles resolve down to 1e−308; at both
    // ends (beta(0.05, 0.05)) 8% of the mass lies within 2^−53 of 1 and rounds to 1.
    { name: 'beta(0.05, 2)', sample: from(d.beta(0.05, 2)), reference: continuous((x) => betaCdf(x, 0.05, 2)), moments: betaMoments(0.05, 2) },
    { name: 'beta(0.5, 0.5)', sample: from(d.beta(0.5, 0.5)), reference: continuous((x) => betaCdf(x, 0.5, 0.5)), moments: betaMoments(0.5, 0.5) },
    { name: 'beta(1e4, 2e4)', sample: from(d.beta(1e4, 2e4)), reference: continuous((x) => betaCdf(x, 1e4, 2e4)), moments: betaMoments(1e4, 2e4) },
    { name: 'student_t(10, -1, 0.5)', sample: from(d.studentT(10, -1, 0.5)), reference: continuous((x) => tCdf((x + 1) / 0.5, 10)), moments: { mean: -1, variance: (0.25 * 10) / 8, fourth: (0.5 ** 4 * 3 * 100) / (8 * 6) } },
    { name: 'student_t(0.5, 0, 1)', sample: from(d.studentT(0.5, 0, 1)), reference: continuous((x) => tCdf(x, 0.5)) },
    { name: 'student_t(1e6, 0, 1)', sample: from(d.studentT(1e6, 0, 1)), reference: continuous((x) => tCdf(x, 1e6)) },
    { name: 'half_student_t(3, 1.5)', sample: from(d.halfStudentT(3, 1.5)), reference: continuous((x) => 2 * tCdf(x / 1.5, 3) - 1) },
    // Counts: inversion below n·p = 10 (mean 10), BTRS / PTRS above.
    { name: 'bernoulli(0.3)', sample: from(d.bernoulli(0.3)), reference: discrete((k) => binomialCdf(k, 1, 0.3)), moments: binomialMoments(1, 0.3) },
    { name: 'bernoulli_logit(-0.8)', sample: from(d.bernoulliLogit(-0.8)), reference: discrete((k) => binomialCdf(k, 1, 1 / (1 + Math.exp(0.8)))), moments: binomialMoments(1, 1 / (1 + Math.exp(0.8))) },
    { name: 'binomial(1, 0.4)', sample: from(d.binomial(1, 0.4)), reference: discrete((k) => binomialCdf(k, 1, 0.4)), moments: binomialMoments(1, 0.4) },
    { name: 'binomial(20, 0.3)', sample: from(d.binomial(20, 0.3)), reference: discrete((k) => binomialCdf(k, 20, 0.3)), moments: binomialMoments(20, 0.3) },
    { name: 'binomial(1000, 0.0099)', sample: from(d.binomial(1000, 0.0099)), reference: discrete((k) => binomialCdf(k, 1000, 0.0099)), moments: binomialMoments(1000, 0.0099) },
    { name: 'binomial(1000, 0.0101)', sample: from(d.binomial(1000, 0.0101)), reference: discrete((k) => binomialCdf(k, 1000, 0.0101)), moments: binomialMoments(1000, 0.0101) },
    { name: 'binomial(100, 0.2)', sample: from(d.binomial(100, 0.2)), reference: discrete((k) => binomialCdf(k, 100, 0.2)), moments: binomialMoments(100, 0.2) },
    { name: 'binomial(50, 0.9)', sample: from(d.binomial(50, 0.9)), reference: discrete((k) => binomialCdf(k, 50, 0.9)), moments: binomialMoments(50, 0.9) },
    { name: 'binomial(1e9, 1e-12)', sample: from(d.binomial(1e9, 1e-12)), reference: discrete((k) => binomialCdf(k, 1e9, 1e-12)), moments: binomialMoments(1e9, 1e-12), draws: 100_000 },
    { name: 'binomial(1e6, 3e-6)', sample: from(d.binomial(1e6, 3e-6)), reference: discrete((k) => binomialCdf(k, 1e6, 3e-6)), moments: binomialMoments(1e6, 3e-6) },
    { name: 'binomial(1e7, 0.3)', sample: from(d.binomial(1e7, 0.3)), reference: discrete((k) => binomialCdf(k, 1e7, 0.3)), moments: binomialMoments(1e7, 0.3) },
    { name: 'binomial(1e12, 0.3)', sample: from(d.binomial(1e12, 0.3)), reference: discrete(edgeworthCdf(3e11, 2.1e11, 0.4 / Math.sqrt(2.1e11))), moments: binomialMoments(1e12, 0.3) },
    { name: 'binomial_logit(20, 1.1)', sample: from(d.binomialLogit(20, 1.1)), reference: discrete((k) => binomialCdf(k, 20, 1 / (1 + Math.exp(-1.1)))), moments: binomialMoments(20, 1 / (1 + Math.exp(-1.1))) },
    { name: 'poisson(1e-3)', sample: from(d.poisson(1e-3)), reference: discrete((k) => poissonCdf(k, 1e-3)), moments: poissonMoments(1e-3), draws: 100_000 },
    { name: 'poisson(4.5)', sample: from(d.poisson(4.5)), reference: discrete((k) => poissonCdf(k, 4.5)), moments: poissonMoments(4.5) },
    { name: 'poisson(9.9)', sample: from(d.poisson(9.9)), reference: discrete((k) => poissonCdf(k, 9.9)), moments: poissonMoments(9.9) },
    { name: 'poisson(10.1)', sample: from(d.poisson(10.1)), reference: discrete((k) => poissonCdf(k, 10.1)), moments: poissonMoments(10.1) },
    { name: 'poisson(1e6)', sample: from(d.poisson(1e6)), reference: discrete(summedCdf((k) => poissonLogpmf(k, 1e6), 1e6 - 15_000, 1e6 + 15_000)), moments: poissonMoments(1e6) },
    { name: 'poisson_log(1.2)', sample: from(d.poissonLog(1.2)), reference: discrete((k) => poissonCdf(k, Math.exp(1.2))), moments: poissonMoments(Math.exp(1.2)) },
    { name: 'neg_binomial_2(6, 2.5)', sample: from(d.negativeBinomial2(6, 2.5)), reference: discrete((k) => negativeBinomialCdf(k, 2.5, 2.5 / 8.5)), moments: negBinomial2Moments(6, 2.5) },
    { name: 'neg_binomial_2(100, 0.5)', sample: from(d.negativeBinomial2(100, 0.5)), reference: discrete((k) => negativeBinomialCdf(k, 0.5, 0.5 / 100.5)) },
    { name: 'beta_binomial(15, 2, 3)', sample: from(d.betaBinomial(15, 2, 3)), reference: discrete(tableCdf(betaBinomial15)), moments: tableMoments(betaBinomial15) },
    { name: 'beta_binomial(1000, 0.05, 0.05)', sample: from(d.betaBinomial(1000, 0.05, 0.05)), reference: discrete(tableCdf(betaBinomial1000)), moments: tableMoments(betaBinomial1000) },
    { name: 'categorical_logit', sample: from(d.categoricalLogit(tensor(categorical))), reference: discrete(tableCdf(categoricalP, 1), 1), moments: tableMoments(categoricalP, 1) },
    // Multivariate samplers through their marginals.
    ...multinomialP.map((p, k): GofCase => ({
      name: `multinomial(θ, 40)[${k}] ~ binomial(40, ${p})`,
      sample: component(d.multinomial(tensor(multinomialP), 40), 4, k),
      reference: discrete((x) => binomialCdf(x, 40, p)),
      moments: binomialMoments(40, p),
    })),
    ...dirichletAlpha.map((a, k): GofCase => ({
      name: `dirichlet(0.01, 1, 5)[${k}] ~ beta(${a}, ${dirichletTotal - a})`,
      sample: component(d.dirichlet(tensor(dirichletAlpha)), 3, k),
      reference: continuous((x) => betaCdf(x, a, dirichletTotal - a)),
      moments: betaMoments(a, dirichletTotal - a),
    })),
    ...[[1, 0], [3, 2], [3, 0]].map(([i, j]): GofCase => ({
      name: `lkj_corr_cholesky(4, 1.5): r[${i},${j}]`,
      sample: correlation(4, i!, j!),
      reference: continuous((x) => betaCdf((x + 1) / 2, lkjShape, lkjShape)),
      moments: lkjMoments,
    })),
    { name: 'multi_normal[2]', sample: component(d.multiNormal(tensor([1, -1, 0]), tensor(sigma)), 3, 2), reference: continuous((x) => normalCdf(x, 0, Math.sqrt(0.5))), moments: normalMoments(0, Math.sqrt(0.5)) },
    {
      name: 'multi_normal: sum of components',
      sample: (rng, n) => {
        const all = (d.multiNormal(tensor([1, -1, 0]), tensor(sigma)).sample(rng, n) as Tensor).data;
        return Float64Array.from({ length: n }, (_, i) => all[3 * i]! + all[3 * i + 1]! + all[3 * i + 2]!);
      },
      reference: continuous((x) => normalCdf(x, 0, Math.sqrt(sumVariance))),
      moments: normalMoments(0, Math.sqrt(sumVariance)),
    },
  ];
}

export const gofCases: readonly GofCase[] = cases();
