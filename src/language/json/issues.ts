import type { Expr } from './ast.js';
import { atSpan, quoteSource, type SpecIssue } from './errors.js';
import { lowerExpression, type LowerContext } from './lower-expression.js';
import { CheckError, PoisonedError, type Lowered } from './lowered.js';
import { ParseError, parseExpression } from './parse.js';

export type JsonPath = readonly (string | number)[];

/** Issues collected while checking a spec, each at its JSON path; all are reported together (zod's way). */
export class IssueList {
  readonly issues: SpecIssue[] = [];

  add(path: JsonPath, message: string): void {
    this.issues.push({ path: [...path], message });
  }

  get count(): number {
    return this.issues.length;
  }
}

/** Whether an error is JavaScript's stack overflow (recoverable: it unwinds like any exception). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** The issue for an expression too deep for the stack, possible only with a raised depth limit. */
const TOO_DEEP_FOR_STACK =
  "nests too deeply for JavaScript's stack (possible only with a raised depth limit); lower --limits depth (limits.maxDepth in code), or split the expression into local variables";

/** Parses an expression, reporting a parse error with its column at `path`. */
export function parseAt(source: string, path: JsonPath, issues: IssueList, maxDepth: number): Expr | undefined {
  try {
    return parseExpression(source, maxDepth);
  } catch (error) {
    if (isStackOverflow(error)) {
      issues.add(path, `cannot parse: ${quoteSource(source)} ${TOO_DEEP_FOR_STACK}`);
      return undefined;
    }
    if (!(error instanceof ParseError)) throw error;
    issues.add(path, `cannot parse: ${error.message}, ${atSpan(source, error.span)}`);
    return undefined;
  }
}

/** Runs a check that may throw CheckError for a span of `source`, reporting it at `path`. */
export function attempt<T>(source: string, path: JsonPath, issues: IssueList, check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (error instanceof PoisonedError) return undefined;
    if (error instanceof CheckError) {
      issues.add(path, `${error.message}, ${atSpan(source, error.span)}`);
      return undefined;
    }
    if (error instanceof ParseError) {
      issues.add(path, `cannot parse: ${error.message}, ${atSpan(source, error.span)}`);
      return undefined;
    }
    if (isStackOverflow(error)) {
      issues.add(path, `${quoteSource(source)} ${TOO_DEEP_FOR_STACK}`);
      return undefined;
    }
    if (error instanceof Error && error.constructor === Error) {
      // An op rejected a data-only value while it was computed at compile time.
      issues.add(path, `${error.message}, in ${quoteSource(source)}`);
      return undefined;
    }
    throw error;
  }
}

/** Parses and lowers the expression at `path`; undefined (with an issue) if it fails. */
export function lowerAt(source: string, path: JsonPath, context: LowerContext, issues: IssueList): Lowered | undefined {
  const expr = parseAt(source, path, issues, context.limits.maxDepth);
  if (expr === undefined) return undefined;
  return attempt(source, path, issues, () => lowerExpression(expr, { ...context, expression: { source, path } }));
}
