import type { Expr, Span } from '../json/ast.js';
import { fail } from './errors.js';
import { checkDeclaredName, RESERVED_WORDS } from './names.js';
import { nearestTypeName, parseDeclarations, startsDeclaration, type DeclarationPlace } from './parse-declaration.js';
import { parseExpression, type ExpressionContext } from './parse-expression.js';
import { join, type TokenStream } from './token-stream.js';
import type { AssignOperator, Printable, Statement, Truncation } from './tree.js';

const ASSIGN_OPERATORS: readonly string[] = ['=', '+=', '-=', '*=', '/=', '.*=', './='] satisfies readonly AssignOperator[];
const DENSITY_SUFFIX = /_(lpdf|lupdf|lpmf|lupmf)$/;

/**
 * Statements until the closing '}' (not consumed), declarations included: at `place` they
 * follow that block's rules (see DeclarationPlace); in nested braces they are local.
 */
export function parseStatements(stream: TokenStream, context: ExpressionContext, place: DeclarationPlace): Statement[] {
  const statements: Statement[] = [];
  while (!stream.isPunct('}') && stream.peek().kind !== 'end') {
    if (startsDeclaration(stream)) statements.push(...parseDeclarations(stream, context, place));
    else statements.push(parseStatement(stream, context));
  }
  return statements;
}

/** One statement that is not a declaration (a loop body, a branch, or an item of a block). */
export function parseStatement(stream: TokenStream, context: ExpressionContext): Statement {
  return stream.nested(() => {
    const t = stream.peek();
    if (t.kind === 'punct' && t.text === '{') {
      stream.next();
      const body = parseStatements(stream, context, 'local');
      const end = stream.expect('}', "to close the block opened by '{'");
      return { kind: 'block', body, span: join(t.span, end) };
    }
    if (t.kind === 'punct' && t.text === ';') return { kind: 'empty', span: stream.next().span };
    if (t.kind === 'identifier' && RESERVED_WORDS.has(t.name)) return keywordStatement(stream, context, t.name, t.span);
    // `jacobian` is a keyword only before '+=' (Stan 2.36); elsewhere it is an ordinary name.
    if (t.kind === 'identifier' && t.name === 'jacobian' && stream.isPunct('+=', 1)) {
      stream.next();
      stream.next();
      const value = parseExpression(stream, context);
      return { kind: 'jacobian', value, span: join(t.span, semicolon(stream, "'jacobian += ...'")) };
    }
    return expressionStatement(stream, context);
  });
}

/** A loop or branch body: a block's statements, or one statement (the tree keeps a list either way). */
function parseBody(stream: TokenStream, context: ExpressionContext, what: string): Statement[] {
  if (startsDeclaration(stream)) fail(stream.peek().span, `A declaration cannot be the whole body of ${what}: put it in braces { }.`);
  const statement = parseStatement(stream, context);
  return statement.kind === 'block' ? [...statement.body] : [statement];
}

/** `( condition )` after if or while. */
function condition(stream: TokenStream, context: ExpressionContext, keyword: string): Expr {
  stream.expect('(', `after '${keyword}'`);
  const e = parseExpression(stream, context);
  if (stream.isPunct('=')) fail(stream.peek().span, "'=' assigns; to compare, write '=='.");
  stream.expect(')', `to close the condition of '${keyword}'`);
  return e;
}

function semicolon(stream: TokenStream, after: string): Span {
  if (!stream.isPunct(';')) stream.failExpected(`';' after ${after}`);
  return stream.next().span;
}

