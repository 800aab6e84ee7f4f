import { makeRng } from '../random/rng.js';
import { grad, jvp } from './grad.js';
import { add, mul } from './ops/arithmetic.js';
import { sum } from './ops/reduce.js';
import { Tensor } from './tensor.js';
import { primal, shapeOf, type Value } from './trace.js';
import { leaves, withLeaves, type Tree } from './tree.js';

export interface CheckGradOptions {
  /** 1: gradients; 2: also Hessian–vector products (grad of grad, jvp of grad). Default 1. */
  readonly order?: 1 | 2;
  /** Base step of the central differences, scaled by max(1, |x_i|). Default 1e-3. */
  readonly step?: number;
  /** Random directions checked (all coordinates are checked when there are at most 32). Default 4. */
  readonly directions?: number;
  readonly seed?: number;
}

/** x as one flat vector, and the way back. */
function flatten(x: Tree): { vector: Float64Array; rebuild: (v: Float64Array) => Tree } {
  const ls = leaves(x).map((l) => primal(l));
  const sizes = ls.map((l) => (typeof l === 'number' ? 1 : l.size));
  const vector = new Float64Array(sizes.reduce((a, b) => a + b, 0));
  let k = 0;
  for (const l of ls) {
    if (typeof l === 'number') vector[k++] = l;
    else for (const v of l.data) vector[k++] = v;
  }
  const rebuild = (v: Float64Array): Tree => {
    let offset = 0;
    return withLeaves(
      x,
      ls.map((l) => {
        if (typeof l === 'number') return v[offset++]!;
        const t = new Tensor(v.slice(offset, offset + l.size), l.shape);
        offset += l.size;
        return t;
      }),
    );
  };
  return { vector, rebuild };
}

/**
 * How many ulps of the largest |f| a plain evaluation of f may be off by. The rounding
 * error of a composed log density is a few ulps of its largest term; 64 leaves room for
 * the sums of a few hundred terms without hiding derivatives that are wrong by more than
 * about 1e-10·|f|/h.
 */
const ROUNDING_ULPS = 64;
/**
 * Below the smallest normal number (2.2e-308) rounding is absolute, in steps of 5e-324:
 * allow as many of those too.
 */
const SUBNORMAL_NOISE = ROUNDING_ULPS * Number.MIN_VALUE;

/** One derivative compared with its reference, and the absolute noise allowed between them. */
export interface GradientComparison {
  /** 'finite difference' (reverse mode against central differences) or 'forward mode' (against reverse). */
  readonly kind: 'finite difference' | 'forward mode';
  /** Derivative order of the function compared: 1, or 2 for the directional derivatives of the gradient. */
  readonly order: 1 | 2;
  /** The direction, in checkGrad's scaled coordinates (x_i steps by step·max(1, |x_i|)). */
  readonly direction: Float64Array;
  readonly derivative: number;
  readonly reference: number;
  /** The absolute tolerance: the reference's own error bound (see checkGradReport). */
  readonly noise: number;
  /** The part of `noise` that is truncation error of the differences (0 for forward mode). */
  readonly truncation: number;
  /** The relative error beyond the noise, or the truncation's share of a resolved reference. */
  readonly error: number;
}

export interface GradientCheckReport {
  /** The largest `error` of all comparisons. */
  readonly error: number;
  /** The comparison with that error (undefined for a function of no inputs). */
  readonly worst: GradientComparison | undefined;
  readonly comparisons: readonly GradientComparison[];
}

/**
 * Error of a derivative against its reference beyond the reference's noise, relative to
 * the larger of the two: checking `error ≤ rtol` is checking
 *   |derivative − reference| ≤ noise + rtol · max(|derivative|, |reference|),
 * the relative-and-absolute tolerance of numpy's isclose, with the absolute part set by
 * what the reference can resolve rather than by a fixed floor. Equal values (infinities
 * too) have error 0; a NaN on either side has error Infinity.
 */
function errorBeyondNoise(derivative: number, reference: number, noise: number): number {
  if (derivative === reference) return 0;
  if (Number.isNaN(derivative) || Number.isNaN(reference)) return Infinity;
  const excess = Math.abs(derivative - reference) - noise;
  if (!(excess > 0)) return 0;
  return excess / Math.max(Math.abs(derivative), Math.abs(reference));
}

