import { add, mul } from '../../../ad/ops/arithmetic.js';
import { dot, matmul, matvec, transpose } from '../../../ad/ops/linalg.js';
import { sum } from '../../../ad/ops/reduce.js';
import { reshape } from '../../../ad/ops/shape.js';
import { checkedSymmetric } from '../../../ad/ops/symmetric.js';
import { shapeOf, type Value } from '../../../ad/trace.js';
import { REAL, matrixType, rowVectorType, sizesAgree, vectorType, withArticle, type Size, type SpecType } from '../types.js';
import { arity, wrongArgument, type Argument, type SpecFunction } from './function.js';
import { rowsOf, squareMatrix } from './matrix-checks.js';

// Stan functions reference, "Dot products and specialized products": column and row dot
// products and quadratic forms, written with leapfrog's linear-algebra ops.

type Axis = 'columns' | 'rows';

/** Two vectors, two row vectors or two matrices of one shape. */
function sameShape(name: string, args: readonly Argument[]): SpecType | string {
  const [a, b] = [args[0]!.type, args[1]!.type];
  const ok = (t: SpecType): boolean => t.kind === 'vector' || t.kind === 'row_vector' || t.kind === 'matrix';
  if (!ok(a)) return wrongArgument(name, 0, 'a vector, row vector or matrix', a);
  if (a.kind !== b.kind) return `${name}: both arguments must be of one kind (two vectors, two row vectors or two matrices), but are ${withArticle(a)} and ${withArticle(b)}`;
  if (a.kind === 'matrix' && b.kind === 'matrix') {
    return sizesAgree(a.rows, b.rows) && sizesAgree(a.cols, b.cols) ? a : `${name}: the matrices differ in shape (${a.rows} × ${a.cols} and ${b.rows} × ${b.cols})`;
  }
  const [sa, sb] = [(a as { size: Size }).size, (b as { size: Size }).size];
  return sizesAgree(sa, sb) ? a : `${name}: the sizes differ (${sa} and ${sb})`;
}

/** Per-column (a row vector) or per-row (a vector) sums of a ∘ b, as matrices: a vector is one column, a row vector one row. */
function resultType(axis: Axis, t: SpecType): SpecType {
  const cols = t.kind === 'matrix' ? t.cols : t.kind === 'row_vector' ? t.size : 1;
  const rows = t.kind === 'matrix' ? t.rows : t.kind === 'vector' ? t.size : 1;
  return axis === 'columns' ? rowVectorType(cols) : vectorType(rows);
}

function axisProducts(axis: Axis, a: Value, b: Value, t: SpecType): Value {
  if (t.kind === 'matrix') return sum(mul(a, b), axis === 'columns' ? 0 : 1);
  // A vector is one column (its column sum is the dot product); a row vector one row.
  const whole = (axis === 'columns') === (t.kind === 'vector');
  return whole ? reshape(dot(a, b), [1]) : mul(a, b);
}

function dotProducts(axis: Axis, self: boolean): SpecFunction {
  const name = `${axis}_dot_${self ? 'self' : 'product'}`;
  const what = self ? `x with itself` : `a and b`;
  return {
    name,
    usage: self ? `${name}(x)` : `${name}(a, b)`,
    doc: `The dot products of the ${axis} of ${what}: a ${axis === 'columns' ? 'row vector with one entry per column' : 'vector with one entry per row'} (a vector counts as one column, a row vector as one row).`,
    check: (args) => {
      const problem = arity(name, args, self ? 1 : 2);
      if (problem !== undefined) return problem;
      const t = sameShape(name, self ? [args[0]!, args[0]!] : args);
      return typeof t === 'string' ? t : resultType(axis, t);
    },
    kernel: (args, types) => axisProducts(axis, args[0]!, args[self ? 0 : 1]!, types[0]!),
  };
}

