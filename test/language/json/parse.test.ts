import { describe, expect, it } from 'vitest';
import { ParseError, parseExpression, printExpression } from '../../../src/language/json/parse.js';

const printed = (source: string): string => printExpression(parseExpression(source));

/** The 1-based column and message of the parse error of `source`. */
function failure(source: string): { column: number; message: string } {
  try {
    parseExpression(source);
  } catch (error) {
    if (error instanceof ParseError) return { column: error.span.start + 1, message: error.message };
    throw error;
  }
  throw new Error(`"${source}" parsed, but a ParseError was expected`);
}

describe('parseExpression: precedence and associativity (Stan reference manual)', () => {
  it.each([
    ['a + b * c', '(a + (b * c))'],
    ['a * b + c', '((a * b) + c)'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b / c', '((a / b) / c)'],
    ['a .* b ./ c', '((a .* b) ./ c)'],
    ['-x^2', '(-(x ^ 2))'],
    ['2^3^2', '(2 ^ (3 ^ 2))'],
    ['2^-1', '(2 ^ (-1))'],
    ['-a * b', '((-a) * b)'],
    ['a < b + 1', '(a < (b + 1))'],
    ['a == b && c != d || e', '(((a == b) && (c != d)) || e)'],
    ['!a && b', '((!a) && b)'],
    ['c ? a : b + 1', '(c ? a : (b + 1))'],
    ['c ? a : d ? e : f', '(c ? a : (d ? e : f))'],
    ['a %/% b * c', '((a %/% b) * c)'],
    ['n % 2 == 0', '((n % 2) == 0)'],
    ["x' * A * x", "((x' * A) * x)"],
    ["(a + b)'", "(a + b)'"],
    ['(a + b) * c', '((a + b) * c)'],
  ])('%s parses as %s', (source, expected) => {
    expect(printed(source)).toBe(expected);
  });

  it('reads calls, the density bar, indexing, ranges and literals', () => {
    expect(printed('normal_lpdf(y | mu, sigma)')).toBe('normal_lpdf(y | mu, sigma)');
    expect(printed('log_sum_exp(a, b)')).toBe('log_sum_exp(a, b)');
    expect(printed('pi()')).toBe('pi()');
    expect(printed('y[t - 1]')).toBe('y[(t - 1)]');
    expect(printed('X[n, :]')).toBe('X[n, :]');
    expect(printed('y[(K + 1):T]')).toBe('y[(K + 1):T]');
    expect(printed('y[:3]')).toBe('y[:3]');
    expect(printed('a[group] + b * x')).toBe('(a[group] + (b * x))');
    expect(printed('[[1, rho], [rho, 1]]')).toBe('[[1, rho], [rho, 1]]');
    expect(printed('m[i][j]')).toBe('m[i][j]');
    expect(printed('y[{1, 3, 4}]')).toBe('y[{1, 3, 4}]');
  });

  it('reads numbers: integers, decimals and exponents, and 2.*x as 2 .* x', () => {
    const n = parseExpression('1.5e-3');
    expect(n).toMatchObject({ kind: 'number', value: 0.0015, integer: false });
    expect(parseExpression('42')).toMatchObject({ kind: 'number', value: 42, integer: true });
    expect(parseExpression('.5')).toMatchObject({ kind: 'number', value: 0.5, integer: false });
    expect(printed('2.*x')).toBe('(2 .* x)');
  });

  it('records spans of the source text', () => {
    const e = parseExpression('mu + thta');
    expect(e.kind).toBe('binary');
    if (e.kind === 'binary') expect(e.right.span).toEqual({ start: 5, end: 9 });
  });
});

describe('parseExpression: errors name the column', () => {
  it.each([
    ['mu +', 5, 'expected a number, a name'],
    ['{1, 2', 6, "expected '}' to close the array"],
    ['mu + * 2', 6, "found '*'"],
    ['normal(0, 1', 12, "expected ')' to close the arguments of 'normal'"],
    ['(a + b', 7, "expected ')' to close the parenthesis"],
    ['a + b)', 6, 'unbalanced parentheses'],
    ['a b', 3, 'is an operator missing?'],
    ['y[]', 3, 'expected an index'],
    ['y[1', 4, "expected ']' to close the index"],
    ['a = b', 3, "use '==' to compare"],
    ['a $ b', 3, "unexpected character '$'"],
    ['c ? a', 6, "expected ':' between the branches"],
    ['', 1, 'the expression is empty'],
  ])('"%s" fails at column %i', (source, column, message) => {
    const f = failure(source);
    expect(f.column).toBe(column);
    expect(f.message).toContain(message);
  });
});
