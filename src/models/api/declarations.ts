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
  /**
   * Parameters only, instead of bounds (Stan's `<offset=..., multiplier=...>`): the sampler
   * moves in (x − offset) / multiplier, so `real({ offset: 'mu', multiplier: (p) => p.tau })`
   * is a non-centred parameterisation written as a centred one.
   */
  readonly offset?: Bound;
  readonly multiplier?: Bound;
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
  | 'choleskyCov'
  | 'rowVector'
  | 'unitVector'
  | 'sumToZeroVector'
  | 'corrMatrix'
  | 'covMatrix'
  | 'rowStochasticMatrix'
  | 'columnStochasticMatrix';

export interface Declaration<K extends DeclarationKind = DeclarationKind> {
  readonly kind: K;
  /** Sizes per axis of one value (empty for scalars). */
  readonly dims: readonly SizeReference[];
  /** An array of such values (Stan's `array[G, H] simplex[K]`): the array's sizes, outermost first. */
  readonly array?: readonly SizeReference[];
  readonly lower?: Bound;
  readonly upper?: Bound;
  readonly offset?: Bound;
  readonly multiplier?: Bound;
}

/** A declaration of an array of values (see `array`). */
export interface ArrayDeclaration<K extends DeclarationKind = DeclarationKind> extends Declaration<K> {
  readonly array: readonly SizeReference[];
}

/** Every size of a declaration's value: the array's, then the element's. */
export const allDims = (declaration: Declaration): readonly SizeReference[] =>
  declaration.array === undefined ? declaration.dims : [...declaration.array, ...declaration.dims];

/** Declarations that may appear in `data`. */
export type DataDeclaration = Declaration<'int' | 'real' | 'vector' | 'rowVector' | 'matrix' | 'intArray' | 'indexArray'>;
/** Declarations that may appear in `parameters` (parameters are continuous). */
export type ParameterDeclaration = Declaration<
  | 'real'
  | 'vector'
  | 'rowVector'
  | 'matrix'
  | 'simplex'
  | 'ordered'
  | 'positiveOrdered'
  | 'choleskyCorr'
  | 'choleskyCov'
  | 'unitVector'
  | 'sumToZeroVector'
  | 'corrMatrix'
  | 'covMatrix'
  | 'rowStochasticMatrix'
  | 'columnStochasticMatrix'
>;

export type DataDeclarations = Readonly<Record<string, DataDeclaration>>;
export type ParameterDeclarations = Readonly<Record<string, ParameterDeclaration>>;

/** The value a data declaration gives the model: numbers, tensors, and 0-based index arrays. */
export type DataValue<D> = D extends { readonly array: readonly SizeReference[] }
  ? Tensor
  : D extends Declaration<'int' | 'real'>
  ? number
  : D extends Declaration<'indexArray'>
    ? Int32Array
    : Tensor;

export type DataValues<D> = { readonly [K in keyof D]: DataValue<D[K]> };
/** Parameters as the log density sees them: possibly traced values. */
export type ParameterValues<P> = { readonly [K in keyof P]: Value };
/** Parameters as generated quantities see them: plain numbers (scalars) and tensors. */
export type ParameterPrimals<P> = {
  readonly [K in keyof P]: P[K] extends { readonly array: readonly SizeReference[] } ? Tensor : P[K] extends Declaration<'real'> ? number : Tensor;
};
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
/** A row vector of `size` elements (a tensor of shape [size]; its orientation matters to `*`). */
export const rowVector = (size: SizeReference, bounds?: Bounds): Declaration<'rowVector'> => declare('rowVector', [size], bounds);
/**
 * An array of integers (data only), given to the model as a tensor of their values (counts,
 * 0/1 outcomes); `intArray(['N', 'M'])` is Stan's `array[N, M] int` (shape [N, M]).
 */
