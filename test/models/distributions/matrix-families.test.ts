import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import gammaLogpdf from '@stdlib/stats-base-dists-gamma-logpdf';
import invgammaLogpdf from '@stdlib/stats-base-dists-invgamma-logpdf';
import tLogpdf from '@stdlib/stats-base-dists-t-logpdf';
import { describe, expect, it } from 'vitest';
import { add, checkGrad, matmul, mul, tensor, transpose, type Tensor, type Value } from '../../../src/ad/index.js';
import { primal } from '../../../src/ad/trace.js';
import { makeRng } from '../../../src/random/rng.js';
import { multiNormal } from '../../../src/models/distributions/index.js';
import { lkjCorr } from '../../../src/models/distributions/lkj.js';
import { multiNormalPrec, multiStudentT, multiStudentTCholesky } from '../../../src/models/distributions/multi-student-t.js';
import { invWishart, invWishartCholesky, wishart, wishartCholesky } from '../../../src/models/distributions/wishart.js';
import { momentFailures } from './moments.js';

// The matrix-parameter families against closed forms and against each other: the precision
// normal against multi_normal with the inverse, the multivariate t at K = 1 against the
// univariate t and at K = 2 against its formula, LKJ at K = 2 against (1 − r²)^(η−1), the
// Wishart pair at K = 1 against gamma and inverse gamma, the Cholesky forms' Jacobian against
// a finite-difference determinant; gradients by checkGrad; samplers by their means.

const value = (v: Value): number => primal(v) as number;
const closeTo = (got: number, want: number, tolerance = 1e-11): boolean => Math.abs(got - want) <= tolerance * Math.max(1, Math.abs(want));

const Sigma = [[2, 0.6], [0.6, 1.5]];
/** (X + Xᵀ)/2: finite differences of a symmetric argument stay symmetric. */
const sym = (x: Value): Value => mul(0.5, add(x, transpose(x)));
/** The lower triangle of a 2×2 argument (a Cholesky factor stays one). */
const lower2 = (x: Value): Value => mul(tensor([[1, 0], [1, 1]]), x);
const det = 2 * 1.5 - 0.36;
const inverse = [[1.5 / det, -0.6 / det], [-0.6 / det, 2 / det]];
const L = (() => {
  const l11 = Math.sqrt(2);
  const l21 = 0.6 / l11;
  return [[l11, 0], [l21, Math.sqrt(1.5 - l21 * l21)]];
})();

describe('multi_normal_prec', () => {
  it('equals multi_normal with the inverse precision, for one vector and for rows', () => {
    const mu = tensor([0.3, -0.2]);
    for (const y of [tensor([1, 0.5]), tensor([[1, 0.5], [-0.4, 2], [0, 0]])]) {
      expect(closeTo(value(multiNormalPrec(mu, tensor(inverse)).logProb(y)), value(multiNormal(mu, tensor(Sigma)).logProb(y)))).toBe(true);
    }
    expect(checkGrad((p: Value[]) => multiNormalPrec(p[0]!, sym(p[1]!)).logProb(tensor([[1, 0.5], [-0.4, 2]])), [mu, tensor(inverse)], { order: 2 })).toBeLessThan(1e-6);
    expect(() => multiNormalPrec(mu, tensor([[1, 2], [2, 1]]))).toThrow('multi_normal_prec: Omega is not positive definite');
  });
});

