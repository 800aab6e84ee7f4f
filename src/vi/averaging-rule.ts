import { essOfChains } from '../samplers/diagnostics/ess.js';
import { varianceOf } from '../samplers/diagnostics/moments.js';

/**
 * When to stop averaging ADVI's iterates: once the Monte Carlo standard error of the average
 * is small next to the approximation's own scale (Dhaka, Catalina, Andersen, Magnusson,
 * Huggins & Vehtari 2020, "Robust, accurate stochastic optimization for variational
 * inference", NeurIPS, section 3: average the stationary iterates, and stop by the MCSE of
 * the average, estimated from the iterates' effective sample size).
 *
 * Here the iterates come in blocks of evalElbo iterations; the block means are a short,
 * autocorrelated series whose ESS (posterior's estimator, essOfChains; at most the number
 * of blocks) gives MCSE_i = sd_b(block mean_i) / sqrt(ESS_i) for each mean coordinate i. The
 * average has settled when max_i MCSE_i / sd_i < tolerance, sd_i the approximation's
 * standard deviation: the means then carry a Monte Carlo error of a few hundredths of a
 * posterior sd rather than the tenths of the last iterate.
 */

export interface AverageSettlement {
  readonly settled: boolean;
  /** max_i MCSE_i / sd_i over the mean coordinates. */
  readonly worstRelativeError: number;
}

/** Fewer blocks give no usable variance and ESS. */
export const MIN_SETTLEMENT_BLOCKS = 5;

export function averageSettlement(blockMeans: readonly Float64Array[], scales: Float64Array, tolerance: number): AverageSettlement {
  const blocks = blockMeans.length;
  if (blocks < MIN_SETTLEMENT_BLOCKS) return { settled: false, worstRelativeError: Infinity };
  let worst = 0;
  for (let i = 0; i < scales.length; i++) {
    const series = Float64Array.from(blockMeans, (mean) => mean[i]!);
    const variance = varianceOf(series);
    if (!(variance > 0)) continue; // a coordinate that did not move has no error
    const ess = Math.min(essOfChains([series]), blocks);
    const mcse = Math.sqrt(variance / (Number.isFinite(ess) && ess > 0 ? ess : 1));
    worst = Math.max(worst, mcse / scales[i]!);
  }
  return { settled: worst < tolerance, worstRelativeError: worst };
}
