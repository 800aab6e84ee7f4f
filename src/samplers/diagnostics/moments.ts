/**
 * Mean and sample variance of a plain array, two-pass with a correction term (as R's
 * `mean`), so that sums of thousands of draws keep their last digits.
 */

export function meanOf(values: ArrayLike<number>): number {
  const count = values.length;
  let sum = 0;
  for (let index = 0; index < count; index += 1) sum += values[index]!;
  const first = sum / count;
  if (!Number.isFinite(first)) return first;
  // Second pass: the mean of the residuals corrects the rounding of the first sum.
  let residual = 0;
  for (let index = 0; index < count; index += 1) residual += values[index]! - first;
  return first + residual / count;
}

/** Sample variance with the n - 1 denominator (R's `var`); NaN for fewer than two values. */
export function varianceOf(values: ArrayLike<number>): number {
  const count = values.length;
  if (count < 2) return NaN;
  const mean = meanOf(values);
  let sumSquares = 0;
  for (let index = 0; index < count; index += 1) {
    const deviation = values[index]! - mean;
    sumSquares += deviation * deviation;
  }
  return sumSquares / (count - 1);
}
