import type { Value } from '../ad/trace.js';

/**
 * Where a quantity lives: the support of a distribution, or the declared constraint of a
 * parameter. A discriminated union, so that `transformFor` can be an exhaustive switch
 * (a new constraint without a transform fails to compile).
 *
 * Bounds are values: numbers, or traced values computed from other parameters (garch11's
 * `beta1 < 1 - alpha1`), resolved before the transform is applied.
 */
export type Constraint =
  | { readonly kind: 'real' }
  | { readonly kind: 'lower'; readonly lower: Value }
  | { readonly kind: 'upper'; readonly upper: Value }
  | { readonly kind: 'interval'; readonly lower: Value; readonly upper: Value }
  /** Non-negative vector summing to one (last axis). */
  | { readonly kind: 'simplex' }
  /** Strictly increasing vector. */
  | { readonly kind: 'ordered' }
  /** Strictly increasing positive vector. */
  | { readonly kind: 'positiveOrdered' }
  /** Lower-triangular Cholesky factor of a correlation matrix (rows of unit length). */
  | { readonly kind: 'choleskyCorr' }
  /** Lower-triangular Cholesky factor of a covariance matrix (positive diagonal; M×N with M ≥ N). */
  | { readonly kind: 'choleskyCov' }
  /** Vector of unit Euclidean length (last axis). */
  | { readonly kind: 'unitVector' }
  /** Vector whose entries sum to zero (last axis). */
  | { readonly kind: 'sumToZero' }
  /** Symmetric positive-definite matrix with unit diagonal. */
  | { readonly kind: 'corrMatrix' }
  /** Symmetric positive-definite matrix. */
  | { readonly kind: 'covMatrix' }
  /** Matrix whose rows are simplexes. */
  | { readonly kind: 'rowStochastic' }
  /** Matrix whose columns are simplexes. */
  | { readonly kind: 'columnStochastic' }
  /** Any real, sampled in the coordinates (x − offset) / multiplier (Stan's <offset, multiplier>). */
  | { readonly kind: 'affine'; readonly offset: Value; readonly multiplier: Value }
  /** Supports of discrete distributions; no transform (parameters cannot be discrete). */
  | { readonly kind: 'integer'; readonly lower?: number; readonly upper?: number }
  /** Nonnegative integer vector summing to a total (multinomial). */
  | { readonly kind: 'integerSum' };

export type ConstraintKind = Constraint['kind'];

export const real: Constraint = Object.freeze({ kind: 'real' });
export const positive: Constraint = Object.freeze({ kind: 'lower', lower: 0 });
export const unitInterval: Constraint = Object.freeze({ kind: 'interval', lower: 0, upper: 1 });
export const simplex: Constraint = Object.freeze({ kind: 'simplex' });
export const ordered: Constraint = Object.freeze({ kind: 'ordered' });
export const positiveOrdered: Constraint = Object.freeze({ kind: 'positiveOrdered' });
export const choleskyCorr: Constraint = Object.freeze({ kind: 'choleskyCorr' });
export const choleskyCov: Constraint = Object.freeze({ kind: 'choleskyCov' });
export const unitVector: Constraint = Object.freeze({ kind: 'unitVector' });
export const sumToZero: Constraint = Object.freeze({ kind: 'sumToZero' });
export const corrMatrix: Constraint = Object.freeze({ kind: 'corrMatrix' });
export const covMatrix: Constraint = Object.freeze({ kind: 'covMatrix' });
export const rowStochastic: Constraint = Object.freeze({ kind: 'rowStochastic' });
export const columnStochastic: Constraint = Object.freeze({ kind: 'columnStochastic' });
export const affine = (offset: Value, multiplier: Value): Constraint => ({ kind: 'affine', offset, multiplier });
export const nonNegativeInteger: Constraint = Object.freeze({ kind: 'integer', lower: 0 });
export const lowerBounded = (lower: Value): Constraint => ({ kind: 'lower', lower });
export const upperBounded = (upper: Value): Constraint => ({ kind: 'upper', upper });
export const interval = (lower: Value, upper: Value): Constraint => ({ kind: 'interval', lower, upper });
