import type { BinaryOperator, Expr, IndexExpr } from '../json/ast.js';

/**
 * Expressions printed as Stan source with only the parentheses the grammar needs (the
 * precedence levels of parse-expression.ts), so that parsing the text gives the tree back.
 */

/** Binding strength, loosest first; a sub-expression looser than its place is parenthesised. */
export const CONDITIONAL = 1;
export const BINARY: Readonly<Record<BinaryOperator, number>> = {
  '||': 2,
  '&&': 3,
  '==': 4,
  '!=': 4,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
  '+': 6,
  '-': 6,
  '*': 7,
  '/': 7,
  '%': 7,
  '.*': 7,
  './': 7,
  '\\': 8,
  '%/%': 8,
  '^': 10,
  '.^': 10,
};
/** Below comparisons: where a range's end or a loop bound is read, a conditional is parenthesised. */
export const NO_CONDITIONAL = 2;
/** The arithmetic of a bound, offset or multiplier: `<upper=(a > b ? a : b)>` needs its parentheses. */
export const ARITHMETIC = 6;
export const PREFIX = 9;
export const POSTFIX = 11;
export const PRIMARY = 12;

/**
 * A number as a Stan literal: an int as digits, a real always with a '.' or an exponent
 * (1.0, 0.5, 1e-10), so that it reads back as a real.
 */
export function formatNumber(value: number, integer: boolean): string {
  if (!Number.isFinite(value)) throw new Error(`${value} has no Stan literal: write positive_infinity(), negative_infinity() or not_a_number()`);
  if (integer) {
    if (!Number.isInteger(value)) throw new Error(`${value} is marked as an int literal but is not an integer`);
    return String(value);
  }
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

function printIndex(index: IndexExpr): string {
  if (index.kind === 'single') return formatExpression(index.expr);
  const start = index.start === null ? '' : formatExpression(index.start, NO_CONDITIONAL);
  const end = index.end === null ? '' : formatExpression(index.end, NO_CONDITIONAL);
  return `${start}:${end}`;
}

const list = (elements: readonly Expr[]): string => elements.map((e) => formatExpression(e)).join(', ');

/** The text of `e` and how strongly it binds. */
function printWithPrecedence(e: Expr): [string, number] {
  switch (e.kind) {
    case 'number':
      return e.value < 0 || Object.is(e.value, -0) ? [`-${formatNumber(-e.value, e.integer)}`, PREFIX] : [formatNumber(e.value, e.integer), PRIMARY];
    case 'name':
      return [e.name, PRIMARY];
    case 'negate':
      return [`-${formatExpression(e.operand, PREFIX)}`, PREFIX];
    case 'not':
      return [`!${formatExpression(e.operand, PREFIX)}`, PREFIX];
    case 'transpose':
      return [`${formatExpression(e.operand, POSTFIX)}'`, POSTFIX];
    case 'binary': {
      const level = BINARY[e.op];
      // ^ and .^ group to the right, with a prefix expression as the exponent (2 ^ -1).
      const [left, right] = level === BINARY['^'] ? [POSTFIX, PREFIX] : [level, level + 1];
      return [`${formatExpression(e.left, left)} ${e.op} ${formatExpression(e.right, right)}`, level];
    }
    case 'conditional':
      return [`${formatExpression(e.condition, NO_CONDITIONAL)} ? ${formatExpression(e.ifTrue)} : ${formatExpression(e.ifFalse)}`, CONDITIONAL];
    case 'call': {
      if (!e.bar) return [`${e.callee}(${list(e.args)})`, PRIMARY];
      const [first, ...rest] = e.args;
      return [`${e.callee}(${first === undefined ? '' : formatExpression(first)} |${rest.length === 0 ? '' : ` ${list(rest)}`})`, PRIMARY];
    }
    case 'index':
      return [`${formatExpression(e.target, POSTFIX)}[${e.indices.map(printIndex).join(', ')}]`, POSTFIX];
    case 'rowVector':
      return [`[${list(e.elements)}]`, PRIMARY];
    case 'vector':
      // A JSON spec's column-vector literal. Stan writes a matrix by rows the same way; a vector of
      // scalars is a transposed row vector. (A literal of vector-valued names needs their types.)
      return e.elements.every((x) => x.kind === 'vector')
        ? [`[${e.elements.map((row) => `[${list((row as { elements: readonly Expr[] }).elements)}]`).join(', ')}]`, PRIMARY]
        : [`[${list(e.elements)}]'`, POSTFIX];
    case 'array':
      return [`{${list(e.elements)}}`, PRIMARY];
  }
}

/** `e` as Stan source, parenthesised if it binds more loosely than `context` requires. */
export function formatExpression(e: Expr, context = CONDITIONAL): string {
  const [text, level] = printWithPrecedence(e);
  return level < context ? `(${text})` : text;
}
