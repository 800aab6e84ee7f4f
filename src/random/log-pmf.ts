// Binomial and Poisson log probabilities accurate to an absolute ~1e−14 for counts of any
// size, for the acceptance tests of the binomial and Poisson rejection samplers (Loader
// 2000, "Fast and accurate computation of binomial probabilities"): written as Stirling's
// formula plus its error term (stirlerr) and the deviance term bd0, so nothing subtracts
// two numbers of size n·log n. log Γ differences would lose |log f| to cancellation when
// n is large (1e−3 absolute at n = 1e12) and bias the rejection step.

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** Below this, stirlerr comes from the table; above, from the series (Loader: 15). */
const TABLE_LIMIT = 15;

/**
 * stirlerr(n) = log n! − [(n + ½) log n − n + ½ log 2π] for n = 1..15, from the exact
 * factorials (all below 2^53): the series converges slowly there.
 */
const STIRLERR_TABLE = ((): Float64Array => {
  const table = new Float64Array(TABLE_LIMIT + 1);
  let factorial = 1;
  for (let n = 1; n <= TABLE_LIMIT; n++) {
    factorial *= n;
    table[n] = Math.log(factorial) - ((n + 0.5) * Math.log(n) - n + HALF_LOG_TWO_PI);
  }
  return table;
})();

/** Stirling's error term for an integer n ≥ 1 (the asymptotic series beyond 15). */
export function stirlerr(n: number): number {
  if (n <= TABLE_LIMIT) return STIRLERR_TABLE[n]!;
  const n2 = 1 / (n * n);
  // 1/12n − 1/360n³ + 1/1260n⁵ − 1/1680n⁷ + 1/1188n⁹
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - n2 / 1188) * n2) * n2) * n2) / n;
}

/**
 * bd0(x, m) = x log(x/m) + m − x ≥ 0, the deviance of x from m. When x is near m it is
 * summed as (x − m)·v + 2x Σ_{j≥1} v^{2j+1}/(2j + 1) with v = (x − m)/(x + m) (from
 * log(x/m) = log((1 + v)/(1 − v))), free of the cancellation in x log(x/m) − (x − m).
 */
export function bd0(x: number, m: number): number {
  const difference = x - m;
  if (Math.abs(difference) < 0.1 * (x + m)) {
    const v = difference / (x + m);
    const v2 = v * v;
    let sum = difference * v;
    let term = 2 * x * v;
    for (let j = 1; j < 1000; j++) {
      term *= v2;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}

/** log P(K = k) for K ~ binomial(n, p), integer 0 ≤ k ≤ n, with q = 1 − p given exactly. */
export function logBinomialPmf(k: number, n: number, p: number, q: number): number {
  if (k === 0) return n * Math.log(q);
  if (k === n) return n * Math.log(p);
  const lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, n * p) - bd0(n - k, n * q);
  return lc - 0.5 * (Math.log(2 * Math.PI) + Math.log(k) + Math.log1p(-k / n));
}

/** log P(K = k) for K ~ Poisson(mean), integer k ≥ 0. */
export function logPoissonPmf(k: number, mean: number): number {
  if (k === 0) return -mean;
  return -stirlerr(k) - bd0(k, mean) - 0.5 * Math.log(2 * Math.PI * k);
}
