import type { BinaryOperator, Expr, IndexExpr, Span } from './ast.js';
import { visible } from './errors.js';

/**
 * Our own small parser for spec expressions (Stan's expression syntax, a subset):
 * numbers, names, arithmetic + - * / ^ % %/%, elementwise .* ./ .^, matrix left division \\, comparisons
 * == != < <= > >=, logical && || !, the conditional c ? a : b, unary minus, postfix
 * transpose x', calls f(a, b), Stan's density-call form f(y | a, b), indexing x[i],
 * x[i, j], x[idx] with an integer array, ranges x[a:b], x[:, j], vector and matrix
 * literals [a, b], [[a, b], [c, d]], and array literals {1, 2, 3}.
 * It builds a tree; nothing a user wrote is ever evaluated as code.
 *
 * Precedence climbing (Pratt 1973), low to high, as in the Stan reference manual
 * ("Operator precedence and associativity"): ?: (right); ||; &&; == !=; < <= > >=;
 * + -; * / % .* ./; \\ %/%; prefix - ! +; ^ .^ (right associative, so -x^2 is -(x^2));
 * postfix ', [ ] and calls.
 */

export class ParseError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

type Token =
  | { readonly kind: 'number'; readonly value: number; readonly integer: boolean; readonly span: Span }
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  | { readonly kind: 'punct'; readonly text: string; readonly span: Span }
  | { readonly kind: 'end'; readonly span: Span };

