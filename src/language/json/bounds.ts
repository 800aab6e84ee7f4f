import { primal, type Primal } from '../../ad/trace.js';
import { quoteSource } from './errors.js';
import { lowerAt, type IssueList, type JsonPath } from './issues.js';
import type { LowerContext } from './lower-expression.js';
import { leaf, type Lowered } from './lowered.js';
import { elementType, formatType, isArray, isScalar, shapeOfType, shapesAgree, withArticle, type SpecType } from './types.js';

// Declared bounds (Stan's <lower=..., upper=...>): lowered and shape-checked, checked once when
// known at check time (not NaN, lower below upper), and checked against the values of
// variables that statements compute (see declared-checks.ts).

/**
 * A bound (number or expression) of a declaration of `type`: a scalar, a value of the same
 * shape, or, for an array, a value of its element's shape (the same bound for every
 * element: `array[G] vector<lower=L>[K]` with L a vector[K]).
 */
export function lowerDeclarationBound(bound: number | string | undefined, type: SpecType, path: JsonPath, context: LowerContext, issues: IssueList): Lowered | undefined {
  if (bound === undefined) return undefined;
  if (typeof bound === 'number') return leaf({ kind: 'real' }, () => bound, true, true);
  const lowered = lowerAt(bound, path, context, issues);
  if (lowered === undefined) return undefined;
  const boundShape = shapeOfType(lowered.type);
  const fits = isScalar(lowered.type) || shapesAgree(boundShape, shapeOfType(type)) || (isArray(type) && !isArray(lowered.type) && shapesAgree(boundShape, shapeOfType(elementType(type))));
  if (!fits) {
    const element = isArray(type) && !isScalar(elementType(type)) ? `, of its element (${formatType(elementType(type))})` : '';
    issues.add(path, `a bound must be a scalar or have the shape of the value (${formatType(type)})${element}, but ${quoteSource(bound)} is ${withArticle(lowered.type)}`);
    return undefined;
  }
  return lowered;
}

/** The bound's entry for flat offset k of the value: bounds broadcast over leading axes (a scalar, or an element's shape repeated). */
export const boundAt = (bounds: ArrayLike<number>, k: number): number => bounds[k % bounds.length]!;

/**
 * The first element of `x` outside [lower, upper] (inclusive, Stan's checks of declared
 * values), with the rule it breaks; undefined when all are within.
 */
export function boundViolation(x: Primal, lower: Primal | undefined, upper: Primal | undefined): { index: number; rule: string } | undefined {
  const xs = typeof x === 'number' ? [x] : x.data;
  for (const [side, bound] of [['lower', lower], ['upper', upper]] as const) {
    if (bound === undefined) continue;
    const bs = typeof bound === 'number' ? [bound] : bound.data;
    for (let k = 0; k < xs.length; k++) {
      const limit = boundAt(bs, k);
      if (side === 'lower' ? !(xs[k]! >= limit) : !(xs[k]! <= limit)) return { index: k, rule: `${side === 'lower' ? '≥' : '≤'} ${limit} (its ${side} bound)` };
    }
  }
  return undefined;
}

/**
 * Bounds known at check time must be numbers (a NaN bound rejects every value, silently)
 * and, when both are given, the lower below the upper (elementwise).
 */
export function checkConstantBounds(lower: Lowered | undefined, upper: Lowered | undefined, path: JsonPath, context: LowerContext, issues: IssueList, strict: boolean): boolean {
  if (!context.foldable) return true;
  const valuesOf = (bound: Lowered | undefined): Float64Array | undefined => {
    if (bound === undefined || !bound.constant) return undefined;
    const p = primal(bound.evaluate({ slots: [] }));
    return typeof p === 'number' ? Float64Array.of(p) : p.data;
  };
  const [lows, highs] = [valuesOf(lower), valuesOf(upper)];
  for (const [side, values] of [['lower', lows], ['upper', highs]] as const) {
    const k = values === undefined ? -1 : values.findIndex(Number.isNaN);
    if (k >= 0) {
      issues.add([...path, side], `the ${side} bound is NaN${values!.length > 1 ? ` at element ${k + 1} (1-based)` : ''}; a bound must be a number (or ±Infinity for none)`);
      return false;
    }
  }
  if (lows === undefined || highs === undefined) return true;
  const n = Math.max(lows.length, highs.length);
  for (let k = 0; k < n; k++) {
    const [a, b] = [boundAt(lows, k), boundAt(highs, k)];
    if (strict ? a < b : a <= b) continue;
    const where = n > 1 ? ` at element ${k + 1} (1-based)` : '';
    issues.add([...path, 'upper'], `the lower bound ${a} is not ${strict ? 'below' : 'at most'} the upper bound ${b}${where}, so no value fits`);
    return false;
  }
  return true;
}
