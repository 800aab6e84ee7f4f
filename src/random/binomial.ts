import { logBinomialPmf } from './log-pmf.js';
import type { Rng } from './rng.js';

// Binomial variates: BTRS, the transformed rejection with squeeze of Hörmann (1993, "The
// generation of binomial random variates", J. Stat. Comput. Simul. 46:101–110), when
// n·min(p, 1 − p) ≥ 10 — a bounded expected number of uniforms (about 2.3) however large n
// is — and otherwise inversion by sequential search from 0 (BINV of Kachitvichyanukul &
// Schmeiser 1988, "Binomial random variate generation", CACM 31(2)), which takes about
// n·p + 1 steps. p > ½ is drawn as n − binomial(n, 1 − p), as both methods assume p ≤ ½.

/** Where BTRS takes over from inversion (Hörmann's condition n·p ≥ 10). */
const BTRS_THRESHOLD = 10;
/** Counts are exact integers below 2^53. */
const MAX_TRIALS = 2 ** 53;

/** Inversion from 0: P(0) = q^n, P(k)/P(k − 1) = ((n + 1)/k − 1)·p/q. n·p < 10. */
function binomialInversion(rng: Rng, n: number, p: number, q: number): number {
  const ratio = p / q;
  const first = Math.exp(n * Math.log1p(-p));
  // Past min(n, 110) only rounding of the running sum can remain (P(K > 110) < 1e−60 for
  // n·p < 10): draw again, as BINV does.
  const limit = Math.min(n, 110);
  for (;;) {
    let u = rng.uniform();
    let mass = first;
    for (let k = 0; k <= limit; k++) {
      if (u < mass) return k;
      u -= mass;
      mass *= ((n + 1) / (k + 1) - 1) * ratio;
    }
  }
}

/** Hörmann's BTRS for p ≤ ½ and n·p ≥ 10 (his step numbers in the comments). */
function btrs(rng: Rng, n: number, p: number, q: number): number {
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const mode = Math.floor((n + 1) * p);
  const logAtMode = logBinomialPmf(mode, n, p, q);
  for (;;) {
    // 1: a point of the transformed hat.
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    // 2: the squeeze, which holds for most draws.
    if (us >= 0.07 && v <= vr) return k;
    // 3: outside the support.
    if (k < 0 || k > n) continue;
    // 4: the exact test, log(v·α/(a/us² + b)) ≤ log f(k) − log f(mode).
    if (Math.log((v * alpha) / (a / (us * us) + b)) <= logBinomialPmf(k, n, p, q) - logAtMode) return k;
  }
}

/** binomial(n, p): the number of successes in n independent trials of probability p. */
export function drawBinomial(rng: Rng, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0 || n >= MAX_TRIALS) throw new Error(`drawBinomial: n is ${n}, but must be an integer in [0, 2^53)`);
  if (!(p >= 0 && p <= 1)) throw new Error(`drawBinomial: p is ${p}, but must be in [0, 1]`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - drawBinomial(rng, n, 1 - p);
  const q = 1 - p;
  return n * p < BTRS_THRESHOLD ? binomialInversion(rng, n, p, q) : btrs(rng, n, p, q);
}
