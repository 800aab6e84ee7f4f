import { autocovariances } from './autocovariance.js';
import {
  checkChains,
  isUndiagnosable,
  mapDraws,
  poolChains,
  splitChains,
  type Chains,
} from './chains.js';
import { meanOf, varianceOf } from './moments.js';
import { quantileOfSorted, sortedCopy } from './quantile.js';
import { rankNormalize } from './rank-normalize.js';

/**
 * Effective sample sizes (Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021, "Rank-
 * normalization, folding, and localization: an improved R-hat", section 3.2),
 * computed as Stan's `compute_effective_sample_size` and the R package posterior 1.4.0's
 * `ess_*` functions, whose numbers the tests reproduce.
 */

/** The last lag summed directly before the FFT takes over (see essOfChains). */
const DIRECT_LAGS = 40;

/**
 * ESS of draws taken as they are (no splitting), posterior's internal `.ess`:
 *   S_eff = N M / τ̂,  τ̂ = -1 + 2 Σ_{t=0}^{2k+1} ρ̂_t,
 * with the multi-chain autocorrelation ρ̂_t = 1 - (W - mean_m γ̂_{t,m}) / var⁺,
 * W the mean within-chain variance and var⁺ = (N-1)/N W + B/N. The sum is cut by
 * Geyer's (1992) initial positive sequence (pairs ρ̂_{2t} + ρ̂_{2t+1} while positive) and
 * made monotone (initial monotone sequence). posterior's improvement for antithetic chains
 * adds the last positive even-lag ρ̂ once more, and τ̂ is kept ≥ 1/log10(NM), capping
 * S_eff at NM log10(NM). NaN for fewer than 3 draws per chain or undiagnosable draws.
 * `directLags` (tests): the last lag summed directly before the FFT takes over.
 */
export function essOfChains(chains: Chains, directLags: number = DIRECT_LAGS): number {
  const numChains = chains.length;
  const numDraws = chains[0]!.length;
  if (numDraws < 3 || isUndiagnosable(chains)) return NaN;
  const variances = chains.map((chain) => varianceOf(chain));
  const betweenVariance = numChains > 1 ? varianceOf(chains.map((chain) => meanOf(chain))) : 0;
  // Lag 0 is the two-pass variance (n-1)/n var(x) exactly, as posterior rescales it.
  const lagZero = variances.reduce((total, variance) => total + (variance > 0 ? (variance * (numDraws - 1)) / numDraws : 0) / numChains, 0);
  // Geyer's scan usually stops within a few lags: those are summed directly (a few passes
  // over the draws, where the FFT transforms every lag of every chain; in a summary of many
  // quantities the FFTs were most of the time). A scan that goes past DIRECT_LAGS is redone
  // over every lag from the FFT, as before.
  const direct = new DirectAutocovariance(chains, variances, lagZero);
  const fromDirect = essFromAutocovariance((lag) => direct.at(lag), lagZero, betweenVariance, numChains, numDraws, directLags);
  if (fromDirect !== null) return fromDirect;
  const meanAutocovariance = new Float64Array(numDraws);
  for (const autocovariance of autocovariances(chains)) {
    for (let lag = 0; lag < numDraws; lag += 1) meanAutocovariance[lag]! += autocovariance[lag]! / numChains;
  }
  return essFromAutocovariance((lag) => meanAutocovariance[lag]!, meanAutocovariance[0]!, betweenVariance, numChains, numDraws, numDraws)!;
}

/**
 * The mean over chains of the biased autocovariances γ̂_t = (1/n) Σ_{i=1}^{n-t} (x_i - x̄)(x_{i+t} - x̄),
 * each lag summed when asked for (Geyer's scan asks for each once). A constant chain
 * contributes zeros, as the FFT path.
 */
class DirectAutocovariance {
  private readonly centered: Float64Array[];
  private readonly numChains: number;

  constructor(
    chains: Chains,
    variances: readonly number[],
    private readonly lagZero: number,
  ) {
    this.centered = [];
    chains.forEach((chain, index) => {
      if (!(variances[index]! > 0)) return;
      const mean = meanOf(chain);
      const centered = new Float64Array(chain.length);
      for (let i = 0; i < chain.length; i++) centered[i] = chain[i]! - mean;
      this.centered.push(centered);
    });
    this.numChains = chains.length;
  }

  at(lag: number): number {
    if (lag === 0) return this.lagZero;
    let total = 0;
    for (const centered of this.centered) {
      const n = centered.length;
      let sum = 0;
      for (let i = 0; i + lag < n; i++) sum += centered[i]! * centered[i + lag]!;
      total += sum / n / this.numChains;
    }
    return total;
  }
}

/**
 * S_eff from the mean autocovariance (see essOfChains), or null if Geyer's scan would need a
 * lag beyond `maxLag`.
 */
