import { describe, expect, it } from 'vitest';
import { add, checkGrad, flatten, jacobian, mul, primal, sum, Tensor, type Shape, type Value } from '../../../src/index.js';
import { Trace, type Primal } from '../../../src/ad/trace.js';
import { makeRng } from '../../../src/random/rng.js';
import type { Transform } from '../../../src/models/transforms/transform.js';

// Shared checks for the constraint transforms (NumPyro's transform tests, adapted):
// round trips both ways, the value in the set, log|det J| against the determinant of
// the Jacobian that our own AD computes, gradients against finite differences, and no
// NaN at extreme inputs.

/** log |det A| of a row-major n×n matrix, by LU decomposition with partial pivoting. */
export function logAbsDeterminant(matrix: Float64Array, n: number): number {
  const a = Float64Array.from(matrix);
  let logDet = 0;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[pivot * n + c]!)) pivot = r;
    if (a[pivot * n + c] === 0) return -Infinity;
    if (pivot !== c) {
      for (let k = 0; k < n; k++) [a[c * n + k], a[pivot * n + k]] = [a[pivot * n + k]!, a[c * n + k]!];
    }
    const diagonal = a[c * n + c]!;
    logDet += Math.log(Math.abs(diagonal));
    for (let r = c + 1; r < n; r++) {
      const factor = a[r * n + c]! / diagonal;
      for (let k = c; k < n; k++) a[r * n + k]! -= factor * a[c * n + k]!;
    }
  }
  return logDet;
}

export function normalVector(length: number, seed: number, scale = 1): Tensor {
  const rng = makeRng(seed, 3);
  return new Tensor(Float64Array.from({ length }, () => scale * rng.normal()), [length]);
}

/** The unconstrained input as the transforms take it: a number for scalar shapes. */
export function unconstrainedInput(transform: Transform, shape: Shape, data: Float64Array): Value {
  return shape.length === 0 && transform.unconstrainedSize(shape) === 1 ? data[0]! : new Tensor(data, [data.length]);
}

export function dataOf(x: Value): Float64Array {
  const p = primal(x);
  return typeof p === 'number' ? Float64Array.of(p) : p.data;
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!));
    if (!(error <= tolerance)) {
      throw new Error(`${what}: entry ${i} is ${actual[i]}, expected ${expected[i]} (relative error ${error} > ${tolerance})`);
    }
  }
}

/** log |det| of the Jacobian of unconstrained → free constrained coordinates, by our AD. */
export function jacobianLogDeterminant(transform: Transform, shape: Shape, y: Value, free: (value: Value) => Value): number {
  const J = primal(jacobian((u) => free(transform.forward(u, shape).value))(y));
  if (typeof J === 'number') return Math.log(Math.abs(J));
  const n = J.shape[0]!;
  expect(J.shape, 'the free coordinates must be as many as the unconstrained ones').toEqual([n, n]);
  return logAbsDeterminant(J.data, n);
}

/** Number of tape nodes one forward call records: independent of the size when vectorised. */
export function tapeNodes(transform: Transform, shape: Shape): number {
  const trace = new Trace('reverse', add);
  const size = transform.unconstrainedSize(shape);
  const leaf = trace.leaf(unconstrainedInput(transform, shape, normalVector(size, 1).data));
  transform.forward(leaf, shape);
  trace.closed = true;
  return trace.tape.length;
}

/** Throws unless each row (last axis, of `length`) increases; `strict` false allows ties. */
export const increasing = (length: number) => (x: Primal, strict: boolean): void => {
  const data = dataOf(x);
  for (let base = 0; base < data.length; base += length) {
    for (let k = 1; k < length; k++) {
      const [previous, current] = [data[base + k - 1]!, data[base + k]!];
      expect(strict ? current > previous : current >= previous, `entries ${base + k - 1}, ${base + k}: ${previous}, ${current}`).toBe(true);
    }
  }
};