/** A square matrix A and B a vector or matrix with as many rows: B's type for Bᵀ A B. */
function quadFormCheck(name: string, args: readonly Argument[], count = 2, offset = 0): SpecType | string {
  const problem = arity(name, args, count);
  if (problem !== undefined) return problem;
  const a = squareMatrix(name, args, offset);
  if (typeof a === 'string') return a;
  const b = args[offset + 1]!.type;
  if (b.kind !== 'vector' && b.kind !== 'matrix') return wrongArgument(name, offset + 1, 'a vector or matrix', b);
  const side = (a as { rows: Size }).rows;
  return sizesAgree(rowsOf(b), side) ? b : `${name}: B has ${rowsOf(b)} rows, but A is ${side} × ${side}`;
}

/** Bᵀ A B: a real for a vector B. */
function quadForm(A: Value, B: Value): Value {
  if (shapeOf(B).length === 1) return dot(B, matvec(A, B));
  return matmul(transpose(B), matmul(A, B));
}

const symmetrise = (X: Value): Value => mul(0.5, add(X, transpose(X)));

export const productFunctions: readonly SpecFunction[] = [
  dotProducts('columns', false),
  dotProducts('rows', false),
  dotProducts('columns', true),
  dotProducts('rows', true),
  {
    name: 'quad_form',
    usage: 'quad_form(A, B)',
    doc: 'The quadratic form Bᵀ A B of a square matrix A: a real for a vector B, a matrix for a matrix B.',
    check: (args) => {
      const b = quadFormCheck('quad_form', args);
      if (typeof b === 'string') return b;
      return b.kind === 'matrix' ? matrixType(b.cols, b.cols) : REAL;
    },
    kernel: ([A, B]) => quadForm(A!, B!),
  },
  {
    name: 'quad_form_sym',
    usage: 'quad_form_sym(A, B)',
    doc: 'Bᵀ A B for a symmetric A (checked, as in Stan); a matrix result is made exactly symmetric.',
    check: (args) => {
      const b = quadFormCheck('quad_form_sym', args);
      if (typeof b === 'string') return b;
      return b.kind === 'matrix' ? matrixType(b.cols, b.cols) : REAL;
    },
    kernel: ([A, B]) => {
      const form = quadForm(checkedSymmetric(A!, 'quad_form_sym'), B!);
      return shapeOf(form).length === 2 ? symmetrise(form) : form;
    },
  },
  {
    name: 'trace_quad_form',
    usage: 'trace_quad_form(A, B)',
    doc: 'trace(Bᵀ A B), computed as Σ B ∘ (A B) without forming the product matrix.',
    check: (args) => {
      const b = quadFormCheck('trace_quad_form', args);
      return typeof b === 'string' ? b : REAL;
    },
    kernel: ([A, B]) => sum(mul(B!, shapeOf(B!).length === 1 ? matvec(A!, B!) : matmul(A!, B!))),
  },
  {
    name: 'trace_gen_quad_form',
    usage: 'trace_gen_quad_form(D, A, B)',
    doc: 'trace(D Bᵀ A B) for square D and A and a matrix B with as many rows as A and as many columns as D.',
    check: (args) => {
      const b = quadFormCheck('trace_gen_quad_form', args, 3, 1);
      if (typeof b === 'string') return b;
      const d = squareMatrix('trace_gen_quad_form', args, 0);
      if (typeof d === 'string') return d;
      if (b.kind !== 'matrix') return wrongArgument('trace_gen_quad_form', 2, 'a matrix', b);
      return sizesAgree((d as { rows: Size }).rows, b.cols) ? REAL : `trace_gen_quad_form: D is ${(d as { rows: Size }).rows} × ${(d as { rows: Size }).rows}, but B has ${b.cols} columns`;
    },
    // trace(D Bᵀ A B) = Σ (Bᵀ A B)ᵀ ∘ D.
    kernel: ([D, A, B]) => sum(mul(transpose(quadForm(A!, B!)), D!)),
  },
];
