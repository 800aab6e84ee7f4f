import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

// Goodness-of-fit statistics with their p-values: Kolmogorov–Smirnov for continuous
// distributions (on the probability integral transform), Pearson's chi-square for binned
// counts, and z-tests of the mean and variance with their Monte Carlo standard errors.

/** P(K > λ) for Kolmogorov's limiting distribution (two series, each where it converges fast). */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    // P(K ≤ λ) = (√(2π)/λ) Σ_{k≥1} exp(−(2k − 1)²π²/(8λ²))
    let sum = 0;
    for (let k = 1; k <= 20; k++) sum += Math.exp(-((2 * k - 1) ** 2) * Math.PI * Math.PI / (8 * lambda * lambda));
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum;
  }
  // P(K > λ) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²)
  let sum = 0;
  for (let k = 1; k <= 20; k++) sum += (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
  return 2 * sum;
}

export interface TestResult {
  readonly statistic: number;
  readonly pValue: number;
}

/**
 * One-sample KS test of values that should be uniform on [0, 1] (F(x) of draws x): D_n and
 * its p-value from the limiting distribution at Stephens' (1970) corrected
 * (√n + 0.12 + 0.11/√n)·D_n, accurate to a few per cent of p for n ≥ 35.
 */
export function ksUniform(pit: Float64Array): TestResult {
  const sorted = Float64Array.from(pit).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const u = sorted[i]!;
    d = Math.max(d, (i + 1) / n - u, u - i / n);
  }
  const root = Math.sqrt(n);
  return { statistic: d, pValue: kolmogorovSurvival((root + 0.12 + 0.11 / root) * d) };
}

/** P(χ²_df > statistic). */
export function chiSquareSurvival(statistic: number, df: number): number {
  return 1 - chisquareCdf(statistic, df);
}

/** Pearson's chi-square of observed counts against expected counts (same total), df = bins − 1. */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): TestResult & { readonly df: number } {
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) statistic += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  const df = observed.length - 1;
  return { statistic, df, pValue: chiSquareSurvival(statistic, df) };
}

/** Chi-square of uniform values in `bins` equal bins of [0, 1]. */
export function binnedUniform(pit: Float64Array, bins: number): TestResult & { readonly df: number } {
  const observed = new Float64Array(bins);
  for (const u of pit) observed[Math.min(bins - 1, Math.floor(u * bins))]! += 1;
  return chiSquare(observed, new Float64Array(bins).fill(pit.length / bins));
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSided(z: number): number {
  return 2 * normalCdf(-Math.abs(z), 0, 1);
}

/** Sample mean, variance (n − 1) and fourth central moment. */
export function sampleMoments(draws: ArrayLike<number>): { mean: number; variance: number; fourth: number } {
  const n = draws.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += draws[i]!;
  mean /= n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const r = draws[i]! - mean;
    m2 += r * r;
    m4 += r * r * r * r;
  }
  return { mean, variance: m2 / (n - 1), fourth: m4 / n };
}

/** Exact central moments of a distribution (those that exist). */
export interface Moments {
  readonly mean: number;
  readonly variance?: number;
  /** E[(X − mean)⁴], for the standard error of the sample variance. */
  readonly fourth?: number;
}

/** Central moments from raw moments E[X^k], k = 1..4 (for distributions of moderate scale). */
export function fromRaw([m1, m2, m3, m4]: readonly [number, number, number, number]): Moments {
  return { mean: m1, variance: m2 - m1 * m1, fourth: m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4 };
}

/**
 * z-tests of the sample mean, MCSE σ/√n, and of the sample variance, MCSE √((μ₄ − σ⁴)/n),
 * with the exact moments: p-values of those the distribution has.
 */
export function momentTests(draws: ArrayLike<number>, exact: Moments): { name: string; detail: string; result: TestResult }[] {
  const n = draws.length;
  const sample = sampleMoments(draws);
  const tests: { name: string; detail: string; result: TestResult }[] = [];
  if (exact.variance !== undefined) {
    const z = (sample.mean - exact.mean) / Math.sqrt(exact.variance / n);
    tests.push({ name: 'mean', detail: `${sample.mean} vs ${exact.mean}`, result: { statistic: z, pValue: twoSided(z) } });
    if (exact.fourth !== undefined) {
      const z2 = (sample.variance - exact.variance) / Math.sqrt((exact.fourth - exact.variance ** 2) / n);
      tests.push({ name: 'variance', detail: `${sample.variance} vs ${exact.variance}`, result: { statistic: z2, pValue: twoSided(z2) } });
    }
  }
  return tests;
}

/**
 * Bins for a discrete distribution on the integers from its CDF: cut points at the quantiles
 * of `bins` equal probabilities (merged where they coincide), so that each bin expects
 * about n/bins draws; bins expecting fewer than `minExpected` are merged into a neighbour.
 * Returns the upper ends (inclusive; the last is +∞) and the probabilities.
 */
export function discreteBins(cdf: (k: number) => number, lower: number, n: number, bins = 50, minExpected = 10): { upper: number[]; probability: number[] } {
  const count = Math.max(2, Math.min(bins, Math.floor(n / minExpected)));
  const cuts: number[] = [];
  for (let j = 1; j < count; j++) {
    const k = quantile(cdf, lower, j / count);
    if (cuts.length === 0 || k > cuts[cuts.length - 1]!) cuts.push(k);
  }
  let upper = [...cuts, Infinity];
  let probability = upper.map((u, i) => (u === Infinity ? 1 : cdf(u)) - (i === 0 ? 0 : cdf(upper[i - 1]!)));
  // Merge small bins into their right neighbour (the last into its left one).
  for (let i = 0; i < upper.length && upper.length > 1; ) {
    if (probability[i]! * n >= minExpected) {
      i++;
      continue;
    }
    // The merged bin takes position min(i, into); it is checked again.
    const into = i === upper.length - 1 ? i - 1 : i + 1;
    probability[into] = probability[into]! + probability[i]!;
    upper = upper.filter((_, j) => j !== Math.min(i, into));
    probability = probability.filter((_, j) => j !== i);
    i = Math.min(i, into);
  }
  return { upper, probability };
}

/** The smallest integer k ≥ lower with cdf(k) ≥ p (doubling, then bisection). */
function quantile(cdf: (k: number) => number, lower: number, p: number): number {
  if (cdf(lower) >= p) return lower;
  let step = 1;
  let low = lower;
  while (cdf(low + step) < p) {
    low += step;
    step *= 2;
  }
  let high = low + step;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (cdf(middle) >= p) high = middle;
    else low = middle;
  }
  return high;
}

/** Chi-square of integer draws against a discrete CDF, in the bins of discreteBins. */
export function discreteChiSquare(draws: ArrayLike<number>, cdf: (k: number) => number, lower: number): TestResult & { readonly df: number } {
  const n = draws.length;
  const { upper, probability } = discreteBins(cdf, lower, n);
  if (upper.length < 2) throw new Error(`discreteChiSquare: all the mass expected in one bin; draw more than ${n}`);
  const observed = new Float64Array(upper.length);
  for (let i = 0; i < n; i++) {
    const x = draws[i]!;
    if (!Number.isInteger(x) || x < lower) return { statistic: Infinity, df: upper.length - 1, pValue: 0 };
    let lo = 0;
    let hi = upper.length - 1;
    while (lo < hi) {
      const middle = (lo + hi) >> 1;
      if (x <= upper[middle]!) hi = middle;
      else lo = middle + 1;
    }
    observed[lo]! += 1;
  }
  return chiSquare(observed, probability.map((p) => p * n));
}
