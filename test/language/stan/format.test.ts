import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BinaryOperator, Expr, IndexExpr } from '../../../src/language/json/ast.js';
import { formatExpression, formatNumber, formatStan, parseStan } from '../../../src/language/stan/index.js';
import { exprToSExpression } from '../../../src/language/stan/sexpr.js';
import { exprTree } from './helpers.js';

// The printer: one canonical layout in the current syntax, and only the parentheses the
// grammar needs — checked on hand-picked cases and on random expression trees (print, parse,
// compare).

const span = { start: 0, end: 0 };

describe('formatStan', () => {
  it('prints a program in the canonical layout, current syntax, bodies in braces', () => {
    const source = [
      'functions { real twice(real x) { return 2*x; } void note(data real x); void note(data real x) { print("x=", x); } }',
      'data { int<lower = 0> N; real y[N]; vector<lower=0,upper=1>[N] w; }',
      'parameters { real mu; real<lower=0> sigma; vector<offset=mu,multiplier=sigma>[N] z; simplex[3] s[2]; }',
      'model {',
      '  for (n in 1:N) if (y[n] > 0) y[n] ~ normal(mu, sigma) T[0,]; else if (y[n] < -1) target += -1; else {}',
      '  while (0) { break; }',
      '  for (v in y) { ; }',
      '  { real t = (mu + 1) * 2; t /= 3; }',
      '  profile("p") { z ~ std_normal(); }',
      '}',
    ].join('\n');
    expect(formatStan(parseStan(source))).toBe(
      [
        'functions {',
        '  real twice(real x) {',
        '    return 2 * x;',
        '  }',
        '  void note(data real x);',
        '  void note(data real x) {',
        '    print("x=", x);',
        '  }',
        '}',
        'data {',
        '  int<lower=0> N;',
        '  array[N] real y;',
        '  vector<lower=0, upper=1>[N] w;',
        '}',
        'parameters {',
        '  real mu;',
        '  real<lower=0> sigma;',
        '  vector<offset=mu, multiplier=sigma>[N] z;',
        '  array[2] simplex[3] s;',
        '}',
        'model {',
        '  for (n in 1:N) {',
        '    if (y[n] > 0) {',
        '      y[n] ~ normal(mu, sigma) T[0, ];',
        '    } else if (y[n] < -1) {',
        '      target += -1;',
        '    } else {',
        '    }',
        '  }',
        '  while (0) {',
        '    break;',
        '  }',
        '  for (v in y) {',
        '    ;',
        '  }',
        '  {',
        '    real t = (mu + 1) * 2;',
        '    t /= 3;',
        '  }',
        '  profile("p") {',
        '    z ~ std_normal();',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing for the empty program', () => {
    expect(formatStan(parseStan('// only a comment\n'))).toBe('');
  });
});

describe('formatExpression: parentheses only where the grammar needs them', () => {
  it.each([
    ['(a + b) * c', '(a + b) * c'],
    ['a + (b * c)', 'a + b * c'],
    ['a - (b - c)', 'a - (b - c)'],
    ['(a - b) - c', 'a - b - c'],
    ['(-x)^2', '(-x) ^ 2'],
    ['-(x^2)', '-x ^ 2'],
    ['2^(3^2)', '2 ^ 3 ^ 2'],
    ['(2^3)^2', '(2 ^ 3) ^ 2'],
    ['2^(-1)', '2 ^ -1'],
    ['(a + b)\'', "(a + b)'"],
    ['-(a * b)', '-(a * b)'],
    ['!(a && b)', '!(a && b)'],
    ['(c ? a : b) + 1', '(c ? a : b) + 1'],
    ['c ? (d ? e : f) : g', 'c ? d ? e : f : g'],
    ['(c ? d : e) ? f : g', '(c ? d : e) ? f : g'],
    ['x[(c ? 1 : 2):3]', 'x[(c ? 1 : 2):3]'],
    ['A \\ (b * c)', 'A \\ (b * c)'],
    ['(n %/% 2) * 3', 'n %/% 2 * 3'],
    ['n %/% (2 * 3)', 'n %/% (2 * 3)'],
    ['normal_lpdf(y | (mu), sigma)', 'normal_lpdf(y | mu, sigma)'],
    ['std_normal_lpdf(y |)', 'std_normal_lpdf(y |)'],
  ])('%s prints as %s', (source, expected) => {
    const statement = parseStan(`model {\n  target += ${source};\n}`).model!.statements[0]!;
    if (statement.kind !== 'target') throw new Error('expected target +=');
    expect(formatExpression(statement.value)).toBe(expected);
  });

  it('parenthesises comparisons and conditionals in bounds, where a bare > would close the constraint', () => {
    const printed = formatStan(parseStan('parameters { real a; real<lower=(a > 0 ? 1 : 2), upper=a + 3> b; }'));
    expect(printed).toContain('  real<lower=(a > 0 ? 1 : 2), upper=a + 3> b;');
  });

  it('writes reals so that they read back as reals, ints as ints', () => {
    expect([formatNumber(2, false), formatNumber(0.5, false), formatNumber(1e-10, false), formatNumber(1e21, false), formatNumber(7, true)]).toEqual(['2.0', '0.5', '1e-10', '1e+21', '7']);
    expect(exprTree(formatNumber(1e21, false))).toBe('1e+21');
    expect(() => formatNumber(Number.POSITIVE_INFINITY, false)).toThrow(/positive_infinity\(\)/);
    expect(() => formatNumber(1.5, true)).toThrow(/not an integer/);
  });

  it('prints a JSON spec column-vector literal as a transposed Stan row vector, and a matrix by rows', () => {
    const one = { kind: 'number', value: 1, integer: true, span } as const;
    const column: Expr = { kind: 'vector', elements: [one, one], span };
    expect(formatExpression(column)).toBe("[1, 1]'");
    expect(formatExpression({ kind: 'vector', elements: [column, column], span })).toBe('[[1, 1], [1, 1]]');
  });
});

// Random expression trees of every kind the Stan parser produces.
const names = fc.constantFrom('a', 'b', 'x', 'T', 'lower');
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  names.map((name): Expr => ({ kind: 'name', name, span })),
  fc.nat({ max: 100000 }).map((value): Expr => ({ kind: 'number', value, integer: true, span })),
  fc.double({ min: 0, max: 1e30, noNaN: true, noDefaultInfinity: true }).map((value): Expr => ({ kind: 'number', value, integer: false, span })),
);
const OPERATORS: readonly BinaryOperator[] = ['+', '-', '*', '/', '.*', './', '^', '.^', '%', '%/%', '\\', '==', '!=', '<', '<=', '>', '>=', '&&', '||'];

const { expr } = fc.letrec<{ expr: Expr; index: IndexExpr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constantFrom('negate' as const, 'not' as const, 'transpose' as const), operand: tie('expr') }).map((e): Expr => ({ ...e, span })),
    fc.record({ op: fc.constantFrom(...OPERATORS), left: tie('expr'), right: tie('expr') }).map((e): Expr => ({ kind: 'binary', ...e, span })),
    fc.record({ condition: tie('expr'), ifTrue: tie('expr'), ifFalse: tie('expr') }).map((e): Expr => ({ kind: 'conditional', ...e, span })),
    fc.array(tie('expr'), { maxLength: 3 }).map((args): Expr => ({ kind: 'call', callee: 'f', calleeSpan: span, args, bar: false, span })),
    fc.array(tie('expr'), { minLength: 1, maxLength: 3 }).map((args): Expr => ({ kind: 'call', callee: 'g_lpdf', calleeSpan: span, args, bar: true, span })),
    fc.record({ target: tie('expr'), indices: fc.array(tie('index'), { minLength: 1, maxLength: 3 }) }).map((e): Expr => ({ kind: 'index', ...e, span })),
    fc.record({ kind: fc.constantFrom('rowVector' as const, 'array' as const), elements: fc.array(tie('expr'), { minLength: 1, maxLength: 3 }) }).map((e): Expr => ({ ...e, span })),
  ),
  index: fc.oneof(
    tie('expr').map((e): IndexExpr => ({ kind: 'single', expr: e })),
    fc.record({ start: fc.option(tie('expr'), { nil: null }), end: fc.option(tie('expr'), { nil: null }) }).map((r): IndexExpr => ({ kind: 'range', ...r, span })),
  ),
}));

describe('formatExpression: printing then parsing gives the tree back', () => {
  it('holds on random expression trees', () => {
    fc.assert(
      fc.property(expr, (e) => {
        expect(exprTree(formatExpression(e))).toBe(exprToSExpression(e));
      }),
      { numRuns: 400, seed: 20250518 },
    );
  });
});
