import { drawBinomial } from './binomial.js';
import type { Rng } from './rng.js';

// Draws over finitely many categories, given their probabilities (summing to 1 up to
// rounding): inversion by sequential search (Devroye 1986, section III.2), and multinomial
// counts as a chain of conditional binomials (Devroye 1986, section XI.1).

/**
 * A category index in [0, K) with P(k) = probabilities[k]: the first k whose cumulative
 * probability exceeds U. When rounding leaves U above the whole sum, the last category of
 * positive probability is taken, never one of probability 0.
 */
export function drawCategorical(rng: Rng, probabilities: ArrayLike<number>): number {
  let u = rng.uniform();
  let last = -1;
  for (let k = 0; k < probabilities.length; k++) {
    const p = probabilities[k]!;
    if (p <= 0) continue;
    last = k;
    u -= p;
    if (u < 0) return k;
  }
  if (last < 0) throw new Error('drawCategorical: no category has positive probability');
  return last;
}

/**
 * multinomial(n, probabilities) counts into out (same length): y_k ~ binomial(n − Σ_{j<k} y_j,
 * p_k / Σ_{j≥k} p_j). The tail sums Σ_{j≥k} p_j are summed from the end, not left over from
 * subtracting, so late small shares do not drift with rounding. Returns out.
 */
export function drawMultinomial(rng: Rng, n: number, probabilities: ArrayLike<number>, out: Float64Array): Float64Array {
  const size = probabilities.length;
  if (out.length !== size) throw new Error(`drawMultinomial: out has length ${out.length}, but probabilities has ${size}`);
  // out holds the tail sums until each count replaces its entry.
  let tail = 0;
  for (let k = size - 1; k >= 0; k--) {
    tail += Math.max(probabilities[k]!, 0);
    out[k] = tail;
  }
  let remaining = n;
  for (let k = 0; k < size; k++) {
    const mass = out[k]!;
    const share = k === size - 1 ? 1 : mass > 0 ? Math.min(1, Math.max(probabilities[k]!, 0) / mass) : 0;
    const y = remaining === 0 ? 0 : drawBinomial(rng, remaining, share);
    out[k] = y;
    remaining -= y;
  }
  return out;
}
