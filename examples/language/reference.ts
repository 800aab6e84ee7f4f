import erfc from '@stdlib/math-base-special-erfc';
import gammaln from '@stdlib/math-base-special-gammaln';

// References for the modelling-language examples, written with plain numbers from the
// models' mathematics (not with leapfrog's ops): the conjugate posterior of the grouped
// Dirichlet–multinomial, and the truncated-normal and Student-t location posteriors by
// quadrature.

export interface Moments {
  readonly mean: number;
  readonly sd: number;
}

export interface GroupsData {
  readonly G: number;
  readonly K: number;
  readonly alpha: readonly number[];
  readonly y: readonly (readonly number[])[];
}

/** log Dirichlet(theta | a). */
export function dirichletLogDensity(theta: readonly number[], a: readonly number[]): number {
  const total = a.reduce((s, v) => s + v, 0);
  let out = gammaln(total);
  a.forEach((ak, k) => (out += (ak - 1) * Math.log(theta[k]!) - gammaln(ak)));
  return out;
}

/**
 * theta[g] | y ~ Dirichlet(alpha + y[g]) (conjugacy): theta[g, k] has mean a_k / A and
 * variance a_k (A − a_k) / (A² (A + 1)), A = Σ_k a_k. Keyed by Stan's names (theta[g,k]).
 */
export function groupsPosterior(data: GroupsData): Record<string, Moments> {
  const out: Record<string, Moments> = {};
  data.y.forEach((row, g) => {
    const a = row.map((count, k) => data.alpha[k]! + count);
    const A = a.reduce((s, v) => s + v, 0);
    a.forEach((ak, k) => (out[`theta[${g + 1},${k + 1}]`] = { mean: ak / A, sd: Math.sqrt((ak * (A - ak)) / (A * A * (A + 1))) }));
  });
  return out;
}

export interface TruncatedData {
  readonly N: number;
  readonly L: number;
  readonly U: number;
  readonly y: readonly number[];
}

/** Σ y and Σ y². */
export function sufficientStatistics(data: TruncatedData): { readonly sum: number; readonly sumOfSquares: number } {
  let [sum, sumOfSquares] = [0, 0];
  for (const v of data.y) {
    sum += v;
    sumOfSquares += v * v;
  }
  return { sum, sumOfSquares };
}

const Phi = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);

/**
 * log p(mu, sigma, y) of the truncated-normal example: mu ~ normal(0, 5), sigma ~
 * lognormal(0, 1), y[n] ~ normal(mu, sigma) T[L, U] (each term divided by the mass
 * Φ((U − μ)/σ) − Φ((L − μ)/σ)), all constants kept.
 */
export function truncatedLogPosterior(data: TruncatedData, mu: number, sigma: number, stats = sufficientStatistics(data)): number {
  const halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
  let out = -0.5 * (mu / 5) ** 2 - Math.log(5) - halfLog2Pi;
  out += -0.5 * Math.log(sigma) ** 2 - Math.log(sigma) - halfLog2Pi;
  const [a, b] = [(data.L - mu) / sigma, (data.U - mu) / sigma];
  // Above the mean, the mass from the upper tails (Φ(−a) − Φ(−b)), where Φ(b) − Φ(a) would cancel to 0.
  const logMass = Math.log(a > 0 ? Phi(-a) - Phi(-b) : Phi(b) - Phi(a));
  // Far out (|a| > 38) the mass underflows to 0, where the data are impossible to double precision.
  if (logMass === -Infinity) return -Infinity;
  // Σ_n (y_n − μ)² from the sufficient statistics, so that each grid cell costs O(1).
  const squares = stats.sumOfSquares - 2 * mu * stats.sum + data.N * mu * mu;
  return out - (0.5 * squares) / (sigma * sigma) - data.N * (Math.log(sigma) + halfLog2Pi + logMass);
}

/**
 * Posterior means and sds of mu and sigma by the midpoint rule on a grid over (mu, log
 * sigma) (1000 × 1000 cells over μ ∈ (−5, 10), log σ ∈ (−3, 3), wide enough that the density at the edges is below e^−20 of its
 * peak; the integrand is smooth, so the rule's error is far below any Monte Carlo error).
 */
