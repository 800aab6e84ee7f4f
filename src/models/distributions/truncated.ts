import { mul, sub } from '../../ad/ops/arithmetic.js';
import { applyElementwise, elementwiseOp } from '../../ad/ops/elementwise.js';
import { sum } from '../../ad/ops/reduce.js';
import { Tensor, sizeOf } from '../../ad/tensor.js';
import { Box, noteCheckFailed, peek, primal, shapeOf, type Primal, type Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import { interval, lowerBounded, upperBounded, type Constraint } from '../constraints.js';
import { expectValue } from './checks.js';
import type { Distribution } from './distribution.js';
import { log1mExp } from './element-math.js';
import { broadcastAll } from './elementwise.js';
import { guarded } from './guarded.js';
import { ScalarDistributionWithCdf, type CdfElements } from './scalar-family.js';

// Truncation of a distribution to [L, U] (Stan's `y ~ D(...) T[L, U]`), the building block
// the Stan and JSON front ends lower truncated sampling statements to. With Stan's meaning:
//   log p(y) − log(F(U) − F(L))       for L ≤ y ≤ U (−∞ outside),
// F(L) taken at L − 1 for a discrete distribution (so that L itself keeps its mass), and
// one normalising term per element of y. One-sided truncation uses the CCDF (T[L, ]) or the
// CDF (T[, U]) alone; two-sided, log_diff_exp of the log CDFs, or of the log CCDFs when L
// is in the upper half, where 1 − F keeps the digits that F loses.

/** log(F(U) − F(L)) from log F(U), log F(L), log(1 − F(L)), log(1 − F(U)). */
const logMassBetween = elementwiseOp({
  name: 'truncation_log_mass',
  argNames: ['lcdf_upper', 'lcdf_lower', 'lccdf_lower', 'lccdf_upper'],
  value: (e, [cdfU, cdfL, ccdfL, ccdfU]) => {
    const upperHalf = e.gt(cdfL!, -Math.LN2);
    // Each branch reads a stand-in where it is not taken (no 0 · ∞ in its derivative).
    const viaCcdf = e.add(ccdfL!, log1mExp(e, e.select(upperHalf, e.sub(ccdfU!, ccdfL!), -1)));
    const viaCdf = e.add(cdfU!, log1mExp(e, e.select(upperHalf, -1, e.sub(cdfL!, cdfU!))));
    return e.select(upperHalf, viaCcdf, viaCdf);
  },
});

/**
 * `distribution` truncated to [lower, upper]; either bound may be omitted (undefined). The
 * distribution must have a CDF (a scalar family with logCdf: normal, gamma, poisson, ...).
 */
export function truncated(distribution: Distribution, lower?: Value, upper?: Value): Distribution {
  const name = `${distribution.name} truncated`;
  if (!(distribution instanceof ScalarDistributionWithCdf)) {
    throw new Error(`truncated: ${distribution.name} has no CDF in leapfrog, so it cannot be truncated (T[L, U] needs the log CDF or CCDF)`);
  }
  if (lower === undefined && upper === undefined) return distribution;
  if (lower !== undefined) expectValue('truncated', 'lower', lower);
  if (upper !== undefined) expectValue('truncated', 'upper', upper);
  const discrete = distribution.support.kind === 'integer';
  if (lower !== undefined && upper !== undefined) {
    const [l, u] = [primal(lower), primal(upper)];
    if (typeof l === 'number' && typeof u === 'number' && !(l <= u)) throw new Error(`truncated: the upper bound ${u} is below the lower bound ${l}`);
  }
  // The normaliser is evaluated at L − 1 for a discrete distribution: P(Y ≥ L) = 1 − F(L − 1).
  const lowerPoint = lower === undefined ? undefined : discrete ? sub(lower, 1) : lower;
  const base = distribution;

  /** The summed normaliser for values of `shape`, or null when a bound is outside the support. */
  const normaliser = (valueShape: readonly number[]): { term: Value; checks: CdfElements[] } | null => {
    const checks: CdfElements[] = [];
    const take = (x: Value, upperTail: boolean): Value | null => {
      const found = base.cdfElements(x, upperTail);
      if (found === null) return null;
      checks.push(found);
      return found.values;
    };
    let elements: Value | null;
    if (upper === undefined) elements = take(lowerPoint!, true);
    else if (lowerPoint === undefined) elements = take(upper, false);
    else {
      const lowerBelowSupport = discrete && belowSupport(base.support, lowerPoint);
      if (lowerBelowSupport) elements = take(upper, false);
      else {
        const parts = [take(upper, false), take(lowerPoint, false), take(lowerPoint, true), take(upper, true)];
        elements = parts.some((p) => p === null) ? null : applyElementwise(logMassBetween, parts as Value[]);
      }
    }
    if (elements === null) return null;
    // One term per element of y: a normaliser over fewer elements (scalar parameters) repeats.
    const perValue = sizeOf(broadcastAll(name, ['y', 'normaliser'], [valueShape, shapeOf(elements)]));
    const own = sizeOf(shapeOf(elements));
    const total = sum(elements);
    return { term: perValue === own ? total : mul(perValue / own, total), checks };
  };

  const inBounds = (y: Primal): boolean => {
    const data = typeof y === 'number' ? [y] : Array.from(y.data);
    const lo = lower === undefined ? undefined : peek(lower);
    const hi = upper === undefined ? undefined : peek(upper);
    const at = (bound: Primal | undefined, i: number): number | undefined => (bound === undefined ? undefined : typeof bound === 'number' ? bound : bound.data[bound.size === 1 ? 0 : i]);
    return data.every((v, i) => {
      const l = at(lo, i);
      const u = at(hi, i);
      return (l === undefined || v >= l) && (u === undefined || v <= u);
    });
  };

  const support: Constraint =
    lower === undefined ? upperBounded(upper!) : upper === undefined ? lowerBounded(lower) : interval(lower, upper);

  return {
    name,
    support: discrete ? base.support : support,
    shape: base.shape,
    logProb: (yGiven: Value): Value => {
      const y = expectValue(name, 'y', yGiven);
      if (!inBounds(peek(y))) {
        noteCheckFailed(`${name}: a value is outside the truncation bounds`);
        return -Infinity;
      }
      const density = base.logProb(y);
      const found = normaliser(shapeOf(y));
      if (found === null) return -Infinity;
      const term = sub(density, found.term);
      const inputs = found.checks.flatMap((c) => c.inputs);
      if (!inputs.some((v) => v instanceof Box)) return term;
      // The checks of the CDFs' traced arguments, repeated when a gradient is replayed.
      let offset = 0;
      const parts = found.checks.map((c) => {
        const start = offset;
        offset += c.inputs.length;
        return { c, start };
      });
      return guarded(term, inputs, (plain) => parts.every(({ c, start }) => c.holds(plain.slice(start, start + c.inputs.length))));
    },
    sample: (rng: Rng, count?: number): Primal => rejectionSample(base, rng, count, inBounds),
  };
}

/** Whether a plain bound lies below an integer support's lower end (then F there is 0). */
function belowSupport(support: Constraint, bound: Value): boolean {
  if (support.kind !== 'integer' || support.lower === undefined) return false;
  const b = primal(bound);
  return typeof b === 'number' && b < support.lower;
}

/**
 * Draws by rejection from the untruncated distribution (as Stan's generated code does for
 * truncated _rng calls); fails after a bounded number of tries rather than hang when the
 * interval has almost no mass.
 */
function rejectionSample(base: Distribution, rng: Rng, count: number | undefined, inBounds: (y: Primal) => boolean): Primal {
  const one = (): Primal => {
    for (let attempt = 0; attempt < 100_000; attempt++) {
      const draw = base.sample(rng);
      if (inBounds(draw)) return draw;
    }
    throw new Error(`${base.name} truncated: no draw fell within the bounds in 100000 tries; the interval has too little mass to sample by rejection`);
  };
  if (count === undefined) return one();
  if (!Number.isInteger(count) || count < 0) throw new Error(`${base.name} truncated: sample count is ${count}, but must be a non-negative integer`);
  const draws = Array.from({ length: count }, one);
  const first = draws[0];
  if (first === undefined || typeof first === 'number') {
    return new Tensor(Float64Array.from(draws as number[]), [count]);
  }
  const size = first.size;
  const out = new Float64Array(count * size);
  draws.forEach((d, c) => out.set((d as Exclude<Primal, number>).data, c * size));
  return new Tensor(out, [count, ...first.shape]);
}

