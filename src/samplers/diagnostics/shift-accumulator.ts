import type { ImportanceShift } from './importance-shift.js';

/**
 * The importance shifts of importance-shift.ts computed from draws that arrive one at a time
 * and are not kept (the 10,000 draws of an approximation check of a large model do not fit
 * in memory at once). With a_s = (w_s − 1/S)² and values centred at a reference c (the kept
 * draws' means, so that sums of squares do not cancel), every quantity of the shift is a
 * function of the sums Σ y, Σ y², Σ w y, Σ a, Σ a y, Σ a y² of y = x − c:
 *
 *   mean = c + Σy/S,   sd² = (Σy² − (Σy)²/S) / (S − 1),   x̄_w = c + Σwy,
 *   Σ a (x − x̄_w)² = Σay² − 2 m Σay + m² Σa,   m = x̄_w − c.
 */

export interface ShiftAccumulator {
  readonly count: number;
  readonly centre: Float64Array;
  readonly sum: Float64Array;
  readonly sumSquares: Float64Array;
  readonly weighted: Float64Array;
  readonly sumA: number;
  readonly aWeighted: Float64Array;
  readonly aSquares: Float64Array;
}

/** An empty accumulator for quantities centred at `centre`. */
export function startShifts(centre: Float64Array): ShiftAccumulator {
  const zeros = (): Float64Array => new Float64Array(centre.length);
  return { count: 0, centre, sum: zeros(), sumSquares: zeros(), weighted: zeros(), sumA: 0, aWeighted: zeros(), aSquares: zeros() };
}

/**
 * Adds one draw's `values` with its normalised weight; `total` is the number of draws S.
 * The accumulator's arrays are updated in place (it is local to one check) and the counts
 * returned in a new value.
 */
export function addDraw(accumulator: ShiftAccumulator, values: ArrayLike<number>, weight: number, total: number): ShiftAccumulator {
  const a = (weight - 1 / total) ** 2;
  const { centre, sum, sumSquares, weighted, aWeighted, aSquares } = accumulator;
  for (let q = 0; q < centre.length; q++) {
    const y = values[q]! - centre[q]!;
    sum[q]! += y;
    sumSquares[q]! += y * y;
    weighted[q]! += weight * y;
    aWeighted[q]! += a * y;
    aSquares[q]! += a * y * y;
  }
  return { ...accumulator, count: accumulator.count + 1, sumA: accumulator.sumA + a };
}

/** The shift of every quantity (unfiltered: see materialShifts). */
export function finishShifts(accumulator: ShiftAccumulator, names: readonly string[]): ImportanceShift[] {
  const { count, centre, sum, sumSquares, weighted, sumA, aWeighted, aSquares } = accumulator;
  return names.map((name, q) => {
    const mean = centre[q]! + sum[q]! / count;
    const sd = Math.sqrt(Math.max(0, sumSquares[q]! - sum[q]! ** 2 / count) / Math.max(1, count - 1));
    const m = weighted[q]!;
    const weightedMean = centre[q]! + m;
    const differenceVariance = Math.max(0, aSquares[q]! - 2 * m * aWeighted[q]! + m * m * sumA);
    const difference = weightedMean - mean;
    return { name, mean, sd, weightedMean, shiftInSd: sd > 0 ? difference / sd : 0, z: Math.abs(difference) / Math.sqrt(differenceVariance) };
  });
}