export interface TransformCase {
  readonly transform: Transform;
  readonly shape: Shape;
  /** The constrained coordinates the unconstrained ones map onto one to one. */
  readonly free: (value: Value) => Value;
  /** Throws unless x is in the set; `strict` false allows the boundary (extreme inputs). */
  readonly satisfies: (x: Primal, strict: boolean) => void;
  /** Constrained values to round-trip through inverse then forward. */
  readonly examples?: readonly Primal[];
  /** Standard deviation of the random unconstrained points (default 1.5). */
  readonly scale?: number;
}

const SEEDS = [11, 12, 13];

/** The shared suite for one transform at one shape. */
export function describeTransform(label: string, c: TransformCase): void {
  const { transform, shape, free, satisfies } = c;
  const size = transform.unconstrainedSize(shape);
  const point = (seed: number): Value => unconstrainedInput(transform, shape, normalVector(size, seed, c.scale ?? 1.5).data);

  describe(`${label}: shape [${shape.join(', ')}]`, () => {
    it('maps random points into the set, and inverse(forward(y)) = y', () => {
      for (const seed of SEEDS) {
        const y = point(seed);
        const { value, logAbsDetJacobian } = transform.forward(y, shape);
        expect(dataOf(value).length).toBe(shape.reduce((a, b) => a * b, 1));
        satisfies(primal(value), true);
        expect(Number.isFinite(primal(logAbsDetJacobian) as number)).toBe(true);
        expectClose(transform.inverse(primal(value), shape), dataOf(y), 1e-9, `${label} inverse(forward(y))`);
      }
    });

    it('forward(inverse(x)) = x for constrained values', () => {
      const examples = c.examples ?? [primal(transform.forward(point(99), shape).value)];
      for (const x of examples) {
        const y = transform.inverse(x, shape);
        expect(y.length).toBe(size);
        const back = transform.forward(unconstrainedInput(transform, shape, y), shape).value;
        expectClose(dataOf(back), dataOf(x), 1e-12, `${label} forward(inverse(x))`);
      }
    });

    it('log|det J| equals the log-determinant of the AD Jacobian onto the free coordinates', () => {
      for (const seed of SEEDS) {
        const y = point(seed);
        const expected = jacobianLogDeterminant(transform, shape, y, free);
        const actual = primal(transform.forward(y, shape).logAbsDetJacobian) as number;
        expect(Math.abs(actual - expected)).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected)));
      }
    });

    it('differentiates (value and log|J|) in agreement with finite differences', () => {
      const weights = normalVector(shape.reduce((a, b) => a * b, 1), 5);
      const objective = (u: Value): Value => {
        const { value, logAbsDetJacobian } = transform.forward(u, shape);
        return add(sum(mul(flatten(value), weights)), logAbsDetJacobian);
      };
      for (const seed of SEEDS.slice(0, 2)) {
        expect(checkGrad(objective, point(seed), { order: size <= 6 ? 2 : 1 })).toBeLessThan(1e-6);
      }
    });

    it('gives no NaN at extreme inputs (y = ±50)', () => {
      const patterns = [(): number => 50, (): number => -50, (i: number): number => (i % 2 === 0 ? 50 : -50)];
      for (const pattern of patterns) {
        const y = unconstrainedInput(transform, shape, Float64Array.from({ length: size }, (_, i) => pattern(i)));
        const objective = (u: Value): Value => {
          const { value, logAbsDetJacobian } = transform.forward(u, shape);
          return add(sum(flatten(value)), logAbsDetJacobian);
        };
        const { value, logAbsDetJacobian } = transform.forward(y, shape);
        expect(dataOf(value).every((v) => !Number.isNaN(v))).toBe(true);
        expect(Number.isFinite(primal(logAbsDetJacobian) as number)).toBe(true);
        satisfies(primal(value), false);
        const gradient = dataOf(jacobian(objective)(y));
        expect(gradient.every((v) => !Number.isNaN(v))).toBe(true);
      }
    });
  });
}
