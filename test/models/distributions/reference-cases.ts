import betaln from '@stdlib/math-base-special-betaln';
import binomcoefln from '@stdlib/math-base-special-binomcoefln';
import gammaln from '@stdlib/math-base-special-gammaln';
import log1pexp from '@stdlib/math-base-special-log1pexp';
import bernoulliPmf from '@stdlib/stats-base-dists-bernoulli-pmf';
import betaLogpdf from '@stdlib/stats-base-dists-beta-logpdf';
import binomialLogpmf from '@stdlib/stats-base-dists-binomial-logpmf';
import cauchyLogpdf from '@stdlib/stats-base-dists-cauchy-logpdf';
import exponentialLogpdf from '@stdlib/stats-base-dists-exponential-logpdf';
import gammaLogpdf from '@stdlib/stats-base-dists-gamma-logpdf';
import invgammaLogpdf from '@stdlib/stats-base-dists-invgamma-logpdf';
import laplaceLogpdf from '@stdlib/stats-base-dists-laplace-logpdf';
import logisticLogpdf from '@stdlib/stats-base-dists-logistic-logpdf';
import lognormalLogpdf from '@stdlib/stats-base-dists-lognormal-logpdf';
import negativeBinomialLogpmf from '@stdlib/stats-base-dists-negative-binomial-logpmf';
import normalLogpdf from '@stdlib/stats-base-dists-normal-logpdf';
import poissonLogpmf from '@stdlib/stats-base-dists-poisson-logpmf';
import tLogpdf from '@stdlib/stats-base-dists-t-logpdf';
import uniformLogpdf from '@stdlib/stats-base-dists-uniform-logpdf';
import weibullLogpdf from '@stdlib/stats-base-dists-weibull-logpdf';
import * as d from '../../../src/models/distributions/index.js';
import type { ScalarFamily } from '../../../src/models/distributions/scalar-family.js';

// The table the scalar families are checked against (NumPyro's test_distributions.py
// style): for each family, parameter settings in Stan's order, values that include the
// edges of the support and out-of-support points, the reference log density (stdlib's,
// or a closed form where stdlib has none), and an interior point for the gradient tests.

export interface ScalarCase {
  readonly family: ScalarFamily;
  readonly params: readonly (readonly number[])[];
  readonly values: readonly number[];
  readonly reference: (y: number, p: readonly number[]) => number;
  /** An interior point: parameters and values where every argument is differentiable. */
  readonly interior: { readonly params: readonly number[]; readonly values: readonly number[] };
  /** A value of the support, for the runtime checks. */
  readonly inside: number;
}