export function truncatedPosterior(data: TruncatedData): Record<'mu' | 'sigma', Moments> {
  const [muLow, muHigh, logLow, logHigh, cells] = [-5, 10, -3, 3, 1000];
  const stats = sufficientStatistics(data);
  const logDensities: number[] = [];
  let peak = -Infinity;
  for (let i = 0; i < cells; i++) {
    for (let j = 0; j < cells; j++) {
      const mu = muLow + ((i + 0.5) * (muHigh - muLow)) / cells;
      const logSigma = logLow + ((j + 0.5) * (logHigh - logLow)) / cells;
      // The density of (mu, log sigma) is that of (mu, sigma) times sigma.
      const value = truncatedLogPosterior(data, mu, Math.exp(logSigma), stats) + logSigma;
      logDensities.push(value);
      peak = Math.max(peak, value);
    }
  }
  const sums = { w: 0, mu: 0, mu2: 0, sigma: 0, sigma2: 0, edge: -Infinity };
  for (let i = 0; i < cells; i++) {
    for (let j = 0; j < cells; j++) {
      const value = logDensities[i * cells + j]!;
      if (i === 0 || j === 0 || i === cells - 1 || j === cells - 1) sums.edge = Math.max(sums.edge, value - peak);
      const w = Math.exp(value - peak);
      const mu = muLow + ((i + 0.5) * (muHigh - muLow)) / cells;
      const sigma = Math.exp(logLow + ((j + 0.5) * (logHigh - logLow)) / cells);
      sums.w += w;
      sums.mu += w * mu;
      sums.mu2 += w * mu * mu;
      sums.sigma += w * sigma;
      sums.sigma2 += w * sigma * sigma;
    }
  }
  if (!(sums.edge < -20)) throw new Error(`truncatedPosterior: the grid is too narrow (density at its edge e^${sums.edge.toFixed(1)} of the peak)`);
  const moments = (first: number, second: number): Moments => {
    const mean = first / sums.w;
    return { mean, sd: Math.sqrt(second / sums.w - mean * mean) };
  };
  return { mu: moments(sums.mu, sums.mu2), sigma: moments(sums.sigma, sums.sigma2) };
}

export interface StudentLocationData {
  readonly N: number;
  readonly y: readonly number[];
  readonly nu: number;
  readonly s: number;
}

/**
 * log p(mu, y) of the user-defined-density example: mu ~ normal(0, 10), each y[n] ~
 * Student-t(nu) with location mu and scale s, all constants kept.
 */
export function studentLocationLogPosterior(data: StudentLocationData, mu: number): number {
  const { nu, s } = data;
  let out = -0.5 * (mu / 10) ** 2 - Math.log(10) - 0.5 * Math.log(2 * Math.PI);
  const constant = gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(s);
  for (const v of data.y) out += constant - ((nu + 1) / 2) * Math.log1p(((v - mu) / s) ** 2 / nu);
  return out;
}

/**
 * Posterior mean and sd of mu by the midpoint rule on 20,000 cells over (−10, 10), wide
 * enough that the density at the edges is below e^−20 of its peak.
 */
export function studentLocationPosterior(data: StudentLocationData): Record<'mu', Moments> {
  const [low, high, cells] = [-10, 10, 20000];
  const mus = Array.from({ length: cells }, (_, i) => low + ((i + 0.5) * (high - low)) / cells);
  const logDensities = mus.map((mu) => studentLocationLogPosterior(data, mu));
  const peak = Math.max(...logDensities);
  const edge = Math.max(logDensities[0]!, logDensities[cells - 1]!) - peak;
  if (!(edge < -20)) throw new Error(`studentLocationPosterior: the grid is too narrow (density at its edge e^${edge.toFixed(1)} of the peak)`);
  let [w, first, second] = [0, 0, 0];
  mus.forEach((mu, i) => {
    const weight = Math.exp(logDensities[i]! - peak);
    w += weight;
    first += weight * mu;
    second += weight * mu * mu;
  });
  const mean = first / w;
  return { mu: { mean, sd: Math.sqrt(second / w - mean * mean) } };
}
