import type { Span } from '../json/ast.js';
import { formatPath, type SpecIssue } from '../json/errors.js';
import { sourceOf } from './json-expression.js';
import type { LoweredStan } from './lower.js';
import { SourceText } from './source.js';

/**
 * The checker's issues (each at a JSON path of the lowered spec) back at their places in
 * the Stan source: the longest prefix of the path that the lowering recorded gives the
 * statement, declaration or expression; within an expression, the column the message
 * names gives the sub-expression.
 */

/** An issue with its place in the Stan program. */
export interface StanIssue extends SpecIssue {
  readonly fileName: string;
  readonly line: number;
  readonly column: number;
  /** The message alone (the checker's, without the quoted spec text it pointed into). */
  readonly detail: string;
}

/** The checker's pointer into an expression's text: `, in "text", at column 5 ('piece')` or `at its end (column 9)`. */
const POINTER = /, in "(?:[^"\\]|\\.)*"(?: \(\d+ characters\))?, at (?:column (\d+) \('(.*)'\)|its end \(column (\d+)\))$/s;

function place(issue: SpecIssue, lowered: LoweredStan): { span: Span; detail: string } | undefined {
  for (let length = issue.path.length; length >= 0; length--) {
    const found = lowered.sourceMap.get(formatPath(issue.path.slice(0, length)));
    if (found === undefined) continue;
    const pointer = found.expression === undefined ? null : POINTER.exec(issue.message);
    if (pointer !== null && found.expression !== undefined) {
      const column = Number(pointer[1] ?? pointer[3]);
      const start = column - 1;
      const span = sourceOf(found.expression, start, start + (pointer[2]?.length ?? 0));
      if (span !== undefined) return { span, detail: issue.message.slice(0, pointer.index) };
    }
    return { span: found.span, detail: issue.message };
  }
  return undefined;
}

/** What the issue is about, when its path says more than its place: the data of a declared name. */
function subject(issue: SpecIssue): string {
  return issue.path[0] === 'data' && issue.path.length >= 2 && typeof issue.path[1] === 'string' ? `the data for '${issue.path[1]}': ` : '';
}

/** Each issue at its line and column (the program's start when nothing in the path was recorded). */
export function locateIssues(issues: readonly SpecIssue[], lowered: LoweredStan, source: { readonly fileName: string; readonly text: string }): StanIssue[] {
  const text = new SourceText(source.fileName, source.text);
  return issues.map((issue) => {
    const found = place(issue, lowered) ?? { span: { start: 0, end: 0 }, detail: issue.message };
    const { line, column } = text.position(found.span.start);
    const detail = `${subject(issue)}${found.detail}`;
    return { path: issue.path, message: `${source.fileName}, line ${line}, column ${column}: ${detail}\n${text.excerpt(found.span)}`, fileName: source.fileName, line, column, detail };
  });
}

/** A Stan program that parses but does not check or compile: every issue at its line and column. */
export class StanModelError extends Error {
  constructor(readonly issues: readonly StanIssue[]) {
    super(issues.length === 1 ? `Error in ${issues[0]!.message}` : `${issues.length} problems in the Stan program:\n${issues.map((i) => `Error in ${i.message}`).join('\n\n')}`);
    this.name = 'StanModelError';
  }
}