const below = (y: number, lower: number, f: () => number): number => (y < lower ? -Infinity : f());
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export const scalarCases: readonly ScalarCase[] = [
  {
    family: d.normalFamily,
    params: [[0, 1], [1.5, 0.01], [-3, 1e3], [0, 1e-8]],
    values: [-5, -1, 0, 0.3, 2.5, 1e3, -1e-8],
    reference: (y, [mu, sigma]) => normalLogpdf(y, mu!, sigma!),
    interior: { params: [0.3, 1.7], values: [-1, 0.5, 2.2, 4] },
    inside: 0,
  },
  {
    family: d.studentTFamily,
    params: [[1, 0, 1], [3.5, 1, 2], [30, -2, 0.5], [1e6, 0, 1], [0.5, 0, 1]],
    values: [-40, -1, 0, 0.7, 3, 1e4],
    reference: (y, [nu, mu, sigma]) => tLogpdf((y - mu!) / sigma!, nu!) - Math.log(sigma!),
    interior: { params: [4.5, 0.3, 1.7], values: [-1, 0.5, 2.2, 4] },
    inside: 0,
  },
  {
    family: d.cauchyFamily,
    params: [[0, 1], [2, 0.1], [-1, 100]],
    values: [-1e3, -1, 0, 2, 50],
    reference: (y, [mu, sigma]) => cauchyLogpdf(y, mu!, sigma!),
    interior: { params: [0.3, 1.7], values: [-1, 0.5, 2.2, 4] },
    inside: 0,
  },
  {
    family: d.halfNormalFamily,
    params: [[1], [0.1], [50]],
    values: [0, 1e-9, 0.5, 3, 100, -1],
    // stdlib's half-normal has no per-function package: twice the normal density on y >= 0.
    reference: (y, [sigma]) => (y < 0 ? -Infinity : Math.LN2 + normalLogpdf(y, 0, sigma!)),
    interior: { params: [1.7], values: [0.1, 0.5, 2.2, 4] },
    inside: 1,
  },
  {
    family: d.halfCauchyFamily,
    params: [[1], [0.1], [50]],
    values: [0, 0.5, 3, 100, -1],
    reference: (y, [sigma]) => below(y, 0, () => Math.LN2 + cauchyLogpdf(y, 0, sigma!)),
    interior: { params: [1.7], values: [0.1, 0.5, 2.2, 4] },
    inside: 1,
  },
  {
    family: d.halfStudentTFamily,
    params: [[1, 1], [3, 2.5], [100, 0.1]],
    values: [0, 0.5, 3, 100, -1],
    reference: (y, [nu, sigma]) => below(y, 0, () => Math.LN2 + tLogpdf(y / sigma!, nu!) - Math.log(sigma!)),
    interior: { params: [4.5, 1.7], values: [0.1, 0.5, 2.2, 4] },
    inside: 1,
  },
  {
    family: d.exponentialFamily,
    params: [[1], [0.1], [25]],
    values: [0, 0.5, 3, 100, -1],
    reference: (y, [beta]) => exponentialLogpdf(y, beta!),
    interior: { params: [1.7], values: [0.1, 0.5, 2.2, 4] },
    inside: 1,
  },
  {
    family: d.gammaFamily,
    params: [[1, 1], [0.5, 2], [3, 0.5], [100, 10], [1e-3, 1]],
    values: [0, 1e-5, 0.5, 2, 30, -1],
    reference: (y, [alpha, beta]) => gammaLogpdf(y, alpha!, beta!),
    interior: { params: [2.5, 1.7], values: [0.1, 0.5, 2.2, 4] },
    inside: 1,
  },
  {
    family: d.inverseGammaFamily,
    params: [[1, 1], [2.5, 0.5], [10, 20]],
    values: [0, 1e-3, 0.5, 2, 30, -1],
    reference: (y, [alpha, beta]) => invgammaLogpdf(y, alpha!, beta!),
    interior: { params: [2.5, 1.7], values: [0.1, 0.5, 2.2, 4] },
    inside: 1,
  },
  {
    family: d.lognormalFamily,
    params: [[0, 1], [1, 0.2], [-2, 3]],
    values: [0, 1e-5, 0.5, 1, 20, -1],
    reference: (y, [mu, sigma]) => lognormalLogpdf(y, mu!, sigma!),
    interior: { params: [0.3, 1.7], values: [0.1, 0.5, 2.2, 4] },
    inside: 1,
  },
  {
    family: d.betaFamily,
    params: [[1, 1], [0.5, 0.5], [2, 5], [100, 300]],
    values: [0, 1e-6, 0.3, 0.999, 1, -0.1, 1.1],
    reference: (y, [a, b]) => betaLogpdf(y, a!, b!),
    interior: { params: [2.5, 1.7], values: [0.1, 0.5, 0.7, 0.8] },
    inside: 0.5,
  },
  {
    family: d.uniformFamily,
    params: [[0, 1], [-2, 5]],
    values: [-3, -2, 0, 0.5, 1, 5, 6],
    reference: (y, [a, b]) => uniformLogpdf(y, a!, b!),
    interior: { params: [-2, 5], values: [-1, 0.5, 2.2, 4] },
    inside: 0.5,
  },
  {
    // stdlib gives −∞ at y = 0 for α < 1, where the density is +∞ (as Stan computes it);
    // the table keeps y = 0 to α ≥ 1.
    family: d.weibullFamily,
    params: [[1, 1], [2, 3], [7, 0.5]],
    values: [0, 0.1, 1, 5, -1],
    reference: (y, [alpha, sigma]) => weibullLogpdf(y, alpha!, sigma!),
    interior: { params: [2.5, 1.7], values: [0.1, 0.5, 2.2, 4] },
    inside: 1,
  },
  {
    family: d.logisticFamily,
    params: [[0, 1], [2, 0.5], [0, 1e-3]],
    values: [-800, -3, 0, 2, 50],
    reference: (y, [mu, sigma]) => logisticLogpdf(y, mu!, sigma!),
    interior: { params: [0.3, 1.7], values: [-1, 0.5, 2.2, 4] },
    inside: 0,
  },
  {
    family: d.laplaceFamily,
    params: [[0, 1], [1, 0.1], [-5, 30]],
    values: [-3, 0, 1, 4, 1e3],
    reference: (y, [mu, sigma]) => laplaceLogpdf(y, mu!, sigma!),
    interior: { params: [0.3, 1.7], values: [-1, 0.5, 2.2, 4] },
    inside: 0,
  },
  {
    family: d.bernoulliFamily,
    params: [[0], [0.3], [1]],
    values: [0, 1, 2, 0.5, -1],
    reference: (y, [theta]) => Math.log(bernoulliPmf(y, theta!)),
    interior: { params: [0.3], values: [0, 1, 1, 0] },
    inside: 1,
  },
  {
    family: d.bernoulliLogitFamily,
    params: [[-40], [-2], [0], [3], [40]],
    values: [0, 1, 2, 0.5, -1],
    reference: (y, [alpha]) => (y === 0 || y === 1 ? y * alpha! - log1pexp(alpha!) : -Infinity),
    interior: { params: [0.7], values: [0, 1, 1, 0] },
    inside: 1,
  },
  {
    family: d.binomialFamily,
    params: [[0, 0.3], [10, 0], [10, 1], [10, 0.3], [1000, 0.01]],
    values: [0, 1, 3, 10, 11, 2.5, 1000, -1],
    reference: (y, [n, theta]) => binomialLogpmf(y, n!, theta!),
    interior: { params: [10, 0.3], values: [0, 3, 7, 10] },
    inside: 0,
  },
  {
    family: d.binomialLogitFamily,
    params: [[0, 0.5], [10, -2], [10, 0], [50, 5]],
    values: [0, 1, 3, 10, 11, 2.5, 50],
    reference: (y, [n, alpha]) => binomialLogpmf(y, n!, sigmoid(alpha!)),
    interior: { params: [10, 0.7], values: [0, 3, 7, 10] },
    inside: 0,
  },
  {
    family: d.betaBinomialFamily,
    params: [[0, 1, 1], [10, 0.5, 2], [40, 30, 7]],
    values: [0, 1, 3, 10, 11, 2.5, 40],
    reference: (y, [n, a, b]) => {
      if (!Number.isInteger(y) || y < 0 || y > n!) return -Infinity;
      // Closed form through lgamma (not the betaln the implementation uses).
      const lb = (x: number, z: number): number => gammaln(x) + gammaln(z) - gammaln(x + z);
      return gammaln(n! + 1) - gammaln(y + 1) - gammaln(n! - y + 1) + lb(y + a!, n! - y + b!) - lb(a!, b!);
    },
    interior: { params: [10, 2.5, 1.7], values: [0, 3, 7, 10] },
    inside: 0,
  },
  {
    family: d.poissonFamily,
    params: [[0], [0.5], [10], [1e4]],
    values: [0, 1, 5, 20, 1e4, 2.5, -1],
    reference: (y, [lambda]) => poissonLogpmf(y, lambda!),
    interior: { params: [3.5], values: [0, 3, 7, 10] },
    inside: 0,
  },
  {
    family: d.poissonLogFamily,
    params: [[-3], [0], [5]],
    values: [0, 1, 5, 200, 2.5, -1],
    reference: (y, [alpha]) => poissonLogpmf(y, Math.exp(alpha!)),
    interior: { params: [1.2], values: [0, 3, 7, 10] },
    inside: 0,
  },
  {
    family: d.negBinomial2Family,
    params: [[1, 1], [10, 0.5], [3, 100], [0.1, 1e3]],
    values: [0, 1, 5, 50, 2.5, -1],
    reference: (y, [mu, phi]) => negativeBinomialLogpmf(y, phi!, phi! / (mu! + phi!)),
    interior: { params: [3.5, 2.5], values: [0, 3, 7, 10] },
    inside: 0,
  },
];

/** log C(n, k) for tests that need it. */
export { binomcoefln, betaln };
