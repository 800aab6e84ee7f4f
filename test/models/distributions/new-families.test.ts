import { describe, expect, it } from 'vitest';
import { checkGrad, tensor, type Tensor, type Value } from '../../../src/ad/index.js';
import { makeRng } from '../../../src/random/rng.js';
import * as d from '../../../src/models/distributions/index.js';
import type { ScalarFamily } from '../../../src/models/distributions/index.js';
import { momentFailures } from './moments.js';

// The newer scalar families beyond their values (r-reference.test.ts): gradients of the
// log density (to second order, through the composed form) and of the log CDF and CCDF
// against finite differences; draws against the mean and variance within 4 MCSE; and the
// checks that name the argument, the index and the rule.

interface GradientCase {
  readonly family: ScalarFamily;
  /** [y, ...params] at an interior point; `integer` marks arguments not differentiated. */
  readonly point: readonly number[];
  readonly integer?: readonly number[];
  /** Second derivatives of the CDFs exist (not through the incomplete gamma's shape). */
  readonly cdfOrder?: 1 | 2;
}

const gradientCases: readonly GradientCase[] = [
  { family: d.negBinomial2LogFamily, point: [3, 0.7, 2.5], integer: [0] },
  { family: d.negBinomialFamily, point: [3, 2.5, 0.7], integer: [0], cdfOrder: 1 },
  { family: d.paretoFamily, point: [2.5, 1.2, 1.7] },
  { family: d.paretoType2Family, point: [2.5, 0.3, 1.2, 1.7] },
  { family: d.skewNormalFamily, point: [0.4, 0.1, 1.3, -2.2] },
  { family: d.gumbelFamily, point: [0.4, 0.1, 1.3] },
  { family: d.frechetFamily, point: [1.4, 2.1, 1.3] },
  { family: d.rayleighFamily, point: [1.4, 1.3] },
  { family: d.chiSquareFamily, point: [1.4, 3.3], cdfOrder: 1 },
  { family: d.invChiSquareFamily, point: [0.4, 3.3], cdfOrder: 1 },
  { family: d.scaledInvChiSquareFamily, point: [0.4, 3.3, 0.7], cdfOrder: 1 },
  { family: d.expModNormalFamily, point: [0.4, 0.1, 1.3, 0.8] },
  { family: d.vonMisesFamily, point: [0.4, 0.1, 1.3] },
  { family: d.vonMisesFamily, point: [0.4, 0.1, 45] },
  { family: d.loglogisticFamily, point: [1.4, 2.1, 1.3] },
  { family: d.betaProportionFamily, point: [0.4, 0.3, 5.5], cdfOrder: 1 },
  { family: d.stdNormalFamily, point: [0.4] },
  { family: d.cauchyFamily, point: [-2.4, 0.3, 1.3] },
  { family: d.logisticFamily, point: [0.4, 0.3, 1.3] },
  { family: d.laplaceFamily, point: [-0.4, 0.3, 1.3] },
  { family: d.laplaceFamily, point: [1.4, 0.3, 1.3] },
  { family: d.uniformFamily, point: [0.4, -0.3, 1.3] },
  { family: d.poissonFamily, point: [3, 2.5], integer: [0] },
  { family: d.inverseGammaFamily, point: [0.9, 2.5, 1.7], cdfOrder: 1 },
  { family: d.bernoulliFamily, point: [0, 0.3], integer: [0] },
  // CDFs by the incomplete beta (shape derivatives numerical: first order).
  { family: d.betaFamily, point: [0.3, 2.5, 1.7], cdfOrder: 1 },
  { family: d.betaProportionFamily, point: [0.3, 0.4, 6], cdfOrder: 1 },
  { family: d.binomialFamily, point: [3, 10, 0.35], integer: [0, 1], cdfOrder: 1 },
  { family: d.negBinomial2Family, point: [3, 2.5, 1.5], integer: [0], cdfOrder: 1 },
  { family: d.negBinomialFamily, point: [3, 2.5, 0.7], integer: [0], cdfOrder: 1 },
  { family: d.studentTFamily, point: [-0.4, 4.5, 0.3, 1.3], cdfOrder: 1 },
  { family: d.studentTFamily, point: [2.4, 4.5, 0.3, 1.3], cdfOrder: 1 },
];

function tracedFunction(c: GradientCase, method: 'logProb' | 'logCdf' | 'logCcdf'): { f: (x: Value[]) => Value; x: number[] } {
  const integer = new Set(c.integer ?? []);
  const free = c.point.map((_, i) => i).filter((i) => !integer.has(i));
  const f = (x: Value[]): Value => {
    const args: Value[] = [...c.point];
    free.forEach((i, k) => (args[i] = x[k]!));
    const [y, ...params] = args;
    const distribution = c.family.make(...params);
    return method === 'logProb' ? distribution.logProb(y!) : distribution[method]!(y!);
  };
  return { f, x: free.map((i) => c.point[i]!) };
}

