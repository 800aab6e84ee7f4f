import type { Span } from '../json/ast.js';
import { fail, refuse } from './errors.js';

/**
 * Stan's tokens (the lexical rules of stanc3's lexer, as the Stan reference manual states
 * them). `newlineBefore` records a line break (or a comment holding one) before the token,
 * so that a missing ';' can be reported at the end of the line where it belongs.
 */
export type Token =
  | { readonly kind: 'int'; readonly value: number; readonly span: Span; readonly newlineBefore: boolean }
  | { readonly kind: 'real'; readonly value: number; readonly span: Span; readonly newlineBefore: boolean }
  | { readonly kind: 'string'; readonly value: string; readonly span: Span; readonly newlineBefore: boolean }
  | { readonly kind: 'identifier'; readonly name: string; readonly span: Span; readonly newlineBefore: boolean }
  | { readonly kind: 'punct'; readonly text: string; readonly span: Span; readonly newlineBefore: boolean }
  | { readonly kind: 'end'; readonly span: Span; readonly newlineBefore: boolean };

// Longest first, so that '.*=' is not read as '.*' then '=', nor '<=' as '<' then '='.
// '<-' is not a token: `x<-1` is x < -1; the removed assignment `x <- 1` is recognised by
// the statement parser, which can then name it.
const PUNCTUATION = [
  '.*=', './=', '%/%',
  '+=', '-=', '*=', '/=', '.*', './', '.^', '==', '!=', '<=', '>=', '&&', '||',
  '+', '-', '*', '/', '%', '\\', '^', '<', '>', '!', '?', "'", '(', ')', '[', ']', '{', '}', ',', ':', ';', '|', '~', '=',
];

// stanc3's literals: digits may be grouped with single underscores (1_000_000); a real has a
// '.', an exponent or both ("1.", ".5", "1e-3"); longest match, so "2.*x" is 2. * x.
const DIGITS = String.raw`\d+(?:_\d+)*`;
const EXPONENT = String.raw`[eE][+-]?${DIGITS}`;
const REAL = String.raw`(?:${DIGITS}\.(?:\d+(?:_\d+)*)?(?:${EXPONENT})?|\.${DIGITS}(?:${EXPONENT})?|${DIGITS}${EXPONENT})`;

/**
 * The text a pattern matches at offset i, if any. Sticky (y) patterns match at lastIndex, so
 * no slice of the rest of the program is made per token; they are made per call of tokenize,
 * since a RegExp's lastIndex is state.
 */
function matchAt(pattern: RegExp, source: string, i: number): string | undefined {
  pattern.lastIndex = i;
  return pattern.exec(source)?.[0];
}

interface Patterns {
  readonly real: RegExp;
  readonly int: RegExp;
  readonly identifier: RegExp;
  readonly nameTail: RegExp;
}

const patterns = (): Patterns => ({
  real: new RegExp(REAL, 'y'),
  int: new RegExp(DIGITS, 'y'),
  identifier: /[A-Za-z][A-Za-z0-9_]*/y,
  nameTail: /[A-Za-z0-9_]*/y,
});

/** The largest int literal Stan accepts (ints are 32-bit). */
const MAX_INT = 2 ** 31 - 1;

/** Skips spaces and comments from `i`; returns the next offset and whether a line break was crossed. */
function skipBlank(source: string, start: number): { next: number; newline: boolean } {
  let i = start;
  let newline = false;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\n' || c === '\r') {
      newline = true;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\uFEFF') {
      i++;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (c === '#') {
      // '#' comments are pre-2.33 Stan; '#include' is a directive leapfrog does not follow.
      if (source.startsWith('#include', i) && !/[A-Za-z0-9_]/.test(source[i + 8] ?? '')) {
        refuse({ start: i, end: i + 8 }, "'#include' is not supported: paste the included file's text into the program (leapfrog reads one file).");
      }
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      if (close < 0) fail({ start: i, end: i + 2 }, "This comment is not closed: '/*' needs a matching '*/'.");
      if (/[\n\r]/.test(source.slice(i, close))) newline = true;
      i = close + 2;
    } else {
      break;
    }
  }
  return { next: i, newline };
}