function essFromAutocovariance(
  meanAutocovarianceAt: (lag: number) => number,
  lagZero: number,
  betweenVariance: number,
  numChains: number,
  numDraws: number,
  maxLag: number,
): number | null {
  const withinVariance = (lagZero * numDraws) / (numDraws - 1);
  const pooledVariance = (withinVariance * (numDraws - 1)) / numDraws + betweenVariance;
  const autocorrelationAt = (lag: number): number => 1 - (withinVariance - meanAutocovarianceAt(lag)) / pooledVariance;
  const autocorrelation = initialPositiveSequence(autocorrelationAt, numDraws, maxLag);
  if (autocorrelation === null) return null;
  makeMonotone(autocorrelation.values, autocorrelation.lastLag);
  const { values, lastLag } = autocorrelation;
  // posterior sums rho[1:max_t] in R; with max_t = 0 that index range is c(1, 0), i.e. rho[1].
  let sum = values[0]!;
  for (let lag = 1; lag < lastLag; lag += 1) sum += values[lag]!;
  const totalDraws = numChains * numDraws;
  const autocorrelationTime = Math.max(-1 + 2 * sum + values[lastLag]!, 1 / Math.log10(totalDraws));
  return totalDraws / autocorrelationTime;
}

/**
 * Geyer's initial positive sequence: autocorrelations in pairs (even, odd lag) while the
 * pair sums are positive. Returns the kept values (zeros beyond) and `lastLag`, the even lag
 * where the scan stopped; the even autocorrelation there is kept if positive (posterior's
 * antithetic improvement). Null if the scan would read a lag beyond `maxLag`.
 */
function initialPositiveSequence(
  autocorrelationAt: (lag: number) => number,
  numDraws: number,
  maxLag: number,
): { values: Float64Array; lastLag: number } | null {
  const values = new Float64Array(numDraws);
  let lag = 0;
  let even = 1;
  let odd = autocorrelationAt(1);
  values[0] = even;
  values[1] = odd;
  while (lag < numDraws - 5 && !Number.isNaN(even + odd) && even + odd > 0) {
    lag += 2;
    if (lag + 1 > maxLag) return null;
    even = autocorrelationAt(lag);
    odd = autocorrelationAt(lag + 1);
    if (even + odd >= 0) {
      values[lag] = even;
      values[lag + 1] = odd;
    }
  }
  if (even > 0) values[lag] = even;
  return { values, lastLag: lag };
}

/** Geyer's initial monotone sequence: no pair sum may exceed the one before it. */
function makeMonotone(values: Float64Array, lastLag: number): void {
  for (let lag = 2; lag <= lastLag - 2; lag += 2) {
    const previousPair = values[lag - 2]! + values[lag - 1]!;
    if (values[lag]! + values[lag + 1]! > previousPair) {
      values[lag] = previousPair / 2;
      values[lag + 1] = values[lag]!;
    }
  }
}

/** Options of the basic diagnostics: split chains in halves first (default true). */
export interface SplitOptions {
  readonly split?: boolean;
}

/** Basic (split) ESS of the draws themselves, posterior's `ess_basic`. */
export function essBasic(chains: Chains, options: SplitOptions = {}): number {
  checkChains('essBasic', chains);
  return essOfChains(options.split === false ? chains : splitChains(chains));
}

/** ESS for the mean, posterior's `ess_mean`: split chains, draws as they are. */
export function essMean(chains: Chains): number {
  checkChains('essMean', chains);
  return essOfChains(splitChains(chains));
}

/**
 * Bulk-ESS (Vehtari et al. 2021, section 4): ESS of the rank-normalised split chains,
 * defined whatever the tails; posterior's `ess_bulk`.
 */
export function essBulk(chains: Chains): number {
  checkChains('essBulk', chains);
  if (isUndiagnosable(chains)) return NaN;
  return essOfChains(rankNormalize(splitChains(chains)));
}

/**
 * ESS for the standard deviation as posterior 1.4.0's `ess_sd`: split ESS of |x - mean|.
 */
export function essSd(chains: Chains): number {
  checkChains('essSd', chains);
  if (isUndiagnosable(chains)) return NaN;
  const mean = meanOf(poolChains(chains));
  return essOfChains(splitChains(mapDraws(chains, (value) => Math.abs(value - mean))));
}

/**
 * ESS of the quantile at `probability` (Vehtari et al. 2021, section 4.3): split ESS of the
 * indicator I(x ≤ q̂), q̂ the type-7 sample quantile. As posterior, probability 1 is moved
 * to (S - 1/2)/S so the indicator is not constant. No checks; see `essQuantile`.
 */
export function essQuantileUnchecked(chains: Chains, probability: number): number {
  if (isUndiagnosable(chains)) return NaN;
  const pooled = poolChains(chains);
  const adjusted = probability === 1 ? (pooled.length - 0.5) / pooled.length : probability;
  const threshold = quantileOfSorted(sortedCopy(pooled), adjusted);
  return essOfChains(splitChains(mapDraws(chains, (value) => (value <= threshold ? 1 : 0))));
}

/** ESS of the quantile at `probability`, posterior's `ess_quantile`. */
export function essQuantile(chains: Chains, probability: number): number {
  checkChains('essQuantile', chains);
  if (!(probability >= 0 && probability <= 1)) {
    throw new Error(`essQuantile: probability is ${probability}, but must be in [0, 1]`);
  }
  return essQuantileUnchecked(chains, probability);
}

/**
 * Tail-ESS (Vehtari et al. 2021, section 4.3): the smaller of the 5% and 95% quantile ESS,
 * posterior's `ess_tail`. NaN if either is NaN (e.g. an indicator that is constant).
 */
export function essTail(chains: Chains): number {
  checkChains('essTail', chains);
  const lower = essQuantileUnchecked(chains, 0.05);
  const upper = essQuantileUnchecked(chains, 0.95);
  return Number.isNaN(lower) || Number.isNaN(upper) ? NaN : Math.min(lower, upper);
}
