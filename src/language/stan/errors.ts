import type { Span } from '../json/ast.js';
import type { SourceText } from './source.js';

/**
 * What went wrong: the text is not Stan ('syntax'); it is Stan, but breaks a rule of where
 * things may appear ('semantic', e.g. an _rng function in the model block); or it is valid
 * Stan that leapfrog does not run ('unsupported', e.g. an ODE solver) — refused by name.
 */
export type StanErrorKind = 'syntax' | 'semantic' | 'unsupported';

const HEADINGS: Readonly<Record<StanErrorKind, string>> = {
  syntax: 'Syntax error',
  semantic: 'Semantic error',
  unsupported: 'Unsupported feature',
};

/**
 * The parser's internal failure: a place and a message, turned into a StanSyntaxError (with
 * the file name, line, column and excerpt) at the boundary, parseStan.
 */
export class ParseFailure extends Error {
  constructor(
    readonly kind: StanErrorKind,
    readonly span: Span,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ParseFailure';
  }
}

/** Throws a syntax failure at `span`. */
export function fail(span: Span, detail: string): never {
  throw new ParseFailure('syntax', span, detail);
}

/** Throws an 'unsupported feature' failure at `span`. */
export function refuse(span: Span, detail: string): never {
  throw new ParseFailure('unsupported', span, detail);
}

/**
 * An error in a Stan program, as Stan users know them:
 *
 *     Syntax error in 'model.stan', line 12, column 24:
 *        -------------------------------------------------
 *         10:  model {
 *         11:    mu ~ normal(0, 1);
 *         12:    y ~ normal(mu, sigma)
 *                                     ^
 *         13:  }
 *        -------------------------------------------------
 *
 *     Expected ';' after the sampling statement.
 *
 * `line` and `column` are 1-based; `detail` is the last paragraph alone.
 */
export class StanSyntaxError extends Error {
  readonly kind: StanErrorKind;
  readonly fileName: string;
  readonly line: number;
  readonly column: number;
  readonly span: Span;
  readonly detail: string;

  constructor(source: SourceText, kind: StanErrorKind, span: Span, detail: string) {
    const { line, column } = source.position(span.start);
    super(`${HEADINGS[kind]} in '${source.fileName}', line ${line}, column ${column}:\n${source.excerpt(span)}\n\n${detail}`);
    this.name = 'StanSyntaxError';
    this.kind = kind;
    this.fileName = source.fileName;
    this.line = line;
    this.column = column;
    this.span = span;
    this.detail = detail;
  }
}
