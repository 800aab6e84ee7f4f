import gammaln from '@stdlib/math-base-special-gammaln';
import betaLogpdf from '@stdlib/stats-base-dists-beta-logpdf';
import binomialLogpmf from '@stdlib/stats-base-dists-binomial-logpmf';
import { describe, expect, it } from 'vitest';
import { checkGrad, cholesky, grad, hessian, matmul, reshape, stack, sub, tensor, transpose, type Tensor, type Value } from '../../../src/ad/index.js';
import { primal } from '../../../src/ad/trace.js';
import { makeRng } from '../../../src/random/rng.js';
import * as d from '../../../src/models/distributions/index.js';
import { expectCheckPasses } from '../../helpers/expect-check.js';
import {
  categoricalFrequencies,
  correlationFactor,
  dirichletMoments,
  lkjCorrelationMoments,
  lkjNormalisingConstant,
  multiNormalMoments,
  multinomialMoments,
} from './multivariate.checks.js';

// The vector distributions against closed forms (and, where one exists, the scalar
// distribution they reduce to: a 2-category Dirichlet is a beta), gradients against finite
// differences to second order, and samplers against their moments.

const closeTo = (got: number, want: number, tolerance = 1e-10): boolean =>
  got === want || Math.abs(got - want) <= tolerance * Math.max(1, Math.abs(want));
const value = (v: Value): number => primal(v) as number;
/** (a, b, 1 − a − b): a point of the 3-simplex from two free coordinates. */
const onSimplex = (a: Value, b: Value): Value => stack([a, b, sub(sub(1, a), b)]);

describe('dirichlet', () => {
  it('reduces to beta for two categories, and matches its closed form for three, over rows', () => {
    for (const [a, b, x] of [[2, 3, 0.3], [0.5, 0.5, 0.01], [1, 1, 0], [40, 7, 0.9]] as const) {
      expect(closeTo(value(d.dirichlet(tensor([a, b])).logProb(tensor([x, 1 - x]))), betaLogpdf(x, a, b))).toBe(true);
    }
    const alpha = [1.5, 2, 0.7];
    const rows = [[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]];
    const closed = rows.reduce(
      (s, theta) => s + gammaln(4.2) - alpha.reduce((t, a) => t + gammaln(a), 0) + theta.reduce((t, x, k) => t + (alpha[k]! - 1) * Math.log(x), 0),
      0,
    );
    expect(closeTo(value(d.dirichlet(tensor(alpha)).logProb(tensor(rows))), closed)).toBe(true);
    expect(closeTo(value(d.dirichlet(tensor([alpha, alpha])).logProb(tensor(rows))), closed)).toBe(true);
  });

  it('differentiates in alpha and theta to second order', () => {
    // θ = (x₀, x₁, 1 − x₀ − x₁) keeps finite differences on the simplex.
    const f = (x: Value[]): Value => d.dirichlet(x[0]!).logProb(onSimplex(x[1]!, x[2]!));
    expect(checkGrad(f, [tensor([1.5, 2, 0.7]), 0.2, 0.3], { order: 2 })).toBeLessThan(1e-6);
  });

  it('samples simplexes with the right moments, even for tiny concentrations', async () => {
    const draws = d.dirichlet(tensor([2, 0.5, 3])).sample(makeRng(5, 0), 100) as Tensor;
    expect(draws.shape).toEqual([100, 3]);
    await expectCheckPasses(dirichletMoments);
    // Tiny concentrations put almost all mass on one category: draws must still be points
    // of the simplex (no NaN from 0/0 after underflow, rows summing to 1).
    const tiny = d.dirichlet(tensor([1e-3, 1e-3])).sample(makeRng(5, 1), 200) as Tensor;
    for (let i = 0; i < 200; i++) {
      const [a, b] = [tiny.data[2 * i]!, tiny.data[2 * i + 1]!];
      expect(a >= 0 && b >= 0, `draw ${i}: ${a}, ${b}`).toBe(true);
      expect(Math.abs(a + b - 1), `draw ${i}: ${a} + ${b}`).toBeLessThan(1e-12);
    }
  });
});

describe('multinomial', () => {
  it('reduces to binomial for two categories and sums over rows', () => {
    for (const [n, k, p] of [[10, 3, 0.3], [0, 0, 0.5], [5, 5, 1], [5, 0, 0]] as const) {
      expect(closeTo(value(d.multinomial(tensor([p, 1 - p])).logProb(tensor([k, n - k]))), binomialLogpmf(k, n, p))).toBe(true);
    }
    const theta = tensor([0.2, 0.5, 0.3]);
    const one = value(d.multinomial(theta).logProb(tensor([1, 2, 3])));
    const two = value(d.multinomial(theta).logProb(tensor([4, 0, 1])));
    expect(closeTo(value(d.multinomial(theta).logProb(tensor([[1, 2, 3], [4, 0, 1]]))), one + two)).toBe(true);
  });

  it('differentiates in theta and samples counts with the right moments', async () => {
    const f = (x: Value[]): Value => d.multinomial(onSimplex(x[0]!, x[1]!)).logProb(tensor([1, 2, 3]));
    expect(checkGrad(f, [0.2, 0.5], { order: 2 })).toBeLessThan(1e-6);
    const draws = d.multinomial(tensor([0.2, 0.5, 0.3]), 12).sample(makeRng(9, 0), 2000) as Tensor;
    for (let i = 0; i < 2000; i++) expect(draws.data[3 * i]! + draws.data[3 * i + 1]! + draws.data[3 * i + 2]!).toBe(12);
    await expectCheckPasses(multinomialMoments);
    expect(() => d.multinomial(tensor([0.5, 0.5])).sample(makeRng(1))).toThrow('multinomial: sampling needs the total count N; give it as multinomial(theta, N)');
  });
});

