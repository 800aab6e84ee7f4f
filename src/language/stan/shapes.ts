import type { Expr } from '../json/ast.js';

/**
 * Just enough static typing to translate a bracket literal between the two front ends:
 * Stan's `[a, b]` is a row vector of scalars or a matrix of row vectors, a JSON spec's
 * `[a, b]` a column vector of scalars or a matrix of rows. Which one a literal is depends on
 * whether its elements are scalars, so names carry their declared shapes; an expression
 * whose shape this cannot tell is 'unknown' (the converter then refuses the literal by name
 * rather than guess).
 */

export type ShapeKind = 'scalar' | 'vector' | 'row_vector' | 'matrix' | 'unknown';

/** A declared variable: its element kind and how many array axes sit in front of it. */
export interface DeclaredShape {
  readonly element: 'scalar' | 'vector' | 'row_vector' | 'matrix';
  readonly arrayDims: number;
}

export type ShapeScope = ReadonlyMap<string, DeclaredShape>;

/** Element kinds of declared types (Stan's and the JSON spec's type names). */
export function elementShape(typeName: string): DeclaredShape['element'] {
  if (typeName === 'int' || typeName === 'real') return 'scalar';
  if (typeName === 'row_vector') return 'row_vector';
  if (['vector', 'simplex', 'unit_vector', 'sum_to_zero_vector', 'ordered', 'positive_ordered'].includes(typeName)) return 'vector';
  if (typeName === 'int_array') return 'scalar';
  return 'matrix';
}

/** Functions whose result is not a scalar even when every argument is one. */
const NON_SCALAR_FROM_SCALARS = /^(rep_|to_|linspaced_|one_hot|zeros_|ones_|uniform_simplex|identity_matrix|diag_|cholesky|append_|segment|head|tail|block|col|row|sort|rank|reverse|cumulative_sum|softmax|log_softmax)/;

/** The shape of a value of `shape` after `count` single indices. */
function indexed(shape: DeclaredShape, count: number): ShapeKind {
  const remaining = shape.arrayDims - count;
  if (remaining > 0) return 'unknown';
  const intoElement = -remaining;
  if (intoElement === 0) return shape.element;
  if (shape.element === 'matrix') return intoElement === 1 ? 'row_vector' : intoElement === 2 ? 'scalar' : 'unknown';
  if (shape.element === 'vector' || shape.element === 'row_vector') return intoElement === 1 ? 'scalar' : 'unknown';
  return 'unknown';
}

/** The shape of `e` where it can be told from the declarations in `scope`. */
export function shapeOf(e: Expr, scope: ShapeScope): ShapeKind {
  switch (e.kind) {
    case 'number':
      return 'scalar';
    case 'name': {
      const declared = scope.get(e.name);
      return declared === undefined || declared.arrayDims > 0 ? 'unknown' : declared.element;
    }
    case 'negate':
      return shapeOf(e.operand, scope);
    case 'not':
      return 'scalar';
    case 'transpose': {
      const inner = shapeOf(e.operand, scope);
      return inner === 'vector' ? 'row_vector' : inner === 'row_vector' ? 'vector' : inner;
    }
    case 'binary': {
      if (['==', '!=', '<', '<=', '>', '>=', '&&', '||'].includes(e.op)) return 'scalar';
      const [left, right] = [shapeOf(e.left, scope), shapeOf(e.right, scope)];
      if (left === 'scalar' && right === 'scalar') return 'scalar';
      if (e.op === '*' && left === 'row_vector' && right === 'vector') return 'scalar';
      if ((e.op === '+' || e.op === '-' || e.op === '.*' || e.op === './') && (left === 'scalar' || right === 'scalar')) return left === 'scalar' ? right : left;
      return 'unknown';
    }
    case 'conditional': {
      const [a, b] = [shapeOf(e.ifTrue, scope), shapeOf(e.ifFalse, scope)];
      return a === b ? a : a === 'unknown' ? b : b === 'unknown' ? a : 'unknown';
    }
    case 'call': {
      if (/_(lpdf|lpmf|lupdf|lupmf|lcdf|lccdf|cdf)$/.test(e.callee)) return 'scalar';
      if (NON_SCALAR_FROM_SCALARS.test(e.callee)) return 'unknown';
      return e.args.length > 0 && e.args.every((a) => shapeOf(a, scope) === 'scalar') ? 'scalar' : 'unknown';
    }
    case 'index': {
      // A range, or an integer array as an index, selects several elements: only int scalars index one.
      if (e.indices.some((i) => i.kind === 'range' || shapeOf(i.expr, scope) !== 'scalar')) return 'unknown';
      if (e.target.kind !== 'name') return 'unknown';
      const declared = scope.get(e.target.name);
      return declared === undefined ? 'unknown' : indexed(declared, e.indices.length);
    }
    case 'vector':
      return e.elements.some((x) => shapeOf(x, scope) === 'scalar') ? 'vector' : 'matrix';
    case 'rowVector':
      return e.elements.some((x) => shapeOf(x, scope) === 'scalar') ? 'row_vector' : 'matrix';
    case 'array':
      return 'unknown';
  }
}

/** Whether a literal's elements are scalars (true), rows (false), or cannot be told (undefined). */
export function literalOfScalars(elements: readonly Expr[], scope: ShapeScope): boolean | undefined {
  const shapes = elements.map((x) => shapeOf(x, scope));
  if (shapes.includes('scalar')) return true;
  if (shapes.some((s) => s === 'vector' || s === 'row_vector') || elements.some((x) => x.kind === 'vector' || x.kind === 'rowVector')) return false;
  return undefined;
}