function numberToken(source: string, i: number, newlineBefore: boolean, lex: Patterns): Token | undefined {
  const real = matchAt(lex.real, source, i);
  const text = real ?? matchAt(lex.int, source, i);
  if (text === undefined) return undefined;
  const span = { start: i, end: i + text.length };
  if (source[span.end] === 'i' && !/[A-Za-z0-9_]/.test(source[span.end + 1] ?? '')) {
    refuse({ start: i, end: span.end + 1 }, `The imaginary literal '${text}i' is not supported: leapfrog has no complex numbers.`);
  }
  const value = Number(text.replace(/_/g, ''));
  if (real !== undefined) return { kind: 'real', value, span, newlineBefore };
  if (value > MAX_INT) fail(span, `The integer ${text} is too large: Stan's ints are 32-bit (at most 2147483647). Write it as a real, ${text}.0, if that is what you mean.`);
  return { kind: 'int', value, span, newlineBefore };
}

function stringToken(source: string, i: number, newlineBefore: boolean): Token {
  let j = i + 1;
  // A backslash keeps the next character in the string (so \" does not end it); the text is kept as written.
  while (j < source.length && source[j] !== '"' && source[j] !== '\n' && source[j] !== '\r') {
    const escapes = source[j] === '\\' && j + 1 < source.length && source[j + 1] !== '\n' && source[j + 1] !== '\r';
    j += escapes ? 2 : 1;
  }
  if (source[j] !== '"') fail({ start: i, end: i + 1 }, 'This string is not closed: a string ends with \'"\' on the same line.');
  return { kind: 'string', value: source.slice(i + 1, j), span: { start: i, end: j + 1 }, newlineBefore };
}

/** A tuple index such as `x.1` (Stan 2.33's tuples), refused by name rather than misread as x followed by 0.1. */
function isTupleIndex(source: string, i: number, previous: Token | undefined): boolean {
  if (source[i] !== '.' || !/\d/.test(source[i + 1] ?? '') || previous === undefined || previous.span.end !== i) return false;
  return previous.kind === 'identifier' || (previous.kind === 'punct' && (previous.text === ')' || previous.text === ']'));
}

/** The tokens of a Stan program, ending with an 'end' token. Throws a ParseFailure. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const lex = patterns();
  let i = 0;
  for (;;) {
    const blank = skipBlank(source, i);
    i = blank.next;
    const newlineBefore = blank.newline;
    if (i >= source.length) {
      tokens.push({ kind: 'end', span: { start: source.length, end: source.length }, newlineBefore });
      return tokens;
    }
    const c = source[i]!;
    if (isTupleIndex(source, i, tokens[tokens.length - 1])) refuse({ start: i, end: i + 2 }, 'Tuples are not supported (tuple indexing with .1, .2, ...).');
    const number = /[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? '')) ? numberToken(source, i, newlineBefore, lex) : undefined;
    if (number !== undefined) {
      tokens.push(number);
      i = number.span.end;
      continue;
    }
    if (c === '"') {
      const token = stringToken(source, i, newlineBefore);
      tokens.push(token);
      i = token.span.end;
      continue;
    }
    const name = matchAt(lex.identifier, source, i);
    if (name !== undefined) {
      const end = i + name.length;
      tokens.push({ kind: 'identifier', name: source.slice(i, end), span: { start: i, end }, newlineBefore });
      i = end;
      continue;
    }
    if (c === '_') {
      const end = i + (matchAt(lex.nameTail, source, i)?.length ?? 1);
      fail({ start: i, end }, `'${source.slice(i, end)}' is not a valid name: Stan names start with a letter.`);
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (punct === undefined) {
      const hint = c === '&' ? " (logical and is '&&')" : '';
      fail({ start: i, end: i + 1 }, `Unexpected character '${c}'${hint}.`);
    }
    tokens.push({ kind: 'punct', text: punct, span: { start: i, end: i + punct.length }, newlineBefore });
    i += punct.length;
  }
}

/** How a token reads in a message: `';'`, `'sigma'`, `number 3`, `the end of the file`. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the file';
    case 'int':
    case 'real':
      return `the number ${token.value}`;
    case 'string':
      return `the string "${token.value}"`;
    case 'identifier':
      return `'${token.name}'`;
    case 'punct':
      return `'${token.text}'`;
  }
}