describe('categorical_logit', () => {
  it('is the log softmax at 1-based categories, summed over a vector', () => {
    const beta = [0.3, -1, 2];
    const logZ = Math.log(beta.reduce((s, b) => s + Math.exp(b), 0));
    expect(closeTo(value(d.categoricalLogit(tensor(beta)).logProb(1)), beta[0]! - logZ)).toBe(true);
    expect(closeTo(value(d.categoricalLogit(tensor(beta)).logProb(tensor([3, 1, 3]))), 2 * beta[2]! + beta[0]! - 3 * logZ)).toBe(true);
  });

  it('differentiates in beta and samples 1-based categories with the softmax frequencies', () => {
    expect(checkGrad((b: Value) => d.categoricalLogit(b).logProb(tensor([3, 1, 3])), tensor([0.3, -1, 2]), { order: 2 })).toBeLessThan(1e-6);
    return expectCheckPasses(categoricalFrequencies);
  });
});

describe('multi_normal and multi_normal_cholesky', () => {
  const mu = tensor([0.5, -1]);
  const Sigma = tensor([[2, 0.6], [0.6, 1]]);
  const L = tensor([[Math.SQRT2, 0], [0.6 / Math.SQRT2, Math.sqrt(1 - 0.18)]]);
  const closed = (y: number[]): number => {
    const [a, b, c] = [2, 0.6, 1];
    const det = a * c - b * b;
    const r = [y[0]! - 0.5, y[1]! + 1];
    const quadratic = (c * r[0]! * r[0]! - 2 * b * r[0]! * r[1]! + a * r[1]! * r[1]!) / det;
    return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * quadratic;
  };

  it('match the closed-form bivariate normal, for one vector and for rows', () => {
    const y = [[1, 0.3], [-2, -1.5], [0.5, -1]];
    for (const row of y) {
      expect(closeTo(value(d.multiNormal(mu, Sigma).logProb(tensor(row))), closed(row))).toBe(true);
      expect(closeTo(value(d.multiNormalCholesky(mu, L).logProb(tensor(row))), closed(row))).toBe(true);
    }
    const total = y.reduce((s, row) => s + closed(row), 0);
    expect(closeTo(value(d.multiNormal(mu, Sigma).logProb(tensor(y))), total)).toBe(true);
    expect(closeTo(value(d.multiNormalCholesky(tensor([[0.5, -1], [0.5, -1], [0.5, -1]]), L).logProb(tensor(y))), total)).toBe(true);
  });

  it('differentiate in y, mu, Sigma and L to second order', () => {
    const y = tensor([[1, 0.3], [-2, -1.5]]);
    // Σ and L from their free entries, so that finite differences stay symmetric or triangular.
    const symmetric = (a: Value, b: Value, c: Value): Value => reshape(stack([a, b, b, c]), [2, 2]);
    const lower = (a: Value, b: Value, c: Value): Value => reshape(stack([a, 0, b, c]), [2, 2]);
    const viaSigma = (x: Value[]): Value => d.multiNormal(x[0]!, symmetric(x[1]!, x[2]!, x[3]!)).logProb(x[4]!);
    expect(checkGrad(viaSigma, [mu, 2, 0.6, 1, y], { order: 2 })).toBeLessThan(1e-6);
    const viaFactor = (x: Value[]): Value => d.multiNormalCholesky(x[0]!, lower(x[1]!, x[2]!, x[3]!)).logProb(y);
    expect(checkGrad(viaFactor, [mu, L.data[0]!, L.data[2]!, L.data[3]!], { order: 2 })).toBeLessThan(1e-6);
    // Σ = L Lᵀ built from a traced factor gives the factor's own gradient (in the lower
    // triangle: multi_normal_cholesky reads only that one).
    const fromFactor = (l: Value): Value => d.multiNormal(mu, matmul(l, transpose(l))).logProb(y);
    const direct = grad((l: Value) => d.multiNormalCholesky(mu, l).logProb(y))(L) as Tensor;
    const composed = grad(fromFactor)(L) as Tensor;
    for (const i of [0, 2, 3]) expect(closeTo(composed.data[i]!, direct.data[i]!, 1e-9), `${composed.data[i]} vs ${direct.data[i]}`).toBe(true);
    expect(direct.data[1]).toBe(0);
    // In mu the log density is quadratic: its Hessian is −Σ⁻¹ everywhere, Σ⁻¹ = [[1, −0.6], [−0.6, 2]] / 1.64.
    const H = hessian((m: Value) => d.multiNormal(m, Sigma).logProb(tensor([1, 0.3])))(mu) as Tensor;
    expect(H.shape).toEqual([2, 2]);
    [-1, 0.6, 0.6, -2].forEach((entry, k) => expect(H.data[k]).toBeCloseTo(entry / 1.64, 12));
  });

  it('sample with the covariance and mean', async () => {
    const draws = d.multiNormalCholesky(mu, L).sample(makeRng(8, 0), 100) as Tensor;
    expect(draws.shape).toEqual([100, 2]);
    await expectCheckPasses(multiNormalMoments);
    expect(Array.from((d.multiNormal(mu, Sigma).variance as Tensor).data)).toEqual([2, 1]);
  });
});