describe('multi_student_t', () => {
  it('at K = 1 is the univariate student_t', () => {
    const got = value(multiStudentT(4.5, tensor([0.3]), tensor([[2.25]])).logProb(tensor([1.7])));
    expect(closeTo(got, tLogpdf((1.7 - 0.3) / 1.5, 4.5) - Math.log(1.5))).toBe(true);
  });

  it('at K = 2 matches its closed form, in both parameterisations, and differentiates', () => {
    const nu = 3.5;
    const y = [1.2, -0.7];
    const mu = [0.1, 0.4];
    const r = [y[0]! - mu[0]!, y[1]! - mu[1]!];
    const q = r[0]! * (inverse[0]![0]! * r[0]! + inverse[0]![1]! * r[1]!) + r[1]! * (inverse[1]![0]! * r[0]! + inverse[1]![1]! * r[1]!);
    const want = gammaln((nu + 2) / 2) - gammaln(nu / 2) - Math.log(nu * Math.PI) - 0.5 * Math.log(det) - ((nu + 2) / 2) * Math.log1p(q / nu);
    expect(closeTo(value(multiStudentT(nu, tensor(mu), tensor(Sigma)).logProb(tensor(y))), want)).toBe(true);
    expect(closeTo(value(multiStudentTCholesky(nu, tensor(mu), tensor(L)).logProb(tensor(y))), want)).toBe(true);
    const rows = tensor([y, [0, 0], [-1, 3]]);
    expect(checkGrad((p: Value[]) => multiStudentT(p[0]!, p[1]!, sym(p[2]!)).logProb(rows), [nu, tensor(mu), tensor(Sigma)], { order: 2 })).toBeLessThan(1e-6);
    expect(checkGrad((p: Value[]) => multiStudentTCholesky(p[0]!, p[1]!, lower2(p[2]!)).logProb(rows), [nu, tensor(mu), tensor(L)])).toBeLessThan(1e-6);
  });

  it('samples with mean μ and covariance ν/(ν − 2) Σ', () => {
    const nu = 9;
    const draws = multiStudentT(nu, tensor([1, -1]), tensor(Sigma)).sample(makeRng(3, 0), 20_000) as Tensor;
    const column = (k: number) => Array.from({ length: 20_000 }, (_, i) => draws.data[2 * i + k]!);
    expect(momentFailures(column(0), 1, (nu / (nu - 2)) * 2)).toEqual([]);
    expect(momentFailures(column(1), -1, (nu / (nu - 2)) * 1.5)).toEqual([]);
  });
});

describe('lkj_corr', () => {
  it('at K = 2 is (1 − r²)^(η−1) / (2^(2η−1) B(η, η)), and −∞ off the correlation matrices', () => {
    for (const [r, eta] of [[0.3, 2], [-0.8, 0.7], [0, 1]] as const) {
      const want = (eta - 1) * Math.log(1 - r * r) - ((2 * eta - 1) * Math.LN2 + betaln(eta, eta));
      expect(closeTo(value(lkjCorr(eta).logProb(tensor([[1, r], [r, 1]]))), want)).toBe(true);
    }
    expect(value(lkjCorr(2).logProb(tensor([[1.1, 0.2], [0.2, 1]])))).toBe(-Infinity);
    // Along the correlation matrices: the identity plus a symmetric off-diagonal part.
    const offDiagonal = tensor([[0, 1, 1], [1, 0, 1], [1, 1, 0]]);
    const correlation = (x: Value): Value => add(tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), mul(offDiagonal, sym(x)));
    expect(checkGrad((p: Value[]) => lkjCorr(p[1]!).logProb(correlation(p[0]!)), [tensor([[0, 0.3, 0.1], [0.3, 0, -0.2], [0.1, -0.2, 0]]), 2.5])).toBeLessThan(1e-6);
    const draws = lkjCorr(3, 3).sample(makeRng(5, 0), 4000) as Tensor;
    const r01 = Array.from({ length: 4000 }, (_, i) => draws.data[9 * i + 1]!);
    expect(momentFailures(r01, 0, 1 / (2 * 3 + 3 - 1))).toEqual([]);
  });
});

