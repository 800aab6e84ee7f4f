import type { Expr } from '../json/ast.js';
import type { DeclaredType, Statement } from './tree.js';

/** The expressions of a type: array sizes, sizes and constraint bounds. */
function typeExpressions(type: DeclaredType): Expr[] {
  const c = type.constraint;
  const bounds = c === null ? [] : c.kind === 'bounds' ? [c.lower, c.upper] : [c.offset, c.multiplier];
  return [...type.arrayDims, ...type.sizes, ...bounds.filter((e): e is Expr => e !== null)];
}

/** The expressions a statement holds directly (not those of the statements in its body). */
export function statementExpressions(s: Statement): Expr[] {
  switch (s.kind) {
    case 'declaration':
      return [...typeExpressions(s.type), ...(s.value === null ? [] : [s.value])];
    case 'assign':
      return [s.target, s.value];
    case 'sample':
      return [s.lhs, ...s.args, ...(s.truncation === null ? [] : [s.truncation.lower, s.truncation.upper].filter((e): e is Expr => e !== null))];
    case 'target':
    case 'jacobian':
      return [s.value];
    case 'call':
      return [s.call];
    case 'for':
      return [s.lower, s.upper];
    case 'foreach':
      return [s.collection];
    case 'while':
    case 'if':
      return [s.condition];
    case 'print':
    case 'reject':
    case 'fatal_error':
      return s.args.flatMap((a) => (a.kind === 'string' ? [] : [a]));
    case 'return':
      return s.value === null ? [] : [s.value];
    case 'block':
    case 'profile':
    case 'break':
    case 'continue':
    case 'empty':
      return [];
  }
}

/** The statement lists nested in a statement (a loop's body, both branches of an if, a block). */
export function statementBodies(s: Statement): (readonly Statement[])[] {
  switch (s.kind) {
    case 'for':
    case 'foreach':
    case 'while':
    case 'block':
    case 'profile':
      return [s.body];
    case 'if':
      return s.else === null ? [s.then] : [s.then, s.else];
    default:
      return [];
  }
}

/** The direct sub-expressions of an expression. */
export function subExpressions(e: Expr): Expr[] {
  switch (e.kind) {
    case 'number':
    case 'name':
      return [];
    case 'negate':
    case 'not':
    case 'transpose':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'conditional':
      return [e.condition, e.ifTrue, e.ifFalse];
    case 'call':
      return [...e.args];
    case 'index':
      return [e.target, ...e.indices.flatMap((i) => (i.kind === 'single' ? [i.expr] : [i.start, i.end].filter((x): x is Expr => x !== null)))];
    case 'vector':
    case 'rowVector':
    case 'array':
      return [...e.elements];
  }
}

/** Calls `visit` on `e` and every expression inside it, outermost first (iteratively: no deep recursion). */
export function forEachExpression(e: Expr, visit: (e: Expr) => void): void {
  const pending = [e];
  while (pending.length > 0) {
    const next = pending.pop()!;
    visit(next);
    pending.push(...subExpressions(next).reverse());
  }
}