export const intArray = (
  size: SizeReference | readonly SizeReference[],
  bounds?: { readonly lower?: number | string; readonly upper?: number | string },
): Declaration<'intArray'> => declare('intArray', typeof size === 'object' ? size : [size], bounds);
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
/**
 * The lower-triangular Cholesky factor of a size×size covariance matrix; with `columns`, of
 * Stan's `cholesky_factor_cov[M, N]` (M ≥ N, positive diagonal, zero above it).
 */
export const choleskyCov = (size: SizeReference, columns: SizeReference = size): Declaration<'choleskyCov'> => declare('choleskyCov', [size, columns]);
/** A vector of unit length (Stan's unit_vector). */
export const unitVector = (size: SizeReference): Declaration<'unitVector'> => declare('unitVector', [size]);
/** A vector whose elements sum to zero (Stan's sum_to_zero_vector). */
export const sumToZeroVector = (size: SizeReference): Declaration<'sumToZeroVector'> => declare('sumToZeroVector', [size]);
/** A size×size correlation matrix (symmetric, positive definite, unit diagonal). */
export const corrMatrix = (size: SizeReference): Declaration<'corrMatrix'> => declare('corrMatrix', [size, size]);
/** A size×size covariance matrix (symmetric, positive definite). */
export const covMatrix = (size: SizeReference): Declaration<'covMatrix'> => declare('covMatrix', [size, size]);
/** A rows×columns matrix whose rows are simplexes. */
export const rowStochasticMatrix = (rows: SizeReference, columns: SizeReference): Declaration<'rowStochasticMatrix'> => declare('rowStochasticMatrix', [rows, columns]);
/** A rows×columns matrix whose columns are simplexes. */
export const columnStochasticMatrix = (rows: SizeReference, columns: SizeReference): Declaration<'columnStochasticMatrix'> =>
  declare('columnStochasticMatrix', [rows, columns]);

/**
 * An array of `element`s (Stan's `array[G] simplex[K] theta`): `array('G', simplex('K'))`,
 * `array(['N', 'M'], real({ lower: 0 }))`. The value is one tensor of shape
 * [...sizes, ...element shape]; parameters are transformed element by element, each in its
 * own block of θ, and named `theta[g,k]`. Bounds of the element may be scalars, values of
 * the element's shape, or values of the whole array's shape.
 */
export function array<K extends DeclarationKind>(sizes: SizeReference | readonly SizeReference[], element: Declaration<K>): ArrayDeclaration<K> {
  const outer = typeof sizes === 'object' ? [...sizes] : [sizes];
  const nested = element.array ?? [];
  return Object.freeze({ ...element, array: Object.freeze([...outer, ...nested]) }) as ArrayDeclaration<K>;
}

/** How a declaration reads in messages: `vector[J]`, `real<lower=0>`, `matrix[N, D]`, `array[G] simplex[K]`. */
export function describeDeclaration(declaration: Declaration): string {
  const bounds: string[] = [];
  const show = (b: Bound): string => (typeof b === 'function' ? '(function)' : typeof b === 'object' ? 'tensor' : String(b));
  const prefix = declaration.array === undefined ? '' : `array[${declaration.array.join(', ')}] `;
  if (declaration.kind === 'indexArray') return `${prefix}indexArray[${declaration.dims[0]}] (1..${String(declaration.upper)})`;
  for (const side of ['lower', 'upper', 'offset', 'multiplier'] as const) {
    const bound = declaration[side];
    if (bound !== undefined) bounds.push(`${side}=${show(bound)}`);
  }
  const boundText = bounds.length > 0 ? `<${bounds.join(', ')}>` : '';
  const square = ['choleskyCorr', 'choleskyCov', 'corrMatrix', 'covMatrix'].includes(declaration.kind) && declaration.dims[0] === declaration.dims[1];
  const dims = square ? declaration.dims.slice(0, 1) : declaration.dims;
  return `${prefix}${declaration.kind}${boundText}${dims.length > 0 ? `[${dims.join(', ')}]` : ''}`;
}