describe('lkj_corr_cholesky', () => {
  const factor = correlationFactor;

  it('integrates to one over the 3×3 correlation Cholesky factors (its normalising constant)', () => expectCheckPasses(lkjNormalisingConstant));

  it('matches the closed form for K = 2: (1 − r²)^(η−1) / (2^(2η−1) B(η, η))', () => {
    for (const [eta, r] of [[1, 0.3], [3, -0.7], [0.5, 0.9]] as const) {
      const L = tensor([[1, 0], [r, Math.sqrt(1 - r * r)]]);
      const logB = gammaln(eta) * 2 - gammaln(2 * eta);
      const want = (eta - 1) * Math.log(1 - r * r) - (2 * eta - 1) * Math.LN2 - logB;
      expect(closeTo(value(d.lkjCholesky(2, eta).logProb(L)), want)).toBe(true);
    }
    expect(value(d.lkjCholesky(1, 2).logProb(tensor([[1]])))).toBe(0);
  });

  it('differentiates in eta to second order, and samples correlations with variance 1/(2η + K − 1)', async () => {
    const L = factor(0.3, -0.2, 0.5);
    expect(checkGrad((eta: Value) => d.lkjCholesky(3, eta).logProb(L), 1.7, { order: 2 })).toBeLessThan(1e-6);
    await expectCheckPasses(lkjCorrelationMoments);
    // Draws lie in the support: lower triangular with a positive diagonal and rows of unit
    // length (L Lᵀ a correlation matrix), where the log density is finite.
    const K = 4;
    const draws = d.lkjCholesky(K, 2).sample(makeRng(13, 0), 50) as Tensor;
    expect(draws.shape).toEqual([50, K, K]);
    for (let i = 0; i < 50; i++) {
      const entry = (r: number, c: number): number => draws.data[i * 16 + r * K + c]!;
      for (let r = 0; r < K; r++) {
        expect(entry(r, r), `draw ${i}: L[${r},${r}]`).toBeGreaterThan(0);
        for (let c = r + 1; c < K; c++) expect(entry(r, c)).toBe(0);
        let norm = 0;
        for (let c = 0; c <= r; c++) norm += entry(r, c) ** 2;
        expect(Math.abs(norm - 1), `draw ${i}: row ${r} has squared norm ${norm}`).toBeLessThan(1e-12);
      }
      expect(Number.isFinite(value(d.lkjCholesky(K, 2).logProb(tensor(draws.data.slice(i * 16, i * 16 + 16), [4, 4]))))).toBe(true);
    }
  });
});

describe('multi_normal with a constant covariance: the fused one-node path', () => {
  const Sigma = tensor([[2, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 1.5]]);
  const cases: readonly [string, Value, Value][] = [
    ['vector y and mu', tensor([0.3, -1.2, 0.8]), tensor([0.1, 0.2, -0.4])],
    ['rows of y, one mu', tensor([[0.3, -1.2, 0.8], [1, 0.5, -0.2]]), tensor([0.1, 0.2, -0.4])],
    ['one y, rows of mu', tensor([0.3, -1.2, 0.8]), tensor([[0.1, 0.2, -0.4], [-1, 0.3, 0.9]])],
  ];
  for (const [label, y, mu] of cases) {
    it(`${label}: the plain value, finite-difference gradients, and the composed second derivatives`, () => {
      const f = ([yy, mm]: Value[]): Value => d.multiNormal(mm!, Sigma).logProb(yy!);
      const plain = primal(f([y, mu])) as number;
      const traced = valueAndGradOf(f, [y, mu]);
      expect(Math.abs(traced - plain)).toBeLessThan(1e-12 * Math.max(1, Math.abs(plain)));
      expect(checkGrad(f, [y, mu])).toBeLessThan(1e-7);
      expect(checkGrad(f, [y, mu], { order: 2 })).toBeLessThan(1e-6);
      const withCholesky = ([yy, mm]: Value[]): Value => d.multiNormalCholesky(mm!, cholesky(Sigma)).logProb(yy!);
      expect(grad(withCholesky)([y, mu])).toEqual(grad(f)([y, mu]));
    });
  }
});

function valueAndGradOf(f: (x: Value[]) => Value, x: Value[]): number {
  let value = NaN;
  grad((v: Value[]) => {
    const out = f(v);
    value = primal(out) as number;
    return out;
  })(x);
  return value;
}
