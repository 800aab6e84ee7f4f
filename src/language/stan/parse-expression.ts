import type { BinaryOperator, Expr, IndexExpr } from '../json/ast.js';
import { fail, refuse } from './errors.js';
import { checkCalledFunction, RESERVED_WORDS } from './names.js';
import type { Token } from './lexer.js';
import { join, type TokenStream } from './token-stream.js';

/**
 * Stan expressions, by precedence climbing (Pratt 1973) over the levels of the Stan reference
 * manual's operator table ("Operator precedence and associativity"), loosest first:
 * `? :` (right); `||`; `&&`; `==` `!=`; `<` `<=` `>` `>=`; `+` `-`; `*` `/` `%` `.*` `./`;
 * `\` `%/%`; prefix `!` `-` `+`; `^` `.^` (right, so -x^2 is -(x^2) and 2^-1 is 2^(-1));
 * postfix `'`, indexing `[ ]` and calls. Nothing is evaluated: this builds the shared tree.
 */

/** What an expression parse needs to know: the user's functions (their names are not renamed or refused). */
export interface ExpressionContext {
  readonly userFunctions: ReadonlySet<string>;
}

const LEVELS: readonly (readonly BinaryOperator[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/', '%', '.*', './'],
  ['\\', '%/%'],
];

/** The level of `+ -`: a constraint's expression (`<lower=a + b>`) starts here, so that '>' ends it. */
const ADDITIVE = 4;

/** A full expression, the conditional operator included. */
export function parseExpression(stream: TokenStream, context: ExpressionContext): Expr {
  return stream.nested(() => {
    const condition = binary(stream, context, 0);
    if (!stream.accept('?')) return condition;
    const ifTrue = parseExpression(stream, context);
    stream.expect(':', "between the branches of the conditional operator '? :'");
    const ifFalse = parseExpression(stream, context);
    return { kind: 'conditional', condition, ifTrue, ifFalse, span: join(condition.span, ifFalse.span) };
  });
}

/**
 * The expression of a bound, offset or multiplier: arithmetic only, as in stanc3, since the
 * '>' that closes `<lower=0>` would otherwise read as a comparison. Parenthesise anything else.
 */
export function parseConstraintExpression(stream: TokenStream, context: ExpressionContext): Expr {
  return binary(stream, context, ADDITIVE);
}

function binary(stream: TokenStream, context: ExpressionContext, level: number): Expr {
  if (level === LEVELS.length) return prefix(stream, context);
  const operators: readonly string[] = LEVELS[level]!;
  let left = binary(stream, context, level + 1);
  for (;;) {
    const t = stream.peek();
    if (t.kind !== 'punct' || !operators.includes(t.text)) return left;
    stream.next();
    const right = binary(stream, context, level + 1);
    left = { kind: 'binary', op: t.text as BinaryOperator, left, right, span: join(left.span, right.span) };
  }
}

function prefix(stream: TokenStream, context: ExpressionContext): Expr {
  return stream.nested(() => {
    const t = stream.peek();
    if (t.kind === 'punct' && (t.text === '-' || t.text === '!' || t.text === '+')) {
      stream.next();
      const operand = prefix(stream, context);
      // Unary plus is the identity in Stan ("promotion, a no-op"): the tree does not keep it.
      if (t.text === '+') return operand;
      return { kind: t.text === '-' ? 'negate' : 'not', operand, span: join(t.span, operand.span) };
    }
    const base = postfix(stream, context);
    const power = stream.peek();
    if (power.kind !== 'punct' || (power.text !== '^' && power.text !== '.^')) return base;
    stream.next();
    const exponent = prefix(stream, context);
    return { kind: 'binary', op: power.text, left: base, right: exponent, span: join(base.span, exponent.span) };
  });
}

function postfix(stream: TokenStream, context: ExpressionContext): Expr {
  let e = primary(stream, context);
  for (;;) {
    if (stream.isPunct("'")) {
      e = { kind: 'transpose', operand: e, span: join(e.span, stream.next().span) };
    } else if (stream.isPunct('[')) {
      stream.next();
      const indices: IndexExpr[] = [index(stream, context)];
      while (stream.accept(',')) indices.push(index(stream, context));
      if (!stream.isPunct(']')) stream.failExpected("',' or ']' in the index");
      e = { kind: 'index', target: e, indices, span: join(e.span, stream.next().span) };
    } else {
      return e;
    }
  }
}

const indexEnds = (stream: TokenStream): boolean => stream.isPunct(']') || stream.isPunct(',');

/** One index: a position or int array, `a:b`, `a:`, `:b`, `:`, or nothing (all of the axis, as ':'). */
function index(stream: TokenStream, context: ExpressionContext): IndexExpr {
  const here = stream.peek().span;
  if (indexEnds(stream)) return { kind: 'range', start: null, end: null, span: { start: here.start, end: here.start } };
  const first = stream.isPunct(':') ? null : parseExpression(stream, context);
  if (!stream.isPunct(':')) return { kind: 'single', expr: first! };
  const colon = stream.next().span;
  const last = indexEnds(stream) ? null : parseExpression(stream, context);
  return { kind: 'range', start: first, end: last, span: join(first?.span ?? colon, last?.span ?? colon) };
}

function primary(stream: TokenStream, context: ExpressionContext): Expr {
  const t = stream.peek();
  switch (t.kind) {
    case 'int':
    case 'real':
      stream.next();
      return { kind: 'number', value: t.value, integer: t.kind === 'int', span: t.span };
    case 'string':
      fail(t.span, 'A string can only be an argument of print, reject or fatal_error.');
    case 'identifier':
      stream.next();
      return named(stream, context, t);
    case 'punct':
      if (t.text === '(') return parenthesised(stream, context);
      if (t.text === '[' || t.text === '{') return literal(stream, context);
      break;
    case 'end':
      break;
  }
  stream.failExpected('an expression');
}

function parenthesised(stream: TokenStream, context: ExpressionContext): Expr {
  const open = stream.next().span;
  const e = parseExpression(stream, context);
  if (stream.isPunct(',')) refuse(join(open, stream.peek().span), 'Tuples are not supported by leapfrog: a parenthesis holds one expression.');
  stream.expect(')', 'to close the parenthesis');
  return e;
}

/** `[a, b]` (a row vector, or a matrix of row vectors) or `{a, b}` (an array). */
function literal(stream: TokenStream, context: ExpressionContext): Expr {
  const open = stream.next();
  const row = open.kind === 'punct' && open.text === '[';
  const close = row ? ']' : '}';
  if (stream.isPunct(close)) {
    fail(join(open.span, stream.peek().span), row ? "An empty row vector '[]' has no size: use rep_row_vector(0, 0)." : "An empty array '{}' has no size: use rep_array(0, 0).");
  }
  const elements = [parseExpression(stream, context)];
  while (stream.accept(',')) elements.push(parseExpression(stream, context));
  if (!stream.isPunct(close)) stream.failExpected(`',' or '${close}' in the ${row ? 'row vector' : 'array'}`);
  return { kind: row ? 'rowVector' : 'array', elements, span: join(open.span, stream.next().span) };
}

/** A name or a call; `target()` reads the log density accumulated so far. */
function named(stream: TokenStream, context: ExpressionContext, t: Extract<Token, { kind: 'identifier' }>): Expr {
  if (t.name === 'target' && !stream.isPunct('(')) fail(t.span, "'target' is not a value: read the log density so far with target(), or add to it with 'target += ...;'.");
  if (RESERVED_WORDS.has(t.name) && t.name !== 'target') fail(t.span, `Expected an expression, found the reserved word '${t.name}'.`);
  if (!stream.isPunct('(')) return { kind: 'name', name: t.name, span: t.span };
  const callee = checkCalledFunction(t.name, t.span, context.userFunctions);
  stream.next();
  const args: Expr[] = [];
  let bar = false;
  if (!stream.isPunct(')')) {
    args.push(parseExpression(stream, context));
    // Densities are written normal_lpdf(y | mu, sigma): '|' follows the first argument.
    if (stream.accept('|')) {
      bar = true;
      if (!stream.isPunct(')')) args.push(parseExpression(stream, context));
    }
    while (stream.accept(',')) args.push(parseExpression(stream, context));
    if (!stream.isPunct(')')) stream.failExpected(`',' or ')' in the arguments of '${t.name}'`);
  }
  const end = stream.next().span;
  return { kind: 'call', callee, calleeSpan: t.span, args, bar, span: join(t.span, end) };
}
