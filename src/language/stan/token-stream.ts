import type { Span } from '../json/ast.js';
import { fail } from './errors.js';
import { describeToken, type Token } from './lexer.js';

/** How deep statements and expressions may nest: deeper input is refused, not a stack overflow. */
export const MAX_NESTING = 200;

/** A cursor over the tokens of one program, shared by the parsing functions of one parse. */
export class TokenStream {
  private position = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (this.position < this.tokens.length - 1) this.position++;
    return token;
  }

  /** The token before the current one (the last one consumed). */
  previous(): Token {
    return this.tokens[Math.max(0, this.position - 1)]!;
  }

  isPunct(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'punct' && t.text === text;
  }

  isWord(name: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'identifier' && t.name === name;
  }

  /** Consumes the punctuation `text` if it is next. */
  accept(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.next();
    return true;
  }

  /** Consumes `text` or fails with "Expected 'text' <context>, found ...". */
  expect(text: string, context: string): Span {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === text) return this.next().span;
    this.failExpected(`'${text}' ${context}`);
  }

  /**
   * Fails with "Expected <what>, found <token>". When the token starts a new line, the place
   * is the end of the line before — where a forgotten ';' or ')' belongs.
   */
  failExpected(what: string): never {
    const t = this.peek();
    const found = describeToken(t);
    if (t.newlineBefore && this.position > 0) {
      const end = this.previous().span.end;
      fail({ start: end, end }, `Expected ${what}, found ${found}${t.kind === 'end' ? '' : ' on a following line'}.`);
    }
    fail(t.span, `Expected ${what}, found ${found}.`);
  }

  /** Consumes an identifier or fails naming what the name was for. */
  identifier(what: string): { name: string; span: Span } {
    const t = this.peek();
    if (t.kind !== 'identifier') this.failExpected(what);
    this.next();
    return { name: t.name, span: t.span };
  }

  /**
   * The span of punctuation `first` directly followed by `second` (no space between) among
   * the tokens starting in [from, to), if any: how the removed `<-` is found in `x <- 1`.
   */
  adjacentPair(first: string, second: string, from: number, to: number): Span | undefined {
    for (let k = 0; k + 1 < this.tokens.length; k++) {
      const [a, b] = [this.tokens[k]!, this.tokens[k + 1]!];
      if (a.span.start < from || a.span.start >= to) continue;
      if (a.kind === 'punct' && a.text === first && b.kind === 'punct' && b.text === second && a.span.end === b.span.start) return join(a.span, b.span);
    }
    return undefined;
  }

  /** Runs `parse` one nesting level deeper, refusing input nested beyond MAX_NESTING. */
  nested<T>(parse: () => T): T {
    if (this.depth >= MAX_NESTING) fail(this.peek().span, `The program is nested more than ${MAX_NESTING} levels deep here; split the expression or the statements.`);
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }
}

export const join = (a: Span, b: Span): Span => ({ start: a.start, end: b.end });
