import { dotProduct } from '../../optimize/lbfgs.js';
import type { Rng } from '../../random/rng.js';
import { cholesky, symmetrizeInPlace } from '../../samplers/linalg.js';
import { HALF_LOG_TWO_PI } from '../family.js';
import { applyInverseHessianFactors, denseInverseHessian, type InverseHessianFactors } from './inverse-hessian.js';

/**
 * Pathfinder's normal approximation at a point θ of the L-BFGS path (Zhang et al. 2022,
 * section 2.2 and algorithm 4, "BFGS-Sample"): N(θ + H ∇log p(θ), H), the mean a Newton step
 * of the local quadratic model, H = diag(α) + β γ β' (inverse-hessian.ts). With u ~ N(0, I_n):
 *
 *   dense (2m ≥ n):  H = L L',  φ = μ + L u;
 *   thin (2m < n):   diag(α)^(−1/2) β = Q R (thin QR),  I + R γ R' = L L',
 *                    φ = μ + diag(α)^(1/2) (Q (L − I) Q' u + u),
 *
 * whose covariance is H in both cases, and log q(φ) = −(log |H| + u'u + n log 2π) / 2 with
 * log |H| = 2 Σ log L_ii (dense) or Σ log α + 2 Σ log L_ii (thin). The thin case costs
 * O(n m²), never forming H.
 */

export interface LocalNormal {
  readonly mean: Float64Array;
  /** log |H|. */
  readonly logDeterminant: number;
  /** Writes a draw into `out` and returns its log density (normalised). */
  drawInto(rng: Rng, out: Float64Array): number;
}

/** Householder thin QR of the n × p matrix with the given columns (p < n): Q's columns and R, p × p row-major. */
function thinQr(columns: readonly Float64Array[]): { q: Float64Array[]; r: Float64Array } {
  const p = columns.length;
  const n = columns[0]!.length;
  const work = columns.map((column) => Float64Array.from(column));
  const reflectors: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const column = work[j]!;
    let norm = 0;
    for (let i = j; i < n; i++) norm += column[i]! * column[i]!;
    norm = Math.sqrt(norm);
    const v = new Float64Array(n);
    const alpha = column[j]! >= 0 ? -norm : norm;
    for (let i = j; i < n; i++) v[i] = column[i]!;
    v[j]! -= alpha;
    const vNorm = Math.sqrt(dotProduct(v, v));
    if (vNorm > 0) for (let i = j; i < n; i++) v[i]! /= vNorm;
    reflectors.push(v);
    for (let k = j; k < p; k++) {
      const target = work[k]!;
      const projection = 2 * dotProduct(v, target);
      for (let i = j; i < n; i++) target[i]! -= projection * v[i]!;
    }
  }
  const r = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let k = i; k < p; k++) r[i * p + k] = work[k]![i]!;
  // Q e_j = H_0 H_1 ... H_{p−1} e_j.
  const q = Array.from({ length: p }, (_, j) => {
    const vector = new Float64Array(n);
    vector[j] = 1;
    for (let k = p - 1; k >= 0; k--) {
      const v = reflectors[k]!;
      const projection = 2 * dotProduct(v, vector);
      for (let i = 0; i < n; i++) vector[i]! -= projection * v[i]!;
    }
    return vector;
  });
  return { q, r };
}

/** No pairs yet: H = diag(α). */
function diagonalNormal(mean: Float64Array, alpha: Float64Array): LocalNormal {
  const n = mean.length;
  const rootAlpha = alpha.map(Math.sqrt);
  const logDeterminant = alpha.reduce((sum, value) => sum + Math.log(value), 0);
  return {
    mean,
    logDeterminant,
    drawInto(rng, out) {
      let squares = 0;
      for (let d = 0; d < n; d++) {
        const u = rng.normal();
        squares += u * u;
        out[d] = mean[d]! + rootAlpha[d]! * u;
      }
      return -0.5 * (logDeterminant + squares) - n * HALF_LOG_TWO_PI;
    },
  };
}

function denseNormal(mean: Float64Array, factors: InverseHessianFactors): LocalNormal {
  const n = mean.length;
  const lower = cholesky(denseInverseHessian(factors), 'pathfinder');
  let logDeterminant = 0;
  for (let i = 0; i < n; i++) logDeterminant += 2 * Math.log(lower[i * n + i]!);
  const u = new Float64Array(n);
  return {
    mean,
    logDeterminant,
    drawInto(rng, out) {
      for (let i = 0; i < n; i++) u[i] = rng.normal();
      for (let i = 0; i < n; i++) {
        let sum = mean[i]!;
        for (let k = 0; k <= i; k++) sum += lower[i * n + k]! * u[k]!;
        out[i] = sum;
      }
      return -0.5 * (logDeterminant + dotProduct(u, u)) - n * HALF_LOG_TWO_PI;
    },
  };
}

function thinNormal(mean: Float64Array, factors: InverseHessianFactors): LocalNormal {
  const n = mean.length;
  const { alpha, beta, gamma } = factors;
  const p = beta.length;
  const rootAlpha = alpha.map(Math.sqrt);
  const { q, r } = thinQr(beta.map((column) => column.map((value, d) => value / rootAlpha[d]!)));
  // I + R γ R'
  const inner = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let sum = i === j ? 1 : 0;
      for (let k = 0; k < p; k++) for (let l = 0; l < p; l++) sum += r[i * p + k]! * gamma[k * p + l]! * r[j * p + l]!;
      inner[i * p + j] = sum;
    }
  }
  const lower = cholesky(symmetrizeInPlace(inner, p), 'pathfinder');
  let logDeterminant = 0;
  for (let d = 0; d < n; d++) logDeterminant += Math.log(alpha[d]!);
  for (let i = 0; i < p; i++) logDeterminant += 2 * Math.log(lower[i * p + i]!);
  const u = new Float64Array(n);
  const projected = new Float64Array(p);
  const correction = new Float64Array(p);
  return {
    mean,
    logDeterminant,
    drawInto(rng, out) {
      for (let d = 0; d < n; d++) u[d] = rng.normal();
      for (let i = 0; i < p; i++) projected[i] = dotProduct(q[i]!, u);
      // (L − I) Q'u
      for (let i = 0; i < p; i++) {
        let sum = -projected[i]!;
        for (let k = 0; k <= i; k++) sum += lower[i * p + k]! * projected[k]!;
        correction[i] = sum;
      }
      for (let d = 0; d < n; d++) {
        let z = u[d]!;
        for (let i = 0; i < p; i++) z += q[i]![d]! * correction[i]!;
        out[d] = mean[d]! + rootAlpha[d]! * z;
      }
      return -0.5 * (logDeterminant + dotProduct(u, u)) - n * HALF_LOG_TWO_PI;
    },
  };
}

/**
 * The approximation at `position` with log-density gradient `gradient`; undefined when H is
 * not numerically positive definite there (the iteration is then skipped).
 */
export function localNormal(position: Float64Array, gradient: Float64Array, factors: InverseHessianFactors): LocalNormal | undefined {
  const step = applyInverseHessianFactors(factors, gradient);
  const mean = position.map((value, d) => value + step[d]!);
  if (!mean.every(Number.isFinite)) return undefined;
  try {
    if (factors.beta.length === 0) return diagonalNormal(mean, factors.alpha);
    return factors.beta.length >= position.length ? denseNormal(mean, factors) : thinNormal(mean, factors);
  } catch {
    return undefined;
  }
}
