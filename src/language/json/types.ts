/**
 * Static types of spec expressions, as in Stan: int and real scalars, vectors, row
 * vectors, matrices, and arrays of any of them (`array[N, M] int`, `array[G] vector[K]`).
 * Sizes are known when the data are (a spec is checked against its data); without data they
 * are `null` and shape checks are skipped.
 *
 * A one-dimensional array of ints has its own kind, `int_array` (the common case, and what
 * the function library has always taken); every other array is an `array` of an element
 * type that is not itself an array. `arrayType` builds the canonical form, so that two
 * types are equal when their structures are.
 *
 * At run time every value is a leapfrog Value: numbers for scalars, tensors for the rest —
 * 1-d for vectors, row vectors and int arrays (the orientation is static only), 2-d for
 * matrices, and an array's tensor has the array's sizes first, then the element's
 * (`array[G] vector[K]` is [G, K]). Int-valued expressions never depend on parameters, so
 * they are plain values.
 */

export type Size = number | null;

/** The types an array holds: scalars, vectors and matrices. */
export type ElementType =
  | { readonly kind: 'int' }
  | { readonly kind: 'real' }
  | { readonly kind: 'vector'; readonly size: Size }
  | { readonly kind: 'row_vector'; readonly size: Size }
  | { readonly kind: 'matrix'; readonly rows: Size; readonly cols: Size };

export type SpecType =
  | ElementType
  /** array[size] int. */
  | { readonly kind: 'int_array'; readonly size: Size }
  /** array[dims] element, except one-dimensional arrays of ints (int_array). */
  | { readonly kind: 'array'; readonly dims: readonly Size[]; readonly element: ElementType };

export type TypeKind = SpecType['kind'];

export const INT: ElementType = Object.freeze({ kind: 'int' });
export const REAL: ElementType = Object.freeze({ kind: 'real' });
export const vectorType = (size: Size): ElementType => ({ kind: 'vector', size });
export const rowVectorType = (size: Size): ElementType => ({ kind: 'row_vector', size });
export const matrixType = (rows: Size, cols: Size): ElementType => ({ kind: 'matrix', rows, cols });
export const intArrayType = (size: Size): SpecType => ({ kind: 'int_array', size });

/** The array's sizes (outermost first), [] for a type that is not an array. */
export function arrayDims(t: SpecType): readonly Size[] {
  if (t.kind === 'int_array') return [t.size];
  return t.kind === 'array' ? t.dims : [];
}

/** What an array holds (the type itself when it is not an array). */
export function elementType(t: SpecType): ElementType {
  if (t.kind === 'int_array') return INT;
  return t.kind === 'array' ? t.element : t;
}

/** array[dims] of `element` in canonical form: no dims is the element, array[N] int is int_array, nested arrays flatten. */
export function arrayType(dims: readonly Size[], element: SpecType): SpecType {
  const all = [...dims, ...arrayDims(element)];
  const inner = elementType(element);
  if (all.length === 0) return inner;
  if (all.length === 1 && inner.kind === 'int') return intArrayType(all[0]!);
  return { kind: 'array', dims: all, element: inner };
}

/** Arrays of any element: int_array and array. */
export const isArray = (t: SpecType): boolean => t.kind === 'array' || t.kind === 'int_array';
export const isScalar = (t: SpecType): boolean => t.kind === 'int' || t.kind === 'real';
/** Ints and arrays of ints. */
export const isInteger = (t: SpecType): boolean => elementType(t).kind === 'int';
/** Vectors, row vectors and int arrays: one axis. */
export const isOneAxis = (t: SpecType): t is Extract<SpecType, { size: Size }> =>
  t.kind === 'vector' || t.kind === 'row_vector' || t.kind === 'int_array';

const sizeText = (n: Size): string => (n === null ? '?' : String(n));

/** `vector[8]`, `matrix[3, 2]`, `int`, `array[3] int`, `array[4, 2] vector[3]`; `?` for unknown sizes. */
export function formatType(t: SpecType): string {
  switch (t.kind) {
    case 'int':
    case 'real':
      return t.kind;
    case 'vector':
    case 'row_vector':
      return `${t.kind}[${sizeText(t.size)}]`;
    case 'matrix':
      return `matrix[${sizeText(t.rows)}, ${sizeText(t.cols)}]`;
    case 'int_array':
      return `array[${sizeText(t.size)}] int`;
    case 'array':
      return `array[${t.dims.map(sizeText).join(', ')}] ${formatType(t.element)}`;
  }
}

/** Sizes agree unless both are known and differ. */
export const sizesAgree = (a: Size, b: Size): boolean => a === null || b === null || a === b;

/** Whether two shapes (lists of sizes) agree axis by axis. */
export const shapesAgree = (a: readonly Size[], b: readonly Size[]): boolean => a.length === b.length && a.every((d, k) => sizesAgree(d, b[k]!));

/** The element's own axes ([] for scalars). */
function elementShape(t: ElementType): readonly Size[] {
  switch (t.kind) {
    case 'int':
    case 'real':
      return [];
    case 'vector':
    case 'row_vector':
      return [t.size];
    case 'matrix':
      return [t.rows, t.cols];
  }
}

/** The shape of a runtime value of this type ([] for scalars; an array's sizes, then its element's); null where a size is unknown. */
export function shapeOfType(t: SpecType): readonly Size[] {
  return [...arrayDims(t), ...elementShape(elementType(t))];
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

/** The same container holding reals (ints become reals, an int array a vector, an array of ints an array of reals). */
export function toReal(t: SpecType): SpecType {
  if (t.kind === 'int') return REAL;
  if (t.kind === 'int_array') return vectorType(t.size);
  if (t.kind === 'array' && t.element.kind === 'int') return { kind: 'array', dims: t.dims, element: REAL };
  return t;
}

/** `an int`, `a vector[8]`, `an array[3] int`: for messages. */
export function withArticle(t: SpecType): string {
  const text = formatType(t);
  return /^[aeiou]/.test(text) ? `an ${text}` : `a ${text}`;
}

/**
 * The type of `x[i]` for one int index on the outermost axis: an array loses its first
 * size, a vector or row vector gives a real, a matrix its row (a row vector); undefined for
 * a scalar.
 */
export function firstElementType(t: SpecType): SpecType | undefined {
  if (t.kind === 'int_array') return INT;
  if (t.kind === 'array') return arrayType(t.dims.slice(1), t.element);
  if (t.kind === 'vector' || t.kind === 'row_vector') return REAL;
  if (t.kind === 'matrix') return rowVectorType(t.cols);
  return undefined;
}