function keywordStatement(stream: TokenStream, context: ExpressionContext, word: string, start: Span): Statement {
  switch (word) {
    case 'for':
      return forStatement(stream, context, start);
    case 'while':
      return whileStatement(stream, context, start);
    case 'if':
      return ifStatement(stream, context, start);
    case 'else':
      fail(start, "'else' without an 'if' before it (is a '}' or ';' misplaced?).");
    case 'return': {
      stream.next();
      const value = stream.isPunct(';') ? null : parseExpression(stream, context);
      return { kind: 'return', value, span: join(start, semicolon(stream, 'the return statement')) };
    }
    case 'break':
    case 'continue':
      stream.next();
      return { kind: word, span: join(start, semicolon(stream, `'${word}'`)) };
    case 'print':
    case 'reject':
    case 'fatal_error':
      return printStatement(stream, context, word, start);
    case 'profile':
      return profileStatement(stream, context, start);
    case 'target': {
      if (!stream.isPunct('+=', 1)) return expressionStatement(stream, context);
      stream.next();
      stream.next();
      const value = parseExpression(stream, context);
      return { kind: 'target', value, span: join(start, semicolon(stream, "'target += ...'")) };
    }
    case 'functions':
    case 'data':
    case 'transformed':
    case 'parameters':
    case 'model':
    case 'generated':
      fail(start, `Expected a statement, found '${word}': blocks cannot be nested (is a '}' missing before it?).`);
    default:
      fail(start, `Expected a statement, found the reserved word '${word}'.`);
  }
}

function whileStatement(stream: TokenStream, context: ExpressionContext, start: Span): Statement {
  stream.next();
  const test = condition(stream, context, 'while');
  const body = parseBody(stream, context, 'a while loop');
  return { kind: 'while', condition: test, body, span: join(start, stream.previous().span) };
}

function ifStatement(stream: TokenStream, context: ExpressionContext, start: Span): Statement {
  stream.next();
  const test = condition(stream, context, 'if');
  const then = parseBody(stream, context, 'an if statement');
  let otherwise: Statement[] | null = null;
  if (stream.isWord('else')) {
    stream.next();
    otherwise = parseBody(stream, context, 'an else branch');
  }
  return { kind: 'if', condition: test, then, else: otherwise, span: join(start, stream.previous().span) };
}

function profileStatement(stream: TokenStream, context: ExpressionContext, start: Span): Statement {
  stream.next();
  stream.expect('(', 'after \'profile\' (profile("name") { ... })');
  const name = stream.peek();
  if (name.kind !== 'string') stream.failExpected('the profile\'s name, a string such as "likelihood"');
  stream.next();
  stream.expect(')', "after the profile's name");
  if (!stream.isPunct('{')) stream.failExpected("'{' to open the profiled statements");
  const block = parseStatement(stream, context);
  return { kind: 'profile', name: name.value, body: block.kind === 'block' ? block.body : [block], span: join(start, block.span) };
}

function forStatement(stream: TokenStream, context: ExpressionContext, start: Span): Statement {
  stream.next();
  stream.expect('(', "after 'for' (for (i in 1:N))");
  const variable = stream.identifier('the loop variable (for (i in 1:N))');
  checkDeclaredName(variable.name, variable.span, 'a loop variable');
  if (!stream.isWord('in')) stream.failExpected("'in' after the loop variable (for (i in 1:N))");
  stream.next();
  const first = parseExpression(stream, context);
  if (stream.accept(':')) {
    const upper = parseExpression(stream, context);
    stream.expect(')', 'to close the loop range');
    const body = parseBody(stream, context, 'a for loop');
    return { kind: 'for', variable: variable.name, variableSpan: variable.span, lower: first, upper, body, span: join(start, stream.previous().span) };
  }
  if (!stream.isPunct(')')) stream.failExpected("':' or ')' in the loop (for (i in 1:N) or for (x in xs))");
  stream.next();
  const body = parseBody(stream, context, 'a for loop');
  return { kind: 'foreach', variable: variable.name, variableSpan: variable.span, collection: first, body, span: join(start, stream.previous().span) };
}

function printStatement(stream: TokenStream, context: ExpressionContext, word: 'print' | 'reject' | 'fatal_error', start: Span): Statement {
  stream.next();
  stream.expect('(', `after '${word}'`);
  const args: Printable[] = [];
  do {
    const t = stream.peek();
    if (t.kind === 'string') args.push({ kind: 'string', value: t.value, span: stream.next().span });
    else if (t.kind === 'punct' && t.text === ')') stream.failExpected(`something to ${word === 'print' ? 'print' : 'say'} (a string or an expression)`);
    else args.push(parseExpression(stream, context));
  } while (stream.accept(','));
  if (!stream.isPunct(')')) stream.failExpected(`',' or ')' in the arguments of '${word}'`);
  stream.next();
  return { kind: word, args, span: join(start, semicolon(stream, `${word}(...)`)) };
}

