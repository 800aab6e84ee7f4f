import type { Estimate } from '../../helpers/seeded-check.js';

/** Sample mean, variance and fourth central moment of plain draws. */
export function moments(draws: ArrayLike<number>): { mean: number; variance: number; fourth: number } {
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

/**
 * The mean and variance of iid draws as Estimates for zTests: the mean with its exact
 * standard error σ/√n, the sample variance with √((m₄ − σ⁴)/n), m₄ the sample's fourth
 * central moment. The variance is compared as the cube root of its ratio to σ² (nearly
 * normal even for skewed draws, Wilson & Hilferty 1931), with standard error SE / 3σ².
 */
export function iidMomentEstimates(draws: ArrayLike<number>, mean: number, variance: number, label = ''): Estimate[] {
  const n = draws.length;
  const m = moments(draws);
  const varianceError = Math.sqrt(Math.max(m.fourth - variance * variance, 0) / n);
  return [
    { label: `${label}mean`, estimate: m.mean, expected: mean, standardError: Math.sqrt(variance / n) },
    {
      label: `${label}variance ${m.variance.toPrecision(5)} vs ${variance} (as the cube root of their ratio)`,
      estimate: Math.cbrt(m.variance / variance),
      expected: 1,
      standardError: varianceError / (3 * variance),
    },
  ];
}

/** The fraction of iid draws at most `x` as an Estimate of p, with its binomial standard error. */
export function fractionEstimate(label: string, draws: ArrayLike<number>, x: number, p: number): Estimate {
  let count = 0;
  for (let i = 0; i < draws.length; i++) if (draws[i]! <= x) count++;
  return { label, estimate: count / draws.length, expected: p, standardError: Math.sqrt((p * (1 - p)) / draws.length) };
}