/**
 * Directional derivative of a scalar function of a flat vector by central differences
 * with one Richardson extrapolation, with its error bound. With
 * c(s) = (f(x + s d) − f(x − s d)) / 2s, R(s) = (4 c(s/2) − c(s)) / 3 has truncation
 * error O(s⁴); the estimate is R(h).
 * - Rounding: if each value of f is off by at most u = 64 (ε max|f| + 5e-324), c(s) is off
 *   by u/s and R(h) by (4·2u/h + u/h) / 3 = 3u/h.
 * - Truncation: R(h) − R(h/2) = (15/16)·(R(h)'s truncation error) + rounding, so twice
 *   |R(h) − R(h/2)| bounds it (Richardson's own error estimate).
 */
function finiteDifference(
  fv: (v: Float64Array) => number,
  x: Float64Array,
  direction: Float64Array,
  h: number,
): { estimate: number; rounding: number; truncation: number } {
  let largest = 0;
  const at = (t: number): number => {
    const value = fv(x.map((v, i) => v + t * direction[i]!));
    largest = Math.max(largest, Math.abs(value));
    return value;
  };
  const central = (s: number): number => (at(s) - at(-s)) / (2 * s);
  const [c1, c2, c4] = [central(h), central(h / 2), central(h / 4)];
  const estimate = (4 * c2 - c1) / 3;
  const finer = (4 * c4 - c2) / 3;
  const rounding = (3 * ROUNDING_ULPS * (Number.EPSILON * largest + Number.MIN_VALUE)) / h;
  return { estimate, rounding, truncation: Math.max(0, 2 * Math.abs(estimate - finer) - rounding) };
}

function dotTree(gradient: Tree, direction: Float64Array): { dot: number; magnitude: number } {
  let dot = 0;
  let magnitude = 0;
  let k = 0;
  const term = (v: number): void => {
    const t = v * direction[k++]!;
    dot += t;
    magnitude += Math.abs(t);
  };
  for (const l of leaves(gradient)) {
    const p = primal(l);
    if (typeof p === 'number') term(p);
    else for (const v of p.data) term(v);
  }
  return { dot, magnitude };
}

/**
 * Checks a scalar function's derivatives at x the way autograd's check_grads does, and
 * returns every comparison: reverse mode against finite differences per coordinate (all
 * of them when there are at most 32) and along random directions, forward mode against
 * reverse mode, and with `order: 2` the same for the gradient's own directional
 * derivatives (grad of grad, jvp of grad).
 *
 * Tolerance. A comparison's `error` is its disagreement beyond an absolute noise, relative
 * to the derivative (errorBeyondNoise): checking error ≤ rtol is checking
 * |derivative − reference| ≤ noise + rtol·max(|derivative|, |reference|). Small derivatives
 * are checked to the same relative accuracy as large ones, down to what the reference
 * resolves, instead of being measured against a floor of 1. For finite differences the
 * noise is the rounding bound 3·64·ε·max|f|/h (h = step; with |f| ≈ 1 and h = 1e-4 about
 * 4e-10, so a true derivative of 1e-7 reported as 1.1e-7 has error 0.09) plus Richardson's
 * estimate of the truncation error, which counts only where the differences do not resolve
 * the derivative (finiteDifferenceComparison). Forward against reverse mode allows
 * 64·ε·Σ|∂ᵢf·dᵢ|, the rounding of the dot product.
 */
export function checkGradReport(f: (x: any) => Value, x: Tree, options: CheckGradOptions = {}): GradientCheckReport {
  const comparisons: GradientComparison[] = [];
  collectComparisons(f, x, options, 1, comparisons);
  let worst: GradientComparison | undefined;
  for (const c of comparisons) if (worst === undefined || c.error > worst.error || Number.isNaN(c.error)) worst = c;
  return { error: worst?.error ?? 0, worst, comparisons };
}

/**
 * checkGradReport's largest error: the worst disagreement of a derivative with finite
 * differences (or of forward with reverse mode) beyond the finite differences' rounding
 * noise, relative to the derivative. Tests compare it with a relative tolerance (1e-6).
 */