// Longest first, so that '<=' is not read as '<' then '='.
const PUNCTUATION = ['%/%', '.*', './', '.^', '==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '^', '\\', '<', '>', '!', '?', "'", '(', ')', '[', ']', '{', '}', ',', ':', '|'];

/** The second characters of the elementwise operators .* ./ .^ */
const ELEMENTWISE_AFTER_DOT = ['*', '/', '^'];

// Sticky: matched at lastIndex, so tokenizing is linear in the length of the source.
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

function matchAt(pattern: RegExp, source: string, i: number): RegExpExecArray | null {
  pattern.lastIndex = i;
  return pattern.exec(source);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const numberMatch = matchAt(NUMBER, source, i);
    if (numberMatch && !(c === '.' && ELEMENTWISE_AFTER_DOT.includes(source[i + 1]!))) {
      // "2.*x" is 2 .* x, not 2. * x: a trailing '.' before '*', '/' or '^' belongs to the operator.
      let text = numberMatch[0];
      if (/\.$/.test(text) && ELEMENTWISE_AFTER_DOT.includes(source[i + text.length]!)) text = text.slice(0, -1);
      tokens.push({ kind: 'number', value: Number(text), integer: /^\d+$/.test(text), span: { start: i, end: i + text.length } });
      i += text.length;
      continue;
    }
    const nameMatch = matchAt(NAME, source, i);
    if (nameMatch) {
      tokens.push({ kind: 'name', name: nameMatch[0], span: { start: i, end: i + nameMatch[0].length } });
      i += nameMatch[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (punct === undefined) {
      const hint = c === '=' ? " (use '==' to compare; assignments are statements, not expressions)" : c === '"' ? ' (expressions hold no strings)' : '';
      throw new ParseError(`unexpected character '${visible(c)}'${hint}`, { start: i, end: i + 1 });
    }
    tokens.push({ kind: 'punct', text: punct, span: { start: i, end: i + punct.length } });
    i += punct.length;
  }
  tokens.push({ kind: 'end', span: { start: source.length, end: source.length } });
  return tokens;
}

const join = (a: Span, b: Span): Span => ({ start: a.start, end: b.end });

const describe = (t: Token): string =>
  t.kind === 'end' ? 'the end of the expression' : t.kind === 'number' ? `number ${t.value}` : t.kind === 'name' ? `'${t.name}'` : `'${t.text}'`;

/** Binary levels from loosest to tightest (the conditional and prefix operators are separate). */
// As the Stan front end's (src/language/stan/parse-expression.ts): `\` binds with %/%.
const LEVELS: readonly (readonly BinaryOperator[])[] = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%', '.*', './'], ['\\', '%/%']];

/** How deep expressions may nest by default (see ResourceLimits.maxDepth). */
export const DEFAULT_EXPRESSION_DEPTH = 100;

/**
 * Recursive descent, with the nesting depth counted: every recursion of the parser goes
 * through `expression` (parentheses, calls, indices, literals, branches of '? :') or
 * through a prefix operator or exponent, and each postfix operator nests the tree one
 * level more, so a depth limit bounds both the parser's stack and every later walk of the
 * tree. Flat chains of binary operators (`x + x + ... + x`) are built by a loop, not by
 * recursion, and lowered by one (lower-expression.ts), so they may be long.
 */
class Parser {
  private position = 0;
  private depth = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly maxDepth: number,
  ) {}

  /** Enters one level of nesting at the current token; throws a ParseError past the limit. */
  private enter(): void {
    this.depth += 1;
    if (this.depth > this.maxDepth) {
      throw new ParseError(
        `the expression nests more than ${this.maxDepth} levels deep (parentheses, calls, indices, unary and postfix operators); ` +
          'split it into local variables, or raise the limit with --limits depth=N (the option limits.maxDepth in code)',
        this.peek().span,
      );
    }
  }

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private next(): Token {
    return this.tokens[this.position++]!;
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private expect(text: string, context: string): Span {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text) throw new ParseError(`expected '${text}' ${context} but found ${describe(t)}`, t.span);
    return t.span;
  }

  parseAll(): Expr {
    if (this.peek().kind === 'end') throw new ParseError('the expression is empty', this.peek().span);
    const e = this.expression();
    const t = this.peek();
    if (t.kind !== 'end') {
      const hint = t.kind === 'punct' && t.text === ')' ? ' (unbalanced parentheses)' : ' (is an operator missing?)';
      throw new ParseError(`unexpected ${describe(t)} after a complete expression${hint}`, t.span);
    }
    return e;
  }

  private expression(): Expr {
    this.enter();
    const condition = this.binary(0);
    if (!this.isPunct('?')) {
      this.depth--;
      return condition;
    }
    this.next();
    const ifTrue = this.expression();
    this.expect(':', "between the branches of '? :'");
    const ifFalse = this.expression();
    this.depth--;
    return { kind: 'conditional', condition, ifTrue, ifFalse, span: join(condition.span, ifFalse.span) };
  }

  private binary(level: number): Expr {
    if (level === LEVELS.length) return this.prefix();
    const operators = LEVELS[level]!;
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct' || !(operators as readonly string[]).includes(t.text)) return left;
      this.next();
      const right = this.binary(level + 1);
      left = { kind: 'binary', op: t.text as BinaryOperator, left, right, span: join(left.span, right.span) };
    }
  }

  private prefix(): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && (t.text === '-' || t.text === '!' || t.text === '+')) {
      this.next();
      this.enter();
      const operand = this.prefix();
      this.depth--;
      if (t.text === '+') return operand;
      return { kind: t.text === '-' ? 'negate' : 'not', operand, span: join(t.span, operand.span) };
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.postfix();
    const t = this.peek();
    if (t.kind !== 'punct' || (t.text !== '^' && t.text !== '.^')) return base;
    this.next();
    this.enter();
    const exponent = this.prefix(); // right associative; allows 2^-1
    this.depth--;
    return { kind: 'binary', op: t.text, left: base, right: exponent, span: join(base.span, exponent.span) };
  }

  private postfix(): Expr {
    let e = this.primary();
    // Each postfix operator nests the tree one level deeper (x'''' is four transposes).
    const outer = this.depth;
    for (;; this.enter()) {
      if (this.isPunct("'")) {
        const end = this.next().span;
        e = { kind: 'transpose', operand: e, span: join(e.span, end) };
      } else if (this.isPunct('[')) {
        this.next();
        const indices: IndexExpr[] = [this.index()];
        while (this.isPunct(',')) {
          this.next();
          indices.push(this.index());
        }
        const end = this.expect(']', 'to close the index');
        e = { kind: 'index', target: e, indices, span: join(e.span, end) };
      } else {
        this.depth = outer;
        return e;
      }
    }
  }

  private index(): IndexExpr {
    const start = this.peek().span;
    if (this.isPunct(']') || this.isPunct(',')) throw new ParseError("expected an index (use ':' for all of an axis)", start);
    const first = this.isPunct(':') ? null : this.expression();
    if (!this.isPunct(':')) return { kind: 'single', expr: first! };
    const colon = this.next().span;
    const last = this.isPunct(']') || this.isPunct(',') ? null : this.expression();
    return { kind: 'range', start: first, end: last, span: join(start, last?.span ?? colon) };
  }

  private call(name: Token & { kind: 'name' }): Expr {
    this.next(); // '('
    const args: Expr[] = [];
    let bar = false;
    if (!this.isPunct(')')) {
      args.push(this.expression());
      // Stan writes densities as normal_lpdf(y | mu, sigma): '|' follows the first argument.
      if (this.isPunct('|')) {
        this.next();
        bar = true;
        if (!this.isPunct(')')) args.push(this.expression());
      }
      while (this.isPunct(',')) {
        this.next();
        args.push(this.expression());
      }
    }
    const end = this.expect(')', `to close the arguments of '${name.name}'`);
    return { kind: 'call', callee: name.name, calleeSpan: name.span, args, bar, span: join(name.span, end) };
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'number') return { kind: 'number', value: t.value, integer: t.integer, span: t.span };
    if (t.kind === 'name') {
      if (this.isPunct('(')) return this.call(t);
      return { kind: 'name', name: t.name, span: t.span };
    }
    if (t.kind === 'punct' && t.text === '(') {
      const e = this.expression();
      this.expect(')', 'to close the parenthesis');
      return e;
    }
    if (t.kind === 'punct' && (t.text === '[' || t.text === '{')) {
      const close = t.text === '[' ? ']' : '}';
      const elements: Expr[] = [];
      if (!this.isPunct(close)) {
        elements.push(this.expression());
        while (this.isPunct(',')) {
          this.next();
          elements.push(this.expression());
        }
      }
      const end = this.expect(close, t.text === '[' ? 'to close the vector' : 'to close the array');
      return { kind: t.text === '[' ? 'vector' : 'array', elements, span: join(t.span, end) };
    }
    throw new ParseError(`expected a number, a name, '(', '[' or '{' but found ${describe(t)}`, t.span);
  }
}

