/**
 * A line search for the strong Wolfe conditions (Nocedal & Wright 2006, "Numerical
 * Optimization", 2nd ed., algorithms 3.5 and 3.6), minimising phi(alpha) = f(x + alpha p)
 * along a descent direction p:
 *
 *   sufficient decrease   phi(alpha) <= phi(0) + c1 alpha phi'(0)          (eq. 3.7a)
 *   curvature             |phi'(alpha)| <= c2 |phi'(0)|                       (eq. 3.7b)
 *
 * A point where f is not finite (outside the region the model can evaluate) fails the
 * sufficient-decrease test, so the search backs off from it.
 */

/** phi and its derivative at one step length; `gradient` is ∇f at x + alpha p. */
export interface LinePoint {
  readonly alpha: number;
  readonly value: number;
  /** phi'(alpha) = ∇f(x + alpha p) · p. */
  readonly slope: number;
  readonly position: Float64Array;
  readonly gradient: Float64Array;
}

export interface LineSearchOptions {
  /** Sufficient-decrease constant (N&W: 1e-4). */
  readonly c1: number;
  /** Curvature constant (N&W: 0.9 for quasi-Newton directions). */
  readonly c2: number;
  /** Function evaluations allowed in one search. */
  readonly maxEvaluations: number;
  /** Largest step length tried. */
  readonly maxAlpha: number;
}

export const defaultLineSearchOptions: LineSearchOptions = { c1: 1e-4, c2: 0.9, maxEvaluations: 40, maxAlpha: 1e10 };

export type LineSearchResult =
  | { readonly ok: true; readonly point: LinePoint; readonly evaluations: number }
  | { readonly ok: false; readonly reason: string; readonly evaluations: number };

/** Growth of the trial step while the function keeps decreasing (More & Thuente use 4). */
const EXPANSION = 4;
/** Interpolated steps closer than this fraction of the bracket to its ends are bisected. */
const SAFEGUARD = 0.1;

/**
 * The minimiser of the cubic through (a, phi(a), phi'(a)) and (b, phi(b), phi'(b))
 * (N&W eq. 3.59), or the midpoint when that is undefined or too close to either end.
 */
export function cubicStep(a: LinePoint, b: LinePoint): number {
  const midpoint = 0.5 * (a.alpha + b.alpha);
  if (!Number.isFinite(a.value) || !Number.isFinite(b.value)) return midpoint;
  const d1 = a.slope + b.slope - (3 * (a.value - b.value)) / (a.alpha - b.alpha);
  const discriminant = d1 * d1 - a.slope * b.slope;
  if (!(discriminant >= 0)) return midpoint;
  const d2 = Math.sign(b.alpha - a.alpha) * Math.sqrt(discriminant);
  const alpha = b.alpha - ((b.alpha - a.alpha) * (b.slope + d2 - d1)) / (b.slope - a.slope + 2 * d2);
  const low = Math.min(a.alpha, b.alpha);
  const width = Math.abs(b.alpha - a.alpha);
  if (!Number.isFinite(alpha) || alpha < low + SAFEGUARD * width || alpha > low + (1 - SAFEGUARD) * width) return midpoint;
  return alpha;
}

interface Search {
  readonly evaluate: (alpha: number) => LinePoint;
  readonly start: LinePoint;
  readonly options: LineSearchOptions;
}

const sufficientDecrease = (search: Search, point: LinePoint): boolean =>
  Number.isFinite(point.value) && point.value <= search.start.value + search.options.c1 * point.alpha * search.start.slope;

const curvature = (search: Search, point: LinePoint): boolean => Math.abs(point.slope) <= -search.options.c2 * search.start.slope;

/** N&W algorithm 3.6: shrinks the bracket [low, high] (low satisfying sufficient decrease). */
function zoom(search: Search, lowStart: LinePoint, highStart: LinePoint, used: number): LineSearchResult {
  let low = lowStart;
  let high = highStart;
  for (let evaluations = used; evaluations < search.options.maxEvaluations; ) {
    const alpha = cubicStep(low, high);
    if (Math.abs(high.alpha - low.alpha) <= 1e-14 * Math.max(1, Math.abs(low.alpha))) {
      return { ok: false, reason: `the bracket shrank to [${low.alpha}, ${high.alpha}] without a point meeting the Wolfe conditions`, evaluations };
    }
    const point = search.evaluate(alpha);
    evaluations++;
    if (!sufficientDecrease(search, point) || point.value >= low.value) {
      high = point;
    } else {
      if (curvature(search, point)) return { ok: true, point, evaluations };
      if (point.slope * (high.alpha - low.alpha) >= 0) high = low;
      low = point;
    }
  }
  return { ok: false, reason: `no point met the Wolfe conditions in ${search.options.maxEvaluations} evaluations`, evaluations: search.options.maxEvaluations };
}

/**
 * N&W algorithm 3.5 from `start` (alpha = 0, with phi'(0) < 0) with first trial step
 * `initialAlpha`; `evaluate` computes f and ∇f at x + alpha p.
 */
export function strongWolfeSearch(
  evaluate: (alpha: number) => LinePoint,
  start: LinePoint,
  initialAlpha: number,
  options: LineSearchOptions = defaultLineSearchOptions,
): LineSearchResult {
  if (!(start.slope < 0)) return { ok: false, reason: `the direction is not a descent direction (slope ${start.slope})`, evaluations: 0 };
  const search: Search = { evaluate, start, options };
  let previous = start;
  let alpha = Math.min(initialAlpha, options.maxAlpha);
  for (let evaluations = 1; evaluations <= options.maxEvaluations; evaluations++) {
    const point = evaluate(alpha);
    if (!sufficientDecrease(search, point) || (evaluations > 1 && point.value >= previous.value)) return zoom(search, previous, point, evaluations);
    if (curvature(search, point)) return { ok: true, point, evaluations };
    if (point.slope >= 0) return zoom(search, point, previous, evaluations);
    if (alpha >= options.maxAlpha) return { ok: false, reason: `the function still decreases at the largest step ${options.maxAlpha}: it may be unbounded below`, evaluations };
    previous = point;
    alpha = Math.min(EXPANSION * alpha, options.maxAlpha);
  }
  return { ok: false, reason: `no point met the Wolfe conditions in ${options.maxEvaluations} evaluations`, evaluations: options.maxEvaluations };
}