describe('wishart and inv_wishart', () => {
  it('at K = 1 are gamma(ν/2, rate 1/(2s)) and inverse gamma(ν/2, scale s/2)', () => {
    for (const [w, nu, s] of [[2.5, 3, 1.5], [0.4, 7.5, 0.2]] as const) {
      expect(closeTo(value(wishart(nu, tensor([[s]])).logProb(tensor([[w]]))), gammaLogpdf(w, nu / 2, 1 / (2 * s)))).toBe(true);
      expect(closeTo(value(invWishart(nu, tensor([[s]])).logProb(tensor([[w]]))), invgammaLogpdf(w, nu / 2, s / 2))).toBe(true);
    }
  });

  it('the Cholesky forms add log |dW/dL| = K log 2 + Σ (K − k + 1) log L_kk, checked by a finite-difference Jacobian', () => {
    const LW = [[1.3, 0, 0], [0.4, 0.9, 0], [-0.2, 0.5, 1.1]];
    const free: [number, number][] = [[0, 0], [1, 0], [1, 1], [2, 0], [2, 1], [2, 2]];
    const wOf = (x: readonly number[]): number[] => {
      const l = [[x[0]!, 0, 0], [x[1]!, x[2]!, 0], [x[3]!, x[4]!, x[5]!]];
      return free.map(([i, j]) => l[i]!.reduce((s, v, m) => s + v * l[j]![m]!, 0));
    };
    const x0 = free.map(([i, j]) => LW[i]![j]!);
    const jacobian = x0.map((_, c) => {
      const h = 1e-6;
      const up = wOf(x0.map((v, k) => (k === c ? v + h : v)));
      const down = wOf(x0.map((v, k) => (k === c ? v - h : v)));
      return up.map((u, r) => (u - down[r]!) / (2 * h));
    });
    const logAbsDet = Math.log(Math.abs(determinant(jacobian)));
    const W = matmul(tensor(LW), transpose(tensor(LW)));
    const LS = tensor([[1.1, 0, 0], [0.3, 0.8, 0], [0.1, -0.4, 1.4]]);
    const S = matmul(LS, transpose(LS));
    for (const [matrixForm, choleskyForm] of [[wishart, wishartCholesky], [invWishart, invWishartCholesky]] as const) {
      const dense = value(matrixForm(6.5, S).logProb(W));
      const factor = value(choleskyForm(6.5, LS).logProb(tensor(LW)));
      expect(closeTo(factor - dense, logAbsDet, 1e-7)).toBe(true);
    }
  });

  it('differentiate in W, ν and S, and sample with means ν S and S/(ν − K − 1)', () => {
    const S = tensor(Sigma);
    const W = tensor([[3, 0.5], [0.5, 2]]);
    expect(checkGrad((p: Value[]) => wishart(p[1]!, sym(p[2]!)).logProb(sym(p[0]!)), [W, 5.5, S])).toBeLessThan(1e-6);
    expect(checkGrad((p: Value[]) => invWishart(p[1]!, sym(p[2]!)).logProb(sym(p[0]!)), [W, 5.5, S])).toBeLessThan(1e-6);
    expect(checkGrad((p: Value[]) => wishartCholesky(p[1]!, lower2(p[2]!)).logProb(lower2(p[0]!)), [tensor([[1.2, 0], [0.3, 0.9]]), 5.5, tensor(L)])).toBeLessThan(1e-6);
    const nu = 9;
    const draws = wishart(nu, S).sample(makeRng(9, 0), 20_000) as Tensor;
    const entry = (k: number) => Array.from({ length: 20_000 }, (_, i) => draws.data[4 * i + k]!);
    // Var W_ij = ν (S_ij² + S_ii S_jj).
    expect(momentFailures(entry(0), nu * 2, nu * (4 + 4))).toEqual([]);
    expect(momentFailures(entry(1), nu * 0.6, nu * (0.36 + 3))).toEqual([]);
    const inverseDraws = invWishart(nu, S).sample(makeRng(9, 1), 20_000) as Tensor;
    const mean = (invWishart(nu, S).mean as Tensor).data;
    const first = Array.from({ length: 20_000 }, (_, i) => inverseDraws.data[4 * i]!);
    // Var of an inverse-Wishart diagonal entry: 2 S_ii² / ((ν − K − 1)² (ν − K − 3)).
    expect(momentFailures(first, mean[0]!, (2 * 4) / ((nu - 3) ** 2 * (nu - 5)))).toEqual([]);
  });

  it('name bad arguments', () => {
    expect(() => wishart(0.5, tensor(Sigma))).toThrow('wishart: nu is 0.5, but must be greater than K − 1 = 1');
    expect(() => wishartCholesky(3, tensor([[1, 0.2], [0, 1]]))).toThrow('wishart_cholesky: L_S[0, 1] is 0.2, but L_S must be lower triangular');
    expect(value(wishart(3, tensor(Sigma)).logProb(tensor([[1, 2], [2, 1]])))).toBe(-Infinity);
  });
});

/** Determinant by Gaussian elimination with partial pivoting. */
function determinant(m: number[][]): number {
  const a = m.map((row) => [...row]);
  const n = a.length;
  let d = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    if (p !== c) {
      [a[p], a[c]] = [a[c]!, a[p]!];
      d = -d;
    }
    d *= a[c]![c]!;
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return d;
}
