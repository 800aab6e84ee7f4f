import { makeRng } from '../../random/rng.js';

/**
 * A fixed design matrix for the regression SBC models, drawn once from its own seed: SBC
 * conditions on the covariates and simulates only parameters and outcomes.
 *
 * Column k is correlation · (column k−1) + sqrt(1 − correlation²) · noise, shifted by
 * `offset`: correlated and uncentred covariates give correlated posteriors (between the
 * slopes, and between the intercept and the slopes), which is where a mean-field
 * approximation is expected to fail.
 */
export function fixedDesign(rows: number, columns: number, options: { readonly correlation: number; readonly offset: number; readonly seed: number }): number[][] {
  const rng = makeRng(options.seed, 0);
  const scale = Math.sqrt(1 - options.correlation ** 2);
  return Array.from({ length: rows }, () => {
    const row: number[] = [];
    let previous = rng.normal();
    row.push(previous);
    for (let column = 1; column < columns; column++) {
      previous = options.correlation * previous + scale * rng.normal();
      row.push(previous);
    }
    return row.map((value) => value + options.offset);
  });
}

/** X β + α for a design given as rows. */
export function linearPredictor(design: readonly (readonly number[])[], intercept: number, slopes: ArrayLike<number>): Float64Array {
  return Float64Array.from(design, (row) => row.reduce((sum, value, column) => sum + value * slopes[column]!, intercept));
}
