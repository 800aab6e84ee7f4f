import erfc from '@stdlib/math-base-special-erfc';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

// A statistical test as one function of the seed. The suite runs it at one fixed seed
// (expectCheckPasses in expect-check.ts); scripts/sweep-seeds.ts runs the same function
// over many seeds and counts how often it fails, so the bound a test uses and the evidence
// that it holds cannot drift apart. This module stays free of vitest so the script can
// load the checks.

/** What one run of a statistical check found. */
export interface CheckOutcome {
  /** One line per violated property, with every input needed to judge it; empty when all hold. */
  readonly failures: readonly string[];
  /**
   * Named figures the sweep tabulates over seeds (worst |z| and its bound, a count and
   * its limit...), so the margin between the statistic and its bound is on record.
   */
  readonly figures: Readonly<Record<string, number>>;
}

export interface SeededCheck {
  /** Unique, stable: `area/what`, e.g. 'nuts/funnel-divergences'. The sweep selects by it. */
  readonly name: string;
  /** The seed the test suite uses. */
  readonly seed: number;
  /**
   * The bounds and how they were chosen, for the sweep's table: e.g. '10 moments: |z| ≤
   * Bonferroni(1e-4)' or 'divergences ≥ 10 of 2000; over 1000 seeds the fewest were 26'.
   */
  readonly design: string;
  readonly run: (seed: number) => CheckOutcome | Promise<CheckOutcome>;
}

export function defineSeededCheck(check: SeededCheck): SeededCheck {
  return check;
}

/**
 * The false-alarm rate each statistical check is designed for, over all its comparisons.
 * The suite runs about 100 checks, so a change that only reshuffles the random streams
 * raises a false alarm somewhere with probability of about 1%.
 */
export const FALSE_ALARM_RATE = 1e-4;

/**
 * The |z| bound for `comparisons` two-sided z-tests whose chance of any false alarm is at
 * most `rate` (Bonferroni), and never below 4: an MCSE is itself estimated (from an ESS),
 * so the z of one comparison has somewhat heavier tails than a normal's.
 */
export function zBound(comparisons: number, rate = FALSE_ALARM_RATE): number {
  return Math.max(4, -normalQuantile(rate / (2 * comparisons), 0, 1));
}

/** An estimate, the value it should have, and its Monte Carlo standard error. */
export interface Estimate {
  readonly label: string;
  readonly estimate: number;
  readonly expected: number;
  readonly standardError: number;
}

/**
 * z-tests of several estimates at a family-wise false-alarm rate: a failure names the
 * estimate, its value, the expected value, the standard error and z. Figures: worstZ,
 * bound and the Bonferroni-adjusted p-value of the worst (familyP; the sweep reports how
 * often it falls below 0.1 and 0.01, which checks that the z's are calibrated).
 */
export function zTests(estimates: readonly Estimate[], rate = FALSE_ALARM_RATE): CheckOutcome {
  const bound = zBound(estimates.length, rate);
  const failures: string[] = [];
  let worstZ = 0;
  for (const { label, estimate, expected, standardError } of estimates) {
    const z = Math.abs(estimate - expected) / standardError;
    const shown = Number.isNaN(z) ? Infinity : z;
    worstZ = Math.max(worstZ, shown);
    if (!(z <= bound)) {
      failures.push(`${label}: ${estimate} vs ${expected} (standard error ${standardError.toPrecision(3)}): |z| = ${z.toFixed(2)} > ${bound.toFixed(2)}`);
    }
  }
  return { failures, figures: { worstZ, bound, familyP: familyPValue(worstZ, estimates.length) } };
}

/** Bonferroni-adjusted two-sided p-value of the largest of `comparisons` |z|'s. */
export function familyPValue(worstZ: number, comparisons: number): number {
  return Math.min(1, comparisons * 2 * standardNormalUpperTail(worstZ));
}

/** P(Z > z) for a standard normal. */
function standardNormalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Merges outcomes: all failures, figures prefixed by each part's name. */
export function combineOutcomes(parts: Readonly<Record<string, CheckOutcome>>): CheckOutcome {
  const failures: string[] = [];
  const figures: Record<string, number> = {};
  for (const [name, outcome] of Object.entries(parts)) {
    for (const failure of outcome.failures) failures.push(`${name}: ${failure}`);
    for (const [key, value] of Object.entries(outcome.figures)) figures[`${name}.${key}`] = value;
  }
  return { failures, figures };
}

/** A bound on a single figure as an outcome: `value` must be at least / at most `limit`. */
export function boundOutcome(label: string, value: number, relation: '>=' | '<=' | '>' | '<', limit: number): CheckOutcome {
  const holds = relation === '>=' ? value >= limit : relation === '<=' ? value <= limit : relation === '>' ? value > limit : value < limit;
  return { failures: holds ? [] : [`${label} is ${value}, but must be ${relation} ${limit}`], figures: { [label]: value } };
}
