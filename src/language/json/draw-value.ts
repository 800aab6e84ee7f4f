import { checkDistributionCall, drawFrom, makeDistribution } from './distribution-calls.js';
import { findDistributionFamily } from './distribution-registry.js';
import { IssueList, lowerAt, type JsonPath } from './issues.js';
import type { LowerContext } from './lower-expression.js';
import { CheckError, type Lowered } from './lowered.js';
import type { DrawFields } from './schema-declarations.js';
import type { SpecType } from './types.js';

/**
 * A generated quantity's short-form draw, `{"sample": {"distribution": "normal", "args": [...]}}`:
 * one draw of `type` per evaluation (never constant: every call draws anew).
 */
export function lowerDrawValue(draw: DrawFields, type: SpecType, path: JsonPath, context: LowerContext, issues: IssueList): Lowered | undefined {
  const family = findDistributionFamily(draw.distribution);
  const args = draw.args.map((a, k) => lowerAt(a, [...path, 'args', k], context, issues));
  if (family === undefined || args.some((a) => a === undefined)) return undefined;
  const params = args as Lowered[];
  try {
    checkDistributionCall(family, type, params, params.map(() => ({ start: 0, end: 0 })), { start: 0, end: 0 }, context);
  } catch (error) {
    if (!(error instanceof CheckError)) throw error;
    issues.add(error.argument === undefined ? path : [...path, 'args', error.argument], error.message);
    return undefined;
  }
  return { type, evaluate: (frame) => drawFrom(makeDistribution(family, params, frame), type, frame.rng), constant: false, invariant: false };
}