describe.each(gradientCases.map((c) => [`${c.family.name} at [${c.point.join(', ')}]`, c] as const))('%s', (_name, c) => {
  it('log density: gradients to second order agree with finite differences', () => {
    const { f, x } = tracedFunction(c, 'logProb');
    expect(checkGrad(f, x, { order: 2, step: 1e-4 })).toBeLessThan(1e-6);
  });

  it.runIf(c.family.hasCdf)('log CDF and log CCDF: gradients agree with finite differences', () => {
    for (const method of ['logCdf', 'logCcdf'] as const) {
      const { f, x } = tracedFunction(c, method);
      expect(checkGrad(f, x, { order: c.cdfOrder ?? 2, step: 1e-4 }), method).toBeLessThan(1e-6);
    }
  });
});

const DRAWS = 20_000;

const withMoments: readonly (readonly [string, d.Distribution])[] = [
  ['neg_binomial_2_log', d.negativeBinomial2Log(1.5, 3)],
  ['neg_binomial', d.negativeBinomial(4, 0.8)],
  ['pareto', d.pareto(1.5, 6)],
  ['pareto_type_2', d.paretoType2(-1, 2, 7)],
  ['skew_normal', d.skewNormal(1, 2, -3)],
  ['gumbel', d.gumbel(1, 2)],
  ['frechet', d.frechet(7, 2)],
  ['rayleigh', d.rayleigh(1.5)],
  ['chi_square', d.chiSquare(3.5)],
  ['inv_chi_square', d.invChiSquare(12)],
  ['scaled_inv_chi_square', d.scaledInvChiSquare(12, 0.8)],
  ['exp_mod_normal', d.expModNormal(1, 0.5, 2)],
  ['loglogistic', d.loglogistic(2, 9)],
  ['beta_proportion', d.betaProportion(0.3, 8)],
  ['std_normal', d.stdNormal()],
  ['discrete_range', d.discreteRange(-2, 5)],
];

describe.each(withMoments)('%s sampler', (_name, distribution) => {
  it('matches the mean and variance within 4 MCSE', () => {
    const draws = distribution.sample(makeRng(20240601, 1), DRAWS) as Tensor;
    expect(draws.shape).toEqual([DRAWS]);
    expect(momentFailures(draws.data, distribution.mean as number, distribution.variance as number)).toEqual([]);
  });
});

describe('von_mises sampler', () => {
  it('has the circular moments E cos(y − μ) = I₁(κ)/I₀(κ) and E sin(y − μ) = 0 within 4 MCSE, for small and large κ', () => {
    for (const kappa of [0.3, 2, 40]) {
      const mu = 0.7;
      const draws = (d.vonMises(mu, kappa).sample(makeRng(99, 2), DRAWS) as Tensor).data;
      const cosines = Array.from(draws, (y) => Math.cos(y - mu));
      const sines = Array.from(draws, (y) => Math.sin(y - mu));
      const a = d.vonMisesResultantLength(kappa);
      // Var cos = E cos² − A² = (1 + I₂/I₀)/2 − A², with I₂/I₀ = 1 − 2A/κ; Var sin = (1 − I₂/I₀)/2.
      const i2 = 1 - (2 * a) / kappa;
      const withinCos = momentFailures(cosines, a, (1 + i2) / 2 - a * a);
      const withinSin = momentFailures(sines, 0, (1 - i2) / 2);
      expect([...withinCos, ...withinSin], `κ = ${kappa}`).toEqual([]);
      expect(Math.max(...draws)).toBeLessThanOrEqual(mu + Math.PI);
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(mu - Math.PI);
    }
  });
});

describe('argument checks name the distribution, the argument, the index and the rule', () => {
  it.each([
    [() => d.pareto(tensor([1, -2]), 1), 'pareto: y_min[1] is -2, but must be positive'],
    [() => d.vonMises(0, -1), 'von_mises: kappa is -1, but must be non-negative'],
    [() => d.betaProportion(0, 2), 'beta_proportion: mu is 0, but must be in (0, 1)'],
    [() => d.discreteRange(3, 1), 'discrete_range: upper is 1, but must be greater than or equal to lower (3)'],
    [() => d.discreteRange(0.5, 1), 'discrete_range: lower is 0.5, but must be an integer'],
    [() => d.skewNormal(0, tensor([1, 2, 0]), 1), 'skew_normal: omega[2] is 0, but must be positive'],
    [() => d.negativeBinomial2Log(Infinity, 1), 'neg_binomial_2_log: eta is Infinity, but must be finite'],
  ] as const)('%#', (make, message) => {
    expect(make).toThrow(message);
  });

  it('values outside the support have log density −∞, including supports that depend on a parameter', () => {
    expect(d.pareto(2, 1).logProb(1.5)).toBe(-Infinity);
    expect(d.paretoType2(1, 1, 1).logProb(0.5)).toBe(-Infinity);
    expect(d.discreteRange(1, 3).logProb(4)).toBe(-Infinity);
    expect(d.negativeBinomial(1, 1).logProb(1.5)).toBe(-Infinity);
    expect(d.pareto(2, 1).support).toEqual({ kind: 'lower', lower: 2 });
  });
});
