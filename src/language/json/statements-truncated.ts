import type { DistributionFamily } from '../../models/distributions/distribution.js';
import { truncated } from '../../models/distributions/truncated.js';
import { makeDistribution } from './distribution-calls.js';
import { quoteSource } from './errors.js';
import { IssueList, lowerAt, type JsonPath } from './issues.js';
import type { LowerContext } from './lower-expression.js';
import { leaf, type Lowered } from './lowered.js';
import type { Statement } from './schema.js';
import { NEXT, type Executor } from './statement-flow.js';
import { isScalar, shapeOfType, shapesAgree, withArticle } from './types.js';

// A truncated sampling statement, Stan's `y ~ normal(mu, sigma) T[L, U]`: the density of the
// distribution truncated to [L, U] (models/distributions/truncated.ts: the log density minus
// the log of the mass between the bounds, per observation; −∞ outside them). Bounds are
// scalars or have the outcome's shape.

function lowerTruncationBound(bound: number | string | undefined, outcome: Lowered, path: JsonPath, context: LowerContext, issues: IssueList): Lowered | undefined | null {
  if (bound === undefined) return null;
  if (typeof bound === 'number') return leaf({ kind: 'real' }, () => bound, true, true);
  const lowered = lowerAt(bound, path, context, issues);
  if (lowered === undefined) return undefined;
  if (!isScalar(lowered.type) && !shapesAgree(shapeOfType(lowered.type), shapeOfType(outcome.type))) {
    issues.add(path, `a truncation bound must be a scalar or have the outcome's shape (${withArticle(outcome.type)}), but ${quoteSource(bound)} is ${withArticle(lowered.type)}`);
    return undefined;
  }
  return lowered;
}

export function lowerTruncated(
  statement: Extract<Statement, { sample: string }>,
  family: DistributionFamily,
  outcome: Lowered,
  params: readonly Lowered[],
  label: string,
  path: JsonPath,
  context: LowerContext,
  issues: IssueList,
): Executor | undefined {
  const truncate = statement.truncate!;
  if (statement.censor !== undefined) {
    issues.add([...path, 'truncate'], 'a statement is censored or truncated, not both; write the censored observations in a statement of their own');
    return undefined;
  }
  if (!family.hasCdf) {
    issues.add([...path, 'truncate'], `${family.name} has no CDF in leapfrog, so it cannot be truncated (T[L, U] needs its log CDF and CCDF)`);
    return undefined;
  }
  const lower = lowerTruncationBound(truncate.lower, outcome, [...path, 'truncate', 'lower'], context, issues);
  const upper = lowerTruncationBound(truncate.upper, outcome, [...path, 'truncate', 'upper'], context, issues);
  if (lower === undefined || upper === undefined) return undefined;
  const y = outcome.evaluate;
  return (frame, target) => {
    const distribution = truncated(makeDistribution(family, params, frame), lower?.evaluate(frame), upper?.evaluate(frame));
    target.sample(y(frame), distribution, label);
    return NEXT;
  };
}
