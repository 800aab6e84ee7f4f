import fc from 'fast-check';
import { Tensor, type Shape, type Value } from '../../src/ad/index.js';

// fast-check arbitraries for the domains of leapfrog's ops, and one way to run a
// property: a fixed seed (reproducible failures, no flaky CI) and a small number of runs.

export const SEED = 20240611;

/** Runs `check` on `numRuns` values drawn from `arbitrary` with the suite's fixed seed. */
export function forAll<T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => void, numRuns = 25): void {
  fc.assert(
    fc.property(arbitrary, (value) => {
      check(value);
    }),
    { seed: SEED, numRuns },
  );
}

/** A finite number in [min, max]. */
export function between(min: number, max: number): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** A number with |x| in [min, max], either sign: for kinks and poles at 0 (abs, 1/x). */
export function awayFromZero(min: number, max: number): fc.Arbitrary<number> {
  return fc.tuple(between(min, max), fc.boolean()).map(([x, negative]) => (negative ? -x : x));
}

/** A value of `shape` (a number for []) with elements drawn from `element`. */
export function valueOf(shape: Shape, element: fc.Arbitrary<number>): fc.Arbitrary<Value> {
  const size = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 0) return element;
  return fc
    .array(element, { minLength: size, maxLength: size })
    .map((values) => new Tensor(Float64Array.from(values), shape));
}

/**
 * Runs per property: 25 for scalar inputs; 10 for tensors, where one run already checks
 * every element (and the second-order check costs a pass per element).
 */
export function runsFor(...shapes: Shape[]): number {
  return shapes.every((s) => s.length === 0) ? 25 : 10;
}

/** The shapes every elementwise op is checked on: a scalar, a vector and a matrix. */
export const ELEMENTWISE_SHAPES: readonly Shape[] = [[], [3], [2, 2]];

/**
 * Pairs of argument shapes for broadcasting binary ops: equal shapes, scalar × tensor,
 * tensor × scalar, a column against a row ([m,1] × [1,n]), and a trailing-axis vector.
 */
export const BROADCAST_PAIRS: readonly (readonly [Shape, Shape])[] = [
  [[], []],
  [[3], [3]],
  [[], [2, 3]],
  [[2, 3], []],
  [[2, 1], [1, 3]],
  [[2, 3], [3]],
  // Last axes of 16 or more take the row-at-a-time broadcasting loops.
  [[2, 1], [1, 17]],
  [[2, 17], [17]],
  [[2, 3, 17], [3, 1]],
];

/**
 * A tensor of distinct elements at least `gap` apart, in shuffled order, so max/min have
 * no ties within a finite-difference step: a start, positive increments, a permutation.
 */
export function distinctValuesOf(shape: Shape, gap = 0.05): fc.Arbitrary<Tensor> {
  const size = shape.reduce((a, b) => a * b, 1);
  const positions = Array.from({ length: size }, (_, i) => i);
  return fc
    .tuple(
      between(-3, 0),
      fc.array(between(gap, 1), { minLength: size, maxLength: size }),
      fc.shuffledSubarray(positions, { minLength: size, maxLength: size }),
    )
    .map(([start, increments, order]) => {
      const data = new Float64Array(size);
      let value = start;
      order.forEach((position, k) => {
        value += k === 0 ? 0 : increments[k]!;
        data[position] = value;
      });
      return new Tensor(data, shape);
    });
}

/**
 * Element arbitraries for the two arguments of maximum/minimum that never come within
 * 0.05 of each other (no ties, the kink): `first` near the integers −3..3, `second` near
 * the half-integers between them.
 */
export const untied = {
  first: fc.tuple(fc.integer({ min: -3, max: 3 }), between(-0.4, 0.4)).map(([k, u]) => k + u),
  second: fc.tuple(fc.integer({ min: -3, max: 2 }), between(-0.05, 0.05)).map(([k, v]) => k + 0.5 + v),
};