export function checkGrad(f: (x: any) => Value, x: Tree, options: CheckGradOptions = {}): number {
  return checkGradReport(f, x, options).error;
}

/**
 * Reverse mode against the differences. The noise is the differences' rounding bound plus
 * their truncation estimate, so a derivative that is 0, where the differences leave
 * only their O(h⁴) error, passes. A truncation estimate is never allowed to loosen the
 * check of a derivative the differences do resolve (|reference| > 2·noise): there its
 * share of the reference is an error in its own right, and a step too coarse for the
 * function fails instead of passing a wrong derivative.
 */
function finiteDifferenceComparison(
  order: 1 | 2,
  direction: Float64Array,
  derivative: number,
  difference: { estimate: number; rounding: number; truncation: number },
): GradientComparison {
  const { estimate: reference, rounding, truncation } = difference;
  const noise = rounding + truncation;
  let error = errorBeyondNoise(derivative, reference, noise);
  if (Math.abs(reference) > 2 * noise) error = Math.max(error, truncation / Math.abs(reference));
  return { kind: 'finite difference', order, direction, derivative, reference, noise, truncation, error };
}

function collectComparisons(
  f: (x: any) => Value,
  x: Tree,
  options: CheckGradOptions,
  order: 1 | 2,
  comparisons: GradientComparison[],
): void {
  const { step = 1e-3, directions = 4, seed = 1 } = options;
  const out = f(x);
  if (shapeOf(out).length !== 0) throw new Error('checkGrad: the function must return a scalar');
  const { vector, rebuild } = flatten(x);
  const fv = (v: Float64Array): number => primal(f(rebuild(v))) as number;
  const g = grad(f)(x) as Tree;
  const rng = makeRng(seed, 0);
  const dirs: Float64Array[] = [];
  if (vector.length <= 32) {
    for (let i = 0; i < vector.length; i++) {
      const e = new Float64Array(vector.length);
      e[i] = 1;
      dirs.push(e);
    }
  }
  for (let d = 0; d < directions; d++) dirs.push(Float64Array.from(vector, () => rng.normal()));
  // Each coordinate steps by `step`·max(1, |x_i|): one scale for all, from the largest
  // coordinate, would step a coordinate near 0 by the size of the largest one (out of
  // log's domain at x = [0.01, 1000]).
  for (const dir of dirs) for (let i = 0; i < dir.length; i++) dir[i] = dir[i]! * Math.max(1, Math.abs(vector[i]!));
  for (const direction of dirs) {
    const reverse = dotTree(g, direction);
    const difference = finiteDifference(fv, vector, direction, step);
    comparisons.push(finiteDifferenceComparison(order, direction, reverse.dot, difference));
    const forward = primal(jvp(f, x, rebuild(direction)).tangent as Value) as number;
    const noise = ROUNDING_ULPS * Number.EPSILON * reverse.magnitude + SUBNORMAL_NOISE;
    comparisons.push({ kind: 'forward mode', order, direction, derivative: forward, reference: reverse.dot, noise, truncation: 0, error: errorBeyondNoise(forward, reverse.dot, noise) });
  }
  if (order === 1 && options.order === 2) {
    for (let d = 0; d < Math.max(1, Math.min(directions, 3)); d++) {
      const dir = Float64Array.from(vector, () => rng.normal());
      // The gradient along a fixed direction is itself a scalar function: check it.
      const directional = (y: Tree): Value => {
        let s: Value = 0;
        const ls = leaves(grad(f)(y) as Tree);
        let k = 0;
        for (const l of ls) {
          const n = shapeOf(l).reduce((a, b) => a * b, 1);
          const w = dir.slice(k, k + n);
          k += n;
          s = addScalar(s, l, w);
        }
        return s;
      };
      collectComparisons(directional, x, { step, directions: 2, seed: seed + d + 1 }, 2, comparisons);
    }
  }
}

function addScalar(s: Value, leaf: Value, weights: Float64Array): Value {
  const shape = shapeOf(leaf);
  if (shape.length === 0) return add(s, mul(leaf, weights[0]!));
  return add(s, sum(mul(leaf, new Tensor(weights, shape))));
}
