import { primal, type Value } from '../../ad/trace.js';
import { quoteSource } from './errors.js';
import { lowerAt, type IssueList, type JsonPath } from './issues.js';
import type { LowerContext } from './lower-expression.js';
import { leaf, type Lowered } from './lowered.js';
import type { ProgramQuantity } from './program.js';
import type { Frame } from './scope.js';
import { formatType, isScalar, sizesAgree, withArticle, type SpecType } from './types.js';

// Declared bounds (Stan's <lower=..., upper=...>): lowered and shape-checked, checked once when
// known at check time (not NaN, lower below upper), and, for transformed parameters, checked
// at every evaluation.

/** A bound (number or expression) of a declaration of `type`: a scalar, or a value of the same shape. */
export function lowerDeclarationBound(bound: number | string | undefined, type: SpecType, path: JsonPath, context: LowerContext, issues: IssueList): Lowered | undefined {
  if (bound === undefined) return undefined;
  if (typeof bound === 'number') return leaf({ kind: 'real' }, () => bound, true, true);
  const lowered = lowerAt(bound, path, context, issues);
  if (lowered === undefined) return undefined;
  const sameShape =
    isScalar(lowered.type) ||
    (type.kind === 'matrix' ? lowered.type.kind === 'matrix' && sizesAgree(lowered.type.rows, type.rows) && sizesAgree(lowered.type.cols, type.cols) : 'size' in type && 'size' in lowered.type && sizesAgree(type.size, lowered.type.size));
  if (!sameShape) {
    issues.add(path, `a bound must be a scalar or have the shape of the value (${formatType(type)}), but ${quoteSource(bound)} is ${withArticle(lowered.type)}`);
    return undefined;
  }
  return lowered;
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
    const [a, b] = [lows[lows.length === 1 ? 0 : k]!, highs[highs.length === 1 ? 0 : k]!];
    if (strict ? a < b : a <= b) continue;
    const where = n > 1 ? ` at element ${k + 1} (1-based)` : '';
    issues.add([...path, 'upper'], `the lower bound ${a} is not ${strict ? 'below' : 'at most'} the upper bound ${b}${where}, so no value fits`);
    return false;
  }
  return true;
}

/** Rejects a point where a transformed parameter breaks its declared bound (as Stan does). */
export function checkQuantityBounds(quantity: ProgramQuantity, value: Value, frame: Frame): void {
  for (const [side, bound] of [['lower', quantity.lower], ['upper', quantity.upper]] as const) {
    if (bound === undefined) continue;
    const b = primal(bound.evaluate(frame));
    const x = primal(value);
    const xs = typeof x === 'number' ? [x] : x.data;
    const bs = typeof b === 'number' ? [b] : b.data;
    for (let k = 0; k < xs.length; k++) {
      const limit = bs[bs.length === 1 ? 0 : k]!;
      if (side === 'lower' ? xs[k]! < limit : xs[k]! > limit) {
        // A plain Error: the log density rejects the point (the caller adds the path).
        throw new Error(`${xs.length > 1 ? `element ${k + 1} (1-based) ` : ''}is ${xs[k]}, but must be ${side === 'lower' ? '≥' : '≤'} ${limit} (its ${side} bound)`);
      }
    }
  }
}
