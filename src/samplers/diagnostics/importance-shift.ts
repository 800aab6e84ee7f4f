/**
 * How far importance weighting moves an approximation's means (Yao, Vehtari, Simpson &
 * Gelman 2018, "Yes, but did it work?", section 3: the PSIS-weighted estimate corrects the
 * approximation's, and is reliable while k-hat ≤ 0.7). For a quantity x with draws x_s from
 * the approximation and normalised PSIS weights w_s, the shift is
 *
 *   Δ = Σ_s w_s x_s − (1/S) Σ_s x_s,   MCSE(Δ) ≈ sqrt(Σ_s (w_s − 1/S)² (x_s − x̄_w)²),
 *
 * the second being the delta-method error of a difference of two averages over the same draws.
 * A shift is reported when it is both material (above `minShift` of the quantity's sd, as a
 * biased mean) and clear of Monte Carlo noise (above `minZ` of its MCSE): then the
 * approximation's own estimate of that mean is off, even if the tail of the ratios (k-hat)
 * looks harmless.
 */

export interface ImportanceShift {
  readonly name: string;
  /** The approximation's mean and sd of the quantity. */
  readonly mean: number;
  readonly sd: number;
  /** The PSIS-weighted mean. */
  readonly weightedMean: number;
  /** (weightedMean − mean) / sd. */
  readonly shiftInSd: number;
  /** |weightedMean − mean| / MCSE of the difference. */
  readonly z: number;
}

export interface ShiftOptions {
  /** Default 0.1 (posterior sds). */
  readonly minShift?: number;
  /** Default 4, so that a check over many quantities rarely flags noise. */
  readonly minZ?: number;
}

function shiftOf(name: string, values: Float64Array, weights: Float64Array): ImportanceShift {
  const count = values.length;
  let mean = 0;
  let weightedMean = 0;
  for (let s = 0; s < count; s++) {
    mean += values[s]! / count;
    weightedMean += weights[s]! * values[s]!;
  }
  let squares = 0;
  let differenceVariance = 0;
  for (let s = 0; s < count; s++) {
    squares += (values[s]! - mean) ** 2;
    differenceVariance += (weights[s]! - 1 / count) ** 2 * (values[s]! - weightedMean) ** 2;
  }
  const sd = Math.sqrt(squares / Math.max(1, count - 1));
  const difference = weightedMean - mean;
  return { name, mean, sd, weightedMean, shiftInSd: sd > 0 ? difference / sd : 0, z: Math.abs(difference) / Math.sqrt(differenceVariance) };
}

/** The material, significant shifts among `shifts`, largest first (see the file comment). */
export function materialShifts(shifts: readonly ImportanceShift[], options: ShiftOptions = {}): ImportanceShift[] {
  const minShift = options.minShift ?? 0.1;
  const minZ = options.minZ ?? 4;
  return shifts.filter((shift) => Math.abs(shift.shiftInSd) > minShift && shift.z > minZ).sort((a, b) => Math.abs(b.shiftInSd) - Math.abs(a.shiftInSd));
}

/** The material, significant shifts of `quantities` (pooled draws by name), largest first. */
export function importanceShifts(
  names: readonly string[],
  draws: readonly Float64Array[],
  weights: Float64Array,
  options: ShiftOptions = {},
): ImportanceShift[] {
  return materialShifts(names.map((name, q) => shiftOf(name, draws[q]!, weights)), options);
}
