import { add, mul, sub } from '../../ad/ops/arithmetic.js';
import { sum } from '../../ad/ops/reduce.js';
import { log } from '../../ad/ops/unary.js';
import { Tensor, formatShape } from '../../ad/tensor.js';
import { Box, noteCheckFailed, peek, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import { drawBeta } from '../../random/gamma-ratios.js';
import { normals } from '../../random/ziggurat.js';
import type { Rng } from '../../random/rng.js';
import { choleskyCorr, positive, real } from '../constraints.js';
import { checkParameter, expectValue, plainParameterValid } from './checks.js';
import { guarded } from './guarded.js';
import type { Distribution } from './distribution.js';
import { diagonal } from './matrix.js';
import { lbeta } from './math.js';
import { factorOf, isSpd, logDeterminant, squareSize } from './matrix-arguments.js';

// lkj_corr_cholesky(L | η): the LKJ distribution on correlation matrices R = L Lᵀ,
// p(R) ∝ det(R)^(η−1) (Lewandowski, Kurowicka & Joe 2009, "Generating random correlation
// matrices based on vines and extended onion method", J. Multivariate Analysis 100), written
// as a density of the Cholesky factor L. With the Jacobian of L ↦ R, Π_{j≥2} L_jj^(K−j)
// (1-based j), Stan's lkj_corr_cholesky_lpdf is
//   log p(L | η) = −log c_K(η) + Σ_{j=2}^{K} (K − j + 2η − 2) log L_jj,
// where c_K(η) = ∫ det(R)^(η−1) dR is (LKJ 2009, the normalising constant of section 3.2,
// onion method):
//   log c_K(η) = Σ_{k=1}^{K−1} [ (2η − 2 + K − k)(K − k) log 2
//                                + (K − k) log B(η + (K − k − 1)/2, η + (K − k − 1)/2) ].
// (K = 2 gives ∫ (1 − r²)^(η−1) dr = 2^(2η−1) B(η, η); K = 3, η = 1 gives π²/2, the volume
// of the 3×3 correlation matrices.)

const LOG_2 = Math.LN2;

/** log c_K(η) with AD ops (η may be traced). */
export function logNormaliser(size: number, eta: Value): Value {
  let total: Value = 0;
  for (let k = 1; k < size; k++) {
    const m = size - k;
    const b = add(eta, (m - 1) / 2);
    total = add(total, add(mul(m * LOG_2, add(mul(2, eta), m - 2)), mul(m, lbeta(b, b))));
  }
  return total;
}

/** Whether a plain matrix is the Cholesky factor of a correlation matrix (to 1e-8). */
function isCorrelationCholesky(L: Tensor, size: number): boolean {
  const d = L.data;
  for (let i = 0; i < size; i++) {
    let norm = 0;
    for (let j = 0; j < size; j++) {
      const x = d[i * size + j]!;
      if (j > i && x !== 0) return false;
      if (!Number.isFinite(x)) return false;
      if (j <= i) norm += x * x;
    }
    if (!(d[i * size + i]! > 0) || Math.abs(norm - 1) > 1e-8) return false;
  }
  return true;
}

/**
 * A draw of L by the onion method (LKJ 2009, section 3.2) written for the Cholesky factor:
 * row 0 is e₁; row k (k ≥ 1) is (√y·u, √(1 − y)) with y ~ beta(k/2, β_k), u uniform on
 * the unit sphere in R^k, and β_k = η + (K − 2)/2 − (k − 1)/2.
 */
function onionDraw(size: number, eta: number, rng: Rng, out: Float64Array, offset: number): void {
  out[offset] = 1;
  for (let k = 1; k < size; k++) {
    const y = drawBeta(rng, k / 2, eta + (size - 2) / 2 - (k - 1) / 2);
    const u = normals(rng, new Float64Array(k));
    let norm = 0;
    for (const v of u) norm += v * v;
    const scale = Math.sqrt(y / norm);
    for (let j = 0; j < k; j++) out[offset + k * size + j] = u[j]! * scale;
    out[offset + k * size + k] = Math.sqrt(1 - y);
  }
}

const etaRule = { name: 'eta', constraint: positive };
const lkjCheckCache = new Map<number, (inputs: readonly Primal[]) => boolean>();

/** The check of [L, eta] for a K×K factor: one function per K, made once (guarded's rule). */
function lkjChecks(k: number): (inputs: readonly Primal[]) => boolean {
  let check = lkjCheckCache.get(k);
  if (check === undefined) {
    check = ([l, e]) => plainParameterValid(etaRule, e!) && isCorrelationCholesky(l as Tensor, k);
    lkjCheckCache.set(k, check);
  }
  return check;
}

/**
 * The LKJ distribution over Cholesky factors of K×K correlation matrices with shape `eta`
 * (Stan's lkj_corr_cholesky; η = 1 is uniform over correlation matrices, larger η
 * concentrates near the identity). With `size` undefined, K is read from the value (the
 * registry's form, Stan's `L ~ lkj_corr_cholesky(eta)`), and sampling needs it given.
 */
export function lkjCholeskyOf(size: number | undefined, eta: Value): Distribution {
  const name = 'lkj_corr_cholesky';
  if (size !== undefined && (!Number.isInteger(size) || size < 1)) {
    throw new Error(`${name}: K is ${size}, but must be a positive integer`);
  }
  checkParameter(name, etaRule, expectValue(name, 'eta', eta));
  if (shapeOf(eta).length !== 0) throw new Error(`${name}: eta has shape ${formatShape(shapeOf(eta))}, but must be a number`);
  return {
    name,
    support: choleskyCorr,
    shape: size === undefined ? [] : [size, size],
    logProb: (L: Value): Value => {
      const s = shapeOf(expectValue(name, 'L', L));
      const k = s[0]!;
      if (s.length !== 2 || s[1] !== k || (size !== undefined && k !== size)) {
        const want = size === undefined ? 'a square matrix' : `${size}×${size}`;
        throw new Error(`${name}: L has shape ${formatShape(s)}, but must be ${want}`);
      }
      // Traced values are read with peek: `guarded` repeats the checks in the op, so a
      // replayed gradient gives −∞ where this code would.
      const holds = lkjChecks(k);
      if (!holds([peek(L), peek(eta)])) {
        noteCheckFailed(`${name}: L is not a correlation Cholesky factor or eta is not positive`);
        return -Infinity;
      }
      if (k === 1) return 0; // L = [[1]]: all the mass at one point
      const coefficients = add(mul(2, eta), new Tensor(Float64Array.from({ length: k - 1 }, (_, t) => k - (t + 2) - 2), [k - 1]));
      const term = sub(sum(mul(coefficients, log(diagonal(L, k, 1)))), logNormaliser(k, eta));
      return L instanceof Box || eta instanceof Box ? guarded(term, [L, eta], holds) : term;
    },
    sample: (rng: Rng, count?: number): Primal => {
      if (size === undefined) throw new Error(`${name}: K is unknown, so there is nothing to sample; use lkjCholesky(K, eta)`);
      if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
        throw new Error(`${name}: sample count is ${count}, but must be a non-negative integer`);
      }
      const e = primal(eta) as number;
      const draws = count ?? 1;
      const out = new Float64Array(draws * size * size);
      for (let c = 0; c < draws; c++) onionDraw(size, e, rng, out, c * size * size);
      return new Tensor(out, count === undefined ? [size, size] : [count, size, size]);
    },
  };
}