/** Parses one expression; throws a ParseError with the span of the problem (also when it nests deeper than `maxDepth`). */
export function parseExpression(source: string, maxDepth = DEFAULT_EXPRESSION_DEPTH): Expr {
  return new Parser(tokenize(source), maxDepth).parseAll();
}

/** Prints an expression back in Stan syntax, fully parenthesised (for tests and messages). */
export function printExpression(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return String(e.value);
    case 'name':
      return e.name;
    case 'negate':
      return `(-${printExpression(e.operand)})`;
    case 'not':
      return `(!${printExpression(e.operand)})`;
    case 'transpose':
      return `${printExpression(e.operand)}'`;
    case 'binary':
      return `(${printExpression(e.left)} ${e.op} ${printExpression(e.right)})`;
    case 'conditional':
      return `(${printExpression(e.condition)} ? ${printExpression(e.ifTrue)} : ${printExpression(e.ifFalse)})`;
    case 'call': {
      const args = e.args.map(printExpression);
      return e.bar && args.length > 0 ? `${e.callee}(${args[0]} | ${args.slice(1).join(', ')})` : `${e.callee}(${args.join(', ')})`;
    }
    case 'index':
      return `${printExpression(e.target)}[${e.indices
        .map((i) => (i.kind === 'single' ? printExpression(i.expr) : `${i.start ? printExpression(i.start) : ''}:${i.end ? printExpression(i.end) : ''}`))
        .join(', ')}]`;
    case 'vector':
      return `[${e.elements.map(printExpression).join(', ')}]`;
    case 'rowVector': // Stan's row-vector literal: the same brackets, read as a row
      return `[${e.elements.map(printExpression).join(', ')}]`;
    case 'array':
      return `{${e.elements.map(printExpression).join(', ')}}`;
  }
}
