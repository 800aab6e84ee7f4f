import { sizesAgree, withArticle, type Size, type SpecType } from '../types.js';
import { wrongArgument, type Argument } from './function.js';

// Type rules shared by the matrix functions: each returns the checked type or a message
// naming the function, the argument and the expected form.

/** Argument `position` must be a square matrix. */
export function squareMatrix(name: string, args: readonly Argument[], position = 0): SpecType | string {
  const t = args[position]!.type;
  if (t.kind !== 'matrix') return wrongArgument(name, position, 'a square matrix', t);
  if (!sizesAgree(t.rows, t.cols)) return `${name}: argument ${position + 1} must be a square matrix, but is ${withArticle(t)}`;
  return t;
}

/** Argument `position` must be a matrix. */
export function anyMatrix(name: string, args: readonly Argument[], position: number): Extract<SpecType, { kind: 'matrix' }> | string {
  const t = args[position]!.type;
  return t.kind === 'matrix' ? t : wrongArgument(name, position, 'a matrix', t);
}

/** A vector (or row vector) argument whose size must match a matrix's side. */
export function matchingVector(name: string, args: readonly Argument[], position: number, side: Size): string | undefined {
  const t = args[position]!.type;
  if (t.kind !== 'vector' && t.kind !== 'row_vector') return wrongArgument(name, position, 'a vector', t);
  return sizesAgree(t.size, side) ? undefined : `${name}: the vector has ${t.size} elements, but the matrix side is ${side}`;
}

/** The number of rows (or elements) of a vector or matrix argument. */
export const rowsOf = (t: SpecType): Size => (t.kind === 'matrix' ? t.rows : 'size' in t ? t.size : 1);

/** A right-hand side for a square matrix of side `side`: a vector or a matrix with `side` rows (A \ b). */
export function leftRightHandSide(name: string, args: readonly Argument[], position: number, side: Size): SpecType | string {
  const b = args[position]!.type;
  if (b.kind !== 'vector' && b.kind !== 'matrix') return wrongArgument(name, position, 'a vector or matrix', b);
  const rows = rowsOf(b);
  return sizesAgree(rows, side) ? b : `${name}: argument ${position + 1} has ${rows} rows, but the matrix is ${side} × ${side}`;
}

/** A left-hand side for a square matrix of side `side`: a row vector or a matrix with `side` columns (b / A). */
export function rightLeftHandSide(name: string, args: readonly Argument[], position: number, side: Size): SpecType | string {
  const b = args[position]!.type;
  if (b.kind !== 'row_vector' && b.kind !== 'matrix') return wrongArgument(name, position, 'a row vector or matrix', b);
  const cols = b.kind === 'matrix' ? b.cols : b.size;
  return sizesAgree(cols, side) ? b : `${name}: argument ${position + 1} has ${cols} columns, but the matrix is ${side} × ${side}`;
}
