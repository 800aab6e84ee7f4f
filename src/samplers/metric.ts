import type { Rng } from '../random/rng.js';
import { normals } from '../random/ziggurat.js';
import type { Metric } from './kernel.js';
import {
  cholesky,
  inverseSymmetricPositiveDefinite,
  lowerTriangularTimes,
  matrixTimes,
  relativeAsymmetry,
  squareSide,
} from './linalg.js';

/**
 * The Euclidean–Gaussian kinetic energy of HMC (Betancourt 2017, section 4.2):
 * K(p) = p' M^{-1} p / 2 with momentum p ~ N(0, M), for a diagonal or dense metric M^{-1}.
 */

/** Largest relative asymmetry accepted in a dense inverse mass matrix (round-off only). */
const SYMMETRY_TOLERANCE = 1e-8;

/** The unit metric M = I (Stan's `unit_e`). */
export function identityMetric(dim: number): Metric {
  if (!Number.isInteger(dim) || dim < 1) {
    throw new Error(`identityMetric: dim is ${dim}, but must be a positive integer`);
  }
  return { kind: 'diag', inverseMassDiag: new Float64Array(dim).fill(1) };
}

/** A diagonal metric from the diagonal of M^{-1} (Stan's `diag_e`: the posterior variances). */
export function diagMetric(inverseMassDiag: ArrayLike<number>): Metric {
  if (inverseMassDiag.length < 1) throw new Error('diagMetric: inverseMassDiag is empty, but must have dim >= 1 entries');
  for (let i = 0; i < inverseMassDiag.length; i++) {
    const value = inverseMassDiag[i]!;
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new Error(`diagMetric: inverseMassDiag[${i}] is ${value}, but must be a positive finite number`);
    }
  }
  return { kind: 'diag', inverseMassDiag: Float64Array.from(inverseMassDiag) };
}

/**
 * A dense metric from M^{-1} (Stan's `dense_e`: the posterior covariance), dim x dim row-major.
 * Computes M = (M^{-1})^{-1} and its lower Cholesky factor, used to draw p = L z ~ N(0, M).
 */
export function denseMetric(inverseMass: ArrayLike<number>): Metric {
  const matrix = Float64Array.from(inverseMass);
  const dim = squareSide(matrix, 'denseMetric: inverseMass');
  for (let i = 0; i < matrix.length; i++) {
    if (!Number.isFinite(matrix[i])) {
      throw new Error(
        `denseMetric: inverseMass[${Math.floor(i / dim)},${i % dim}] is ${matrix[i]}, but must be finite`,
      );
    }
  }
  const asymmetry = relativeAsymmetry(matrix, dim);
  if (asymmetry > SYMMETRY_TOLERANCE) {
    throw new Error(
      `denseMetric: inverseMass is not symmetric (relative asymmetry ${asymmetry}, but must be at most ${SYMMETRY_TOLERANCE})`,
    );
  }
  const mass = inverseSymmetricPositiveDefinite(matrix, 'denseMetric: inverseMass');
  return { kind: 'dense', inverseMass: matrix, massCholesky: cholesky(mass, 'denseMetric: mass (inverse of inverseMass)') };
}

/** The dimension a metric acts on. */
export function metricDim(metric: Metric): number {
  return metric.kind === 'diag' ? metric.inverseMassDiag.length : Math.round(Math.sqrt(metric.inverseMass.length));
}

/**
 * dK/dp = M^{-1} p, the velocity dq/dt of Hamilton's equations and Stan's p_sharp
 * (`dtau_dp`) in the no-U-turn criterion. Writes into `out` (which must not alias `momentum`).
 */
export function kineticEnergyGrad(metric: Metric, momentum: Float64Array, out: Float64Array): Float64Array {
  if (metric.kind === 'diag') {
    const diag = metric.inverseMassDiag;
    for (let i = 0; i < momentum.length; i++) out[i] = diag[i]! * momentum[i]!;
    return out;
  }
  return matrixTimes(metric.inverseMass, momentum, out);
}

/** K(p) = p' M^{-1} p / 2. `scratch` (length dim) avoids an allocation for a dense metric. */
export function kineticEnergy(metric: Metric, momentum: Float64Array, scratch?: Float64Array): number {
  let sum = 0;
  if (metric.kind === 'diag') {
    const diag = metric.inverseMassDiag;
    for (let i = 0; i < momentum.length; i++) sum += diag[i]! * momentum[i]! * momentum[i]!;
    return 0.5 * sum;
  }
  const velocity = kineticEnergyGrad(metric, momentum, scratch ?? new Float64Array(momentum.length));
  for (let i = 0; i < momentum.length; i++) sum += momentum[i]! * velocity[i]!;
  return 0.5 * sum;
}

/**
 * Draws p ~ N(0, M) into `out`: p_i = z_i / sqrt(M^{-1}_ii) for a diagonal metric, p = L z
 * with M = L L' for a dense one, z ~ N(0, I). Consumes exactly dim normals from `rng`.
 */
export function sampleMomentum(rng: Rng, metric: Metric, out: Float64Array): Float64Array {
  if (metric.kind === 'diag') {
    const diag = metric.inverseMassDiag;
    normals(rng, out);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! / Math.sqrt(diag[i]!);
    return out;
  }
  return lowerTriangularTimes(metric.massCholesky, normals(rng, new Float64Array(out.length)), out);
}