/** A name, or an index chain on a name: what can be assigned to. */
function isAssignable(e: Expr): boolean {
  return e.kind === 'name' || (e.kind === 'index' && isAssignable(e.target));
}

function expressionStatement(stream: TokenStream, context: ExpressionContext): Statement {
  const lhs = parseExpression(stream, context);
  const t = stream.peek();
  if (t.kind === 'punct' && t.text === '~') return sampling(stream, context, lhs);
  if (t.kind === 'punct' && ASSIGN_OPERATORS.includes(t.text)) {
    if (!isAssignable(lhs)) fail(lhs.span, `Only a variable or an indexed variable can be assigned to with '${t.text}'.`);
    stream.next();
    const value = parseExpression(stream, context);
    return { kind: 'assign', target: lhs, op: t.text as AssignOperator, value, span: join(lhs.span, semicolon(stream, 'the assignment')) };
  }
  const arrow = lhs.kind === 'binary' && lhs.op === '<' && lhs.right.kind === 'negate' ? stream.adjacentPair('<', '-', lhs.left.span.end, lhs.right.span.start + 1) : undefined;
  if (arrow !== undefined) fail(arrow, "The assignment operator '<-' was removed in Stan 2.33: write '=' instead.");
  if (t.kind === 'punct' && t.text === ';') {
    if (lhs.kind !== 'call') fail(lhs.span, 'This expression is not a statement: assign it (x = ...), add it to target (target += ...), or use it in a sampling statement (... ~ ...).');
    return { kind: 'call', call: lhs, span: join(lhs.span, stream.next().span) };
  }
  const head = lhs.kind === 'index' ? lhs.target : lhs;
  // `vectr[3] x;` reads as an expression followed by a name: most likely a misspelled type.
  if (head.kind === 'name' && t.kind === 'identifier' && !t.newlineBefore) {
    const guess = nearestTypeName(head.name);
    if (guess !== undefined) fail(head.span, `Unknown type '${head.name}' (did you mean '${guess}'?).`);
  }
  stream.failExpected(`';', '~' or an assignment ('=', '+=', ...) after the expression`);
}

function sampling(stream: TokenStream, context: ExpressionContext, lhs: Expr): Statement {
  stream.next();
  const name = stream.identifier('a distribution name after \'~\'');
  const suffix = DENSITY_SUFFIX.exec(name.name);
  if (suffix !== null) {
    fail(name.span, `After '~' write the distribution without its _${suffix[1]} suffix: ... ~ ${name.name.slice(0, suffix.index)}(...).`);
  }
  if (!stream.isPunct('(')) stream.failExpected(`'(' after the distribution '${name.name}'`);
  stream.next();
  const args: Expr[] = [];
  if (!stream.isPunct(')')) {
    do {
      args.push(parseExpression(stream, context));
      if (stream.isPunct('|')) fail(stream.peek().span, `A sampling statement takes the distribution's parameters without '|': ... ~ ${name.name}(a, b).`);
    } while (stream.accept(','));
    if (!stream.isPunct(')')) stream.failExpected(`',' or ')' in the arguments of '${name.name}'`);
  }
  stream.next();
  let truncation: Truncation | null = null;
  if (stream.isWord('T') && stream.isPunct('[', 1)) {
    const start = stream.next().span;
    stream.next();
    const lower = stream.isPunct(',') ? null : parseExpression(stream, context);
    if (!stream.isPunct(',')) stream.failExpected("',' in the truncation (T[L, U], T[L, ] or T[, U])");
    stream.next();
    const upper = stream.isPunct(']') ? null : parseExpression(stream, context);
    const end = stream.expect(']', 'to close the truncation');
    if (lower === null && upper === null) fail(join(start, end), 'T[, ] truncates nothing: give a lower bound, an upper bound or both.');
    truncation = { lower, upper };
  }
  const end = semicolon(stream, 'the sampling statement');
  return { kind: 'sample', lhs, distribution: name.name, distributionSpan: name.span, args, truncation, span: join(lhs.span, end) };
}