/** LKJ over Cholesky factors of K×K correlation matrices (Stan's lkj_corr_cholesky(eta)). */
export function lkjCholesky(K: number, eta: Value): Distribution {
  return lkjCholeskyOf(K, eta);
}

/** Whether plain data is a correlation matrix: symmetric positive definite with a unit diagonal (to 1e-8). */
function isCorrelation(R: Primal, size: number): boolean {
  const d = (R as Tensor).data;
  for (let i = 0; i < size; i++) if (!(Math.abs(d[i * size + i]! - 1) <= 1e-8)) return false;
  return isSpd(R, size);
}

/**
 * LKJ over K×K correlation matrices R (Stan's lkj_corr): log p(R | η) = (η − 1) log det R
 * − log c_K(η), c_K the normalising constant above; log det R = 2 Σ log diag(cholesky(R)).
 */
export function lkjCorr(eta: Value, K?: number): Distribution {
  const name = 'lkj_corr';
  const factorDistribution = lkjCholeskyOf(K, eta);
  return {
    name,
    support: real,
    shape: factorDistribution.shape,
    logProb: (R: Value): Value => {
      const k = squareSize(name, 'R', expectValue(name, 'R', R), K);
      const holds = ([r, e]: readonly Primal[]): boolean => isCorrelation(r!, k) && plainParameterValid(etaRule, e!);
      if (!holds([peek(R), peek(eta)])) {
        noteCheckFailed(`${name}: R is not a correlation matrix or eta is not positive`);
        return -Infinity;
      }
      if (k === 1) return 0;
      const term = sub(mul(sub(eta, 1), logDeterminant(factorOf(R, k), k)), logNormaliser(k, eta));
      return R instanceof Box || eta instanceof Box ? guarded(term, [R, eta], holds) : term;
    },
    sample: (rng: Rng, count?: number): Primal => {
      if (K === undefined) throw new Error(`${name}: K is unknown, so there is nothing to sample; use lkjCorr(eta, K)`);
      const factors = factorDistribution.sample(rng, count) as Tensor;
      const out = new Float64Array(factors.size);
      const block = K * K;
      for (let offset = 0; offset < out.length; offset += block) {
        for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) {
          let acc = 0;
          for (let m = 0; m <= Math.min(i, j); m++) acc += factors.data[offset + i * K + m]! * factors.data[offset + j * K + m]!;
          out[offset + i * K + j] = acc;
        }
      }
      return new Tensor(out, factors.shape);
    },
  };
}
