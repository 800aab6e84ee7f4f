/**
 * Static types of spec expressions, as in Stan: int and real scalars, vectors, row
 * vectors, matrices, and arrays of ints. Sizes are known when the data are (a spec is
 * checked against its data); without data they are `null` and shape checks are skipped.
 *
 * At run time every value is a leapfrog Value: numbers for scalars, 1-d tensors for
 * vectors, row vectors and int arrays (the orientation is static only), 2-d tensors for
 * matrices. Int-valued expressions never depend on parameters, so they are plain values.
 */

export type Size = number | null;

export type SpecType =
  | { readonly kind: 'int' }
  | { readonly kind: 'real' }
  | { readonly kind: 'vector'; readonly size: Size }
  | { readonly kind: 'row_vector'; readonly size: Size }
  | { readonly kind: 'matrix'; readonly rows: Size; readonly cols: Size }
  | { readonly kind: 'int_array'; readonly size: Size };

export type TypeKind = SpecType['kind'];

export const INT: SpecType = Object.freeze({ kind: 'int' });
export const REAL: SpecType = Object.freeze({ kind: 'real' });
export const vectorType = (size: Size): SpecType => ({ kind: 'vector', size });
export const rowVectorType = (size: Size): SpecType => ({ kind: 'row_vector', size });
export const matrixType = (rows: Size, cols: Size): SpecType => ({ kind: 'matrix', rows, cols });
export const intArrayType = (size: Size): SpecType => ({ kind: 'int_array', size });

export const isScalar = (t: SpecType): boolean => t.kind === 'int' || t.kind === 'real';
export const isInteger = (t: SpecType): boolean => t.kind === 'int' || t.kind === 'int_array';
/** Vectors, row vectors and int arrays: one axis. */
export const isOneAxis = (t: SpecType): t is Extract<SpecType, { size: Size }> =>
  t.kind === 'vector' || t.kind === 'row_vector' || t.kind === 'int_array';

/** `vector[8]`, `matrix[3, 2]`, `int`, `vector[J]` when the size is unknown. */
export function formatType(t: SpecType): string {
  const s = (n: Size): string => (n === null ? '?' : String(n));
  switch (t.kind) {
    case 'int':
    case 'real':
      return t.kind;
    case 'vector':
    case 'row_vector':
      return `${t.kind}[${s(t.size)}]`;
    case 'int_array':
      return `int array[${s(t.size)}]`;
    case 'matrix':
      return `matrix[${s(t.rows)}, ${s(t.cols)}]`;
  }
}

/** Sizes agree unless both are known and differ. */
export const sizesAgree = (a: Size, b: Size): boolean => a === null || b === null || a === b;

/** The shape of a runtime value of this type ([] for scalars); null where a size is unknown. */
export function shapeOfType(t: SpecType): readonly Size[] {
  switch (t.kind) {
    case 'int':
    case 'real':
      return [];
    case 'vector':
    case 'row_vector':
    case 'int_array':
      return [t.size];
    case 'matrix':
      return [t.rows, t.cols];
  }
}

/** Number of scalars, or null when unknown. */
export function elementCount(t: SpecType): Size {
  let n = 1;
  for (const d of shapeOfType(t)) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

/** The same container holding reals (an int array becomes a vector; an int a real). */
export function toReal(t: SpecType): SpecType {
  if (t.kind === 'int') return REAL;
  if (t.kind === 'int_array') return vectorType(t.size);
  return t;
}

/** `an int`, `a vector[8]`: for messages. */
export function withArticle(t: SpecType): string {
  const text = formatType(t);
  return /^[aeiou]/.test(text) ? `an ${text}` : `a ${text}`;
}
