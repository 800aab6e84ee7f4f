import type { Expr, IndexExpr, Span } from '../json/ast.js';
import { ParseFailure } from './errors.js';
import { BINARY, CONDITIONAL, NO_CONDITIONAL, POSTFIX, PREFIX, PRIMARY, formatNumber } from './format-expression.js';
import { literalOfScalars, type ShapeScope } from './shapes.js';

/**
 * A Stan expression as the text of a JSON spec's expression: the same syntax, except for
 * bracket literals (Stan's `[a, b]` is a row vector, a spec's a column vector), which are
 * rewritten by their elements' shapes. The text comes with where each sub-expression
 * landed in it, so that a checker's message about a column of the text points back at the
 * Stan source.
 */

/** One sub-expression's place in the text, and the Stan source it came from. */
export interface TextPiece {
  readonly start: number;
  readonly end: number;
  readonly source: Span;
}

export interface JsonExpression {
  readonly text: string;
  readonly pieces: readonly TextPiece[];
}

const unsupported = (span: Span, detail: string): ParseFailure => new ParseFailure('unsupported', span, detail);

/**
 * Stan's literals in the spec's terms: `[a, b]` of scalars is `[a, b]'`, `[a, b]'` is `[a, b]`,
 * and a matrix `[r1, r2]` of row vectors is the spec's `[r1, r2]` (a spec's literal takes
 * rows of either orientation).
 */
export function specTree(e: Expr, scope: ShapeScope): Expr {
  const recur = (x: Expr): Expr => specTree(x, scope);
  switch (e.kind) {
    case 'number':
    case 'name':
      return e;
    case 'negate':
    case 'not':
      return { ...e, operand: recur(e.operand) };
    case 'transpose':
      if (e.operand.kind === 'rowVector' && rowVectorOfScalars(e.operand, scope)) return { kind: 'vector', elements: e.operand.elements.map(recur), span: e.span };
      return { ...e, operand: recur(e.operand) };
    case 'binary':
      return { ...e, left: recur(e.left), right: recur(e.right) };
    case 'conditional':
      return { ...e, condition: recur(e.condition), ifTrue: recur(e.ifTrue), ifFalse: recur(e.ifFalse) };
    case 'call':
      return { ...e, args: e.args.map(recur) };
    case 'index':
      return { ...e, target: recur(e.target), indices: e.indices.map((i): IndexExpr => (i.kind === 'single' ? { kind: 'single', expr: recur(i.expr) } : { ...i, start: i.start && recur(i.start), end: i.end && recur(i.end) })) };
    case 'rowVector': {
      if (rowVectorOfScalars(e, scope)) return { kind: 'transpose', operand: { kind: 'vector', elements: e.elements.map(recur), span: e.span }, span: e.span };
      // A matrix: a row written as a literal is the spec's literal row as it stands.
      const rows = e.elements.map((x): Expr => (x.kind === 'rowVector' ? { kind: 'vector', elements: x.elements.map(recur), span: x.span } : recur(x)));
      return { kind: 'vector', elements: rows, span: e.span };
    }
    case 'vector':
      throw unsupported(e.span, 'A column-vector literal has no Stan syntax; write [a, b]\' (a transposed row vector).');
    case 'array':
      return { ...e, elements: e.elements.map(recur) };
  }
}

function rowVectorOfScalars(e: Extract<Expr, { kind: 'rowVector' }>, scope: ShapeScope): boolean {
  const scalars = literalOfScalars(e.elements, scope);
  if (scalars === undefined) {
    throw unsupported(e.span, 'Cannot tell whether the elements of this [ ] literal are scalars (a row vector) or row vectors (a matrix): use a declared variable, or to_row_vector({...}).');
  }
  return scalars;
}

/** The spec's text of a tree made by specTree, with the pieces. */
export function printSpecExpression(e: Expr): JsonExpression {
  const pieces: TextPiece[] = [];
  let text = '';
  const emit = (s: string): void => {
    text += s;
  };
  const print = (x: Expr, context: number): void => {
    const level = precedence(x);
    const parenthesised = level < context;
    if (parenthesised) emit('(');
    const start = text.length;
    body(x);
    pieces.push({ start, end: text.length, source: x.span });
    if (parenthesised) emit(')');
  };
  const list = (elements: readonly Expr[]): void =>
    elements.forEach((x, k) => {
      if (k > 0) emit(', ');
      print(x, CONDITIONAL);
    });
  const index = (i: IndexExpr): void => {
    if (i.kind === 'single') return print(i.expr, CONDITIONAL);
    if (i.start !== null) print(i.start, NO_CONDITIONAL);
    emit(':');
    if (i.end !== null) print(i.end, NO_CONDITIONAL);
  };
  const body = (x: Expr): void => {
    switch (x.kind) {
      case 'number':
        return emit(x.value < 0 || Object.is(x.value, -0) ? `-${formatNumber(-x.value, x.integer)}` : formatNumber(x.value, x.integer));
      case 'name':
        return emit(x.name);
      case 'negate':
      case 'not':
        emit(x.kind === 'negate' ? '-' : '!');
        return print(x.operand, PREFIX);
      case 'transpose':
        print(x.operand, POSTFIX);
        return emit("'");
      case 'binary': {
        const level = BINARY[x.op];
        const [left, right] = level === BINARY['^'] ? [POSTFIX, PREFIX] : [level, level + 1];
        print(x.left, left);
        emit(` ${x.op} `);
        return print(x.right, right);
      }
      case 'conditional':
        print(x.condition, NO_CONDITIONAL);
        emit(' ? ');
        print(x.ifTrue, CONDITIONAL);
        emit(' : ');
        return print(x.ifFalse, CONDITIONAL);
      case 'call': {
        emit(`${x.callee}(`);
        const [first, ...rest] = x.args;
        if (x.bar && first !== undefined) {
          print(first, CONDITIONAL);
          emit(rest.length === 0 ? ' |' : ' | ');
          list(rest);
        } else list(x.args);
        return emit(')');
      }
      case 'index':
        print(x.target, POSTFIX);
        emit('[');
        x.indices.forEach((i, k) => {
          if (k > 0) emit(', ');
          index(i);
        });
        return emit(']');
      case 'vector':
      case 'rowVector':
        emit('[');
        list(x.elements);
        return emit(']');
      case 'array':
        emit('{');
        list(x.elements);
        return emit('}');
    }
  };
  print(e, CONDITIONAL);
  return { text, pieces };
}

function precedence(e: Expr): number {
  switch (e.kind) {
    case 'number':
      return e.value < 0 || Object.is(e.value, -0) ? PREFIX : PRIMARY;
    case 'negate':
    case 'not':
      return PREFIX;
    case 'transpose':
    case 'index':
      return POSTFIX;
    case 'binary':
      return BINARY[e.op];
    case 'conditional':
      return CONDITIONAL;
    default:
      return PRIMARY;
  }
}

/** The Stan source behind a span of the text: the piece that matches it exactly, else the smallest that holds its start. */
export function sourceOf(expression: JsonExpression, start: number, end: number): Span | undefined {
  const exact = expression.pieces.find((p) => p.start === start && p.end === end);
  if (exact !== undefined) return exact.source;
  let best: TextPiece | undefined;
  for (const p of expression.pieces) {
    if (p.start <= start && start < Math.max(p.end, p.start + 1) && (best === undefined || p.end - p.start < best.end - best.start)) best = p;
  }
  return best?.source;
}
