import betainc from '@stdlib/math-base-special-betainc';
import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * The small pieces of classical statistics the validation needs: Pearson's chi-square test of
 * equal bin probabilities, binomial quantiles (for the band a uniform histogram's bars stay
 * in), the Bonferroni threshold, and moments.
 */

export interface ChiSquareTest {
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  /** P(χ²_df ≥ statistic). */
  readonly pValue: number;
}

/**
 * Upper tail of the chi-square distribution: P(χ²_k ≥ x) = Q(k/2, x/2), the regularised upper
 * incomplete gamma function (Abramowitz & Stegun 26.4.19).
 */
export function chiSquareSurvival(statistic: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) throw new Error(`chiSquareSurvival: degreesOfFreedom is ${degreesOfFreedom}, but must be positive`);
  if (!(statistic >= 0)) throw new Error(`chiSquareSurvival: statistic is ${statistic}, but must be non-negative`);
  return gammainc(statistic / 2, degreesOfFreedom / 2, true, true);
}

/**
 * Pearson's chi-square test that `counts` come from equally likely bins:
 * X² = Σ (O_b − E)² / E with E = total / B, on B − 1 degrees of freedom. The approximation
 * is good when every E is at least about 5 (Cochran 1954).
 */
export function chiSquareUniformity(counts: readonly number[]): ChiSquareTest {
  const bins = counts.length;
  if (bins < 2) throw new Error(`chiSquareUniformity: ${bins} bin(s) given, but the test needs at least 2`);
  counts.forEach((count, bin) => {
    if (!Number.isInteger(count) || count < 0) throw new Error(`chiSquareUniformity: counts[${bin}] is ${count}, but must be a non-negative integer`);
  });
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) throw new Error('chiSquareUniformity: all counts are 0, so there is nothing to test');
  const expected = total / bins;
  const statistic = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
  return { statistic, degreesOfFreedom: bins - 1, pValue: chiSquareSurvival(statistic, bins - 1) };
}

/** P(X ≤ k) for X ~ binomial(n, p): I_{1−p}(n − k, k + 1) (Abramowitz & Stegun 26.5.24). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return betainc(1 - p, n - Math.floor(k), Math.floor(k) + 1);
}

/** The smallest k with P(X ≤ k) ≥ probability, for X ~ binomial(n, p) (by bisection on k). */
export function binomialQuantile(probability: number, n: number, p: number): number {
  if (!(probability >= 0 && probability <= 1)) throw new Error(`binomialQuantile: probability is ${probability}, but must be in [0, 1]`);
  if (!Number.isInteger(n) || n < 0) throw new Error(`binomialQuantile: n is ${n}, but must be a non-negative integer`);
  // P(X ≤ k) < 1 for every k < n (when p > 0), though it rounds to 1 long before.
  if (probability === 1 && p > 0) return n;
  let low = 0;
  let high = n;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (binomialCdf(middle, n, p) >= probability) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The per-test level that keeps the family-wise error rate at `alpha` over `tests` tests (Bonferroni). */
export function bonferroniLevel(alpha: number, tests: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`bonferroniLevel: alpha is ${alpha}, but must be in (0, 1)`);
  if (!Number.isInteger(tests) || tests < 1) throw new Error(`bonferroniLevel: tests is ${tests}, but must be a positive integer`);
  return alpha / tests;
}

/**
 * Kurtosis E[(x − μ)⁴] / E[(x − μ)²]² of the draws (3 for a normal). It sets the Monte Carlo
 * error of a standard deviation: Var(ŝ)/s² ≈ (κ − 1) / (4 n_eff) by the delta method.
 */
export function kurtosis(values: ArrayLike<number>): number {
  const count = values.length;
  if (count < 2) throw new Error(`kurtosis: ${count} value(s) given, but at least 2 are needed`);
  let mean = 0;
  for (let i = 0; i < count; i++) mean += values[i]! / count;
  let second = 0;
  let fourth = 0;
  for (let i = 0; i < count; i++) {
    const squared = (values[i]! - mean) ** 2;
    second += squared / count;
    fourth += (squared * squared) / count;
  }
  return fourth / (second * second);
}
