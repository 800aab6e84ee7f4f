import type { DistributionFamily } from '../../models/distributions/distribution.js';
import type { DistributionArguments } from './distribution-shapes.js';
import { arrayDims, elementType, formatType, isScalar, shapesAgree, withArticle, type Size, type SpecType } from './types.js';

// Distributions over Stan's arrays. Scalar families are vectorised over arrays of reals (and
// ints) of any shape, like vectors: the values are tensors of the array's shape. Families
// of vectors whose densities take a batch of rows (dirichlet, multi_normal) are vectorised
// over one-dimensional arrays of vectors, as Stan's are (`theta ~ dirichlet(alpha)` for
// `array[G] simplex[K] theta`): such an array is a G×K tensor, which those densities read
// row by row. Other arrays are refused with a message saying to index them.

/** Families whose outcome and vector parameters may be arrays of vectors (their densities take rows), with the parameters that may. */
const ROW_VECTORISED: Readonly<Record<string, readonly number[]>> = {
  dirichlet: [0],
  multi_normal: [0],
  multi_normal_cholesky: [0],
};

/** Arrays of vectors among the arguments, lifted to their element type; or a message; or undefined when there are none. */
export function liftArrayArguments(family: DistributionFamily, args: DistributionArguments): { readonly args: DistributionArguments; readonly dims: readonly Size[] } | string | undefined {
  const named: [string, SpecType | undefined][] = [['the outcome', args.outcome], ...args.params.map((t, k): [string, SpecType] => [`${family.params[k]?.name ?? `argument ${k + 1}`} (argument ${k + 1})`, t])];
  const arrays = named.filter(([, t]) => t !== undefined && t.kind === 'array' && !isScalar(elementType(t)));
  if (arrays.length === 0) return undefined;
  const rowParameters = ROW_VECTORISED[family.name];
  if (rowParameters === undefined) {
    const [name, t] = arrays[0]!;
    return `${family.name}: ${name} is ${withArticle(t!)}; ${family.name} is not vectorised over arrays of vectors or matrices here: index the array (in a loop over its elements)`;
  }
  let dims: readonly Size[] | undefined;
  for (const [name, t] of arrays) {
    const k = named.findIndex(([n]) => n === name) - 1;
    const allowed = k === -1 || rowParameters.includes(k);
    const d = arrayDims(t!);
    if (!allowed || d.length !== 1) {
      return `${family.name}: ${name} is ${withArticle(t!)}; only ${k === -1 || allowed ? 'one-dimensional arrays of vectors' : 'the outcome and the mean or concentration'} may be arrays here (one vector per element)`;
    }
    if (dims !== undefined && !shapesAgree(dims, d)) {
      return `${family.name}: ${name} is ${withArticle(t!)}, but another argument is an array of ${dims[0] ?? '?'}; arrays of vectors must have one size`;
    }
    dims = d;
  }
  const lift = (t: SpecType | undefined): SpecType | undefined => (t !== undefined && t.kind === 'array' && !isScalar(t.element) ? t.element : t);
  return { args: { outcome: lift(args.outcome), params: args.params.map((t) => lift(t)!) }, dims: dims! };
}

/** For scalar families: arrays must hold reals or ints. A message for the first array that does not. */
export function scalarArrayProblem(family: DistributionFamily, named: readonly (readonly [string, SpecType])[]): string | undefined {
  for (const [name, t] of named) {
    if (t.kind === 'array' && !isScalar(t.element)) {
      return `${family.name}: ${name} is ${withArticle(t)}, but ${family.name} takes reals, vectors, row vectors, matrices or arrays of reals; index the array (${formatType(t.element)} elements)`;
    }
  }
  return undefined;
}
