import type { Tensor } from '../../ad/tensor.js';
import type { Primal, Value } from '../../ad/trace.js';

// Declarations of a model's data and parameters, as in Stan's data and parameters blocks:
// a type, sizes (numbers, or names of integer data fields) and bounds. One declaration
// serves as the validator of the data, the layout of the unconstrained vector, the choice
// of transform, and the TypeScript type of the value the model functions receive.

/** A size: a number, or the name of an `int()` data field (`vector('J')`). */
export type SizeReference = number | string;

/** What a bound function sees: the constrained parameters declared before this one, and the data. */
// The records are typed loosely (as data are): a bound names earlier parameters by key, and
// under noUncheckedIndexedAccess a Record<string, Value> would make every `p.alpha` possibly
// undefined in users' code. Unknown names are refused when the model is compiled.
export type BoundFunction = (parameters: Readonly<Record<string, any>>, data: Readonly<Record<string, any>>) => Value;

/**
 * A bound: a number, a tensor (elementwise bounds), the name of a data field, or, for
 * parameters only, a function of earlier parameters and the data (Stan's
 * `real<lower=0, upper=1 - alpha1> beta1`).
 */
export type Bound = number | string | Tensor | BoundFunction;

export interface Bounds {
  /** Inclusive for data (Stan's `<lower=...>`); for parameters the open support of the transform. */
  readonly lower?: Bound;
  readonly upper?: Bound;
}

export type DeclarationKind =
  | 'int'
  | 'real'
  | 'vector'
  | 'matrix'
  | 'intArray'
  | 'indexArray'
  | 'simplex'
  | 'ordered'
  | 'positiveOrdered'
  | 'choleskyCorr'
  | 'choleskyCov';

export interface Declaration<K extends DeclarationKind = DeclarationKind> {
  readonly kind: K;
  /** Sizes per axis (empty for scalars). */
  readonly dims: readonly SizeReference[];
  readonly lower?: Bound;
  readonly upper?: Bound;
}

/** Declarations that may appear in `data`. */
export type DataDeclaration = Declaration<'int' | 'real' | 'vector' | 'matrix' | 'intArray' | 'indexArray'>;
/** Declarations that may appear in `parameters` (parameters are continuous). */
export type ParameterDeclaration = Declaration<
  'real' | 'vector' | 'matrix' | 'simplex' | 'ordered' | 'positiveOrdered' | 'choleskyCorr' | 'choleskyCov'
>;

export type DataDeclarations = Readonly<Record<string, DataDeclaration>>;
export type ParameterDeclarations = Readonly<Record<string, ParameterDeclaration>>;

/** The value a data declaration gives the model: numbers, tensors, and 0-based index arrays. */
export type DataValue<D> = D extends Declaration<'int' | 'real'>
  ? number
  : D extends Declaration<'indexArray'>
    ? Int32Array
    : Tensor;

export type DataValues<D> = { readonly [K in keyof D]: DataValue<D[K]> };
/** Parameters as the log density sees them: possibly traced values. */
export type ParameterValues<P> = { readonly [K in keyof P]: Value };
/** Parameters as generated quantities see them: plain numbers (scalars) and tensors. */
export type ParameterPrimals<P> = { readonly [K in keyof P]: P[K] extends Declaration<'real'> ? number : Tensor };
export type Primals<T> = { readonly [K in keyof T]: Primal };

function declare<K extends DeclarationKind>(kind: K, dims: readonly SizeReference[], bounds: Bounds = {}): Declaration<K> {
  return Object.freeze({ kind, dims: Object.freeze([...dims]), ...bounds });
}

/** An integer scalar (data only): `int({ lower: 1 })`. */
export const int = (bounds?: { readonly lower?: number | string; readonly upper?: number | string }): Declaration<'int'> =>
  declare('int', [], bounds);
/** A real scalar: `real({ lower: 0 })`. */
export const real = (bounds?: Bounds): Declaration<'real'> => declare('real', [], bounds);
/** A real vector of `size` elements (a tensor of shape [size]). */
export const vector = (size: SizeReference, bounds?: Bounds): Declaration<'vector'> => declare('vector', [size], bounds);
/** A real matrix (row-major tensor of shape [rows, columns]); JSON data give it as an array of rows. */
export const matrix = (rows: SizeReference, columns: SizeReference, bounds?: Bounds): Declaration<'matrix'> =>
  declare('matrix', [rows, columns], bounds);
/** An array of integers (data only), given to the model as a tensor of their values (counts, 0/1 outcomes). */
export const intArray = (size: SizeReference, bounds?: { readonly lower?: number | string; readonly upper?: number | string }): Declaration<'intArray'> =>
  declare('intArray', [size], bounds);
/**
 * 1-based indices into something of length `upper` (data only; Stan's
 * `array[N] int<lower=1, upper=J>`), checked and given to the model as a 0-based
 * Int32Array for `gather`.
 */
export const indexArray = (size: SizeReference, bounds: { readonly upper: SizeReference }): Declaration<'indexArray'> =>
  declare('indexArray', [size], { lower: 1, upper: bounds.upper });
/** A vector of `size` non-negative elements summing to one. */
export const simplex = (size: SizeReference): Declaration<'simplex'> => declare('simplex', [size]);
/** A strictly increasing vector. */
export const ordered = (size: SizeReference): Declaration<'ordered'> => declare('ordered', [size]);
/** A strictly increasing vector of positive elements. */
export const positiveOrdered = (size: SizeReference): Declaration<'positiveOrdered'> => declare('positiveOrdered', [size]);
/** The lower-triangular Cholesky factor of a size×size correlation matrix. */
export const choleskyCorr = (size: SizeReference): Declaration<'choleskyCorr'> => declare('choleskyCorr', [size, size]);
/** The lower-triangular Cholesky factor of a size×size covariance matrix. */
export const choleskyCov = (size: SizeReference): Declaration<'choleskyCov'> => declare('choleskyCov', [size, size]);

/** How a declaration reads in messages: `vector[J]`, `real<lower=0>`, `matrix[N, D]`. */
export function describeDeclaration(declaration: Declaration): string {
  const bounds: string[] = [];
  const show = (b: Bound): string => (typeof b === 'function' ? '(function)' : typeof b === 'object' ? 'tensor' : String(b));
  if (declaration.kind === 'indexArray') return `indexArray[${declaration.dims[0]}] (1..${String(declaration.upper)})`;
  if (declaration.lower !== undefined) bounds.push(`lower=${show(declaration.lower)}`);
  if (declaration.upper !== undefined) bounds.push(`upper=${show(declaration.upper)}`);
  const boundText = bounds.length > 0 ? `<${bounds.join(', ')}>` : '';
  const isCholesky = declaration.kind === 'choleskyCorr' || declaration.kind === 'choleskyCov';
  const dims = isCholesky ? declaration.dims.slice(0, 1) : declaration.dims;
  return `${declaration.kind}${boundText}${dims.length > 0 ? `[${dims.join(', ')}]` : ''}`;
}
