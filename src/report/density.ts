import { columnDraws, type Fit } from '../samplers/run/fit.js';

/**
 * Kernel density estimates for the report's marginal-density plots: a Gaussian kernel with
 * Silverman's rule-of-thumb bandwidth h = 0.9 min(sd, IQR / 1.34) n^(-1/5) (Silverman 1986,
 * "Density Estimation for Statistics and Data Analysis", eq. 3.31), evaluated per chain on
 * one grid per quantity that spans all chains' draws, so that the chains' curves are drawn
 * against the same axis.
 */

export interface DensityRow {
  readonly quantity: string;
  readonly chain: number;
  readonly value: number;
  readonly density: number;
}

function sortedCopy(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

function quantileOfSorted(sorted: Float64Array, probability: number): number {
  const position = probability * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/** Silverman's bandwidth; a small positive fallback for constant draws. */
export function silvermanBandwidth(values: Float64Array): number {
  const count = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / count;
  const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, count - 1));
  const sorted = sortedCopy(values);
  const iqr = quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
  const bandwidth = 0.9 * spread * count ** -0.2;
  return bandwidth > 0 ? bandwidth : Math.max(Math.abs(mean) * 1e-3, 1e-6);
}

/** The Gaussian KDE of `values` at each point of `grid`. */
export function gaussianKde(values: Float64Array, grid: Float64Array, bandwidth: number): Float64Array {
  const normalizer = 1 / (values.length * bandwidth * Math.sqrt(2 * Math.PI));
  return grid.map((point) => {
    let sum = 0;
    for (let i = 0; i < values.length; i++) {
      const z = (point - values[i]!) / bandwidth;
      sum += Math.exp(-0.5 * z * z);
    }
    return sum * normalizer;
  });
}

/** Density curves of each quantity, one per chain, on `steps` grid points. */
export function densityRows(fit: Fit, names: readonly string[], steps: number): DensityRow[] {
  const rows: DensityRow[] = [];
  for (const quantity of names) {
    const chains = columnDraws(fit, quantity).map((chain) => chain.filter(Number.isFinite));
    const bandwidths = chains.map((chain) => (chain.length > 1 ? silvermanBandwidth(chain) : NaN));
    const finite = chains.flatMap((chain) => Array.from(chain));
    if (finite.length === 0) continue;
    // The grid reaches two bandwidths beyond the extreme draws, where the curves have fallen off.
    const reach = 2 * Math.max(...bandwidths.filter(Number.isFinite), 0);
    const low = Math.min(...finite) - reach;
    const high = Math.max(...finite) + reach;
    const grid = Float64Array.from({ length: steps }, (_, step) => low + ((high - low) * step) / (steps - 1));
    chains.forEach((chain, index) => {
      if (!Number.isFinite(bandwidths[index])) return;
      const density = gaussianKde(chain, grid, bandwidths[index]!);
      grid.forEach((value, step) => rows.push({ quantity, chain: index + 1, value, density: density[step]! }));
    });
  }
  return rows;
}
