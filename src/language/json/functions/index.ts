import { arrayFunctions } from './arrays.js';
import { constructionFunctions } from './construction.js';
import { containerFunctions } from './containers.js';
import { conversionFunctions } from './conversions.js';
import { decompositionFunctions } from './decompositions.js';
import { elementaryFunctions } from './elementary.js';
import { factorisationFunctions } from './factorisations.js';
import type { SpecFunction } from './function.js';
import { gaussianProcessFunctions } from './gaussian-processes.js';
import { linearAlgebraFunctions } from './linear-algebra.js';
import { mathFunctions } from './math.js';
import { productFunctions } from './products.js';
import { reductionFunctions } from './reductions.js';
import { slicingFunctions } from './slicing.js';
import { solverFunctions } from './solvers.js';
import { specialFunctions } from './special.js';

export type { Argument, SpecFunction } from './function.js';

/** A chapter of the reference (docs/functions.md), after the Stan functions reference's. */
export interface FunctionGroup {
  readonly title: string;
  readonly functions: readonly SpecFunction[];
}

/** Every built-in function of the spec language, by chapter. */
export const SPEC_FUNCTION_GROUPS: readonly FunctionGroup[] = [
  { title: 'Constants, trigonometric and rounding functions', functions: elementaryFunctions },
  { title: 'Real-valued basic functions', functions: mathFunctions },
  { title: 'Special and combinatorial functions', functions: specialFunctions },
  { title: 'Reductions', functions: reductionFunctions },
  { title: 'Array operations and sorting', functions: arrayFunctions },
  { title: 'Container construction', functions: constructionFunctions },
  { title: 'Containers: sizes, broadcasting, concatenation and slices', functions: [...containerFunctions, ...slicingFunctions] },
  { title: 'Conversions', functions: conversionFunctions },
  { title: 'Matrix operations', functions: [...linearAlgebraFunctions, ...productFunctions] },
  { title: 'Linear algebra: solves, inverses and determinants', functions: solverFunctions },
  { title: 'Linear algebra: decompositions and matrix functions', functions: [...decompositionFunctions, ...factorisationFunctions] },
  { title: 'Gaussian process covariance functions', functions: gaussianProcessFunctions },
];

/** Every built-in function of the spec language, by its Stan name. */
export const SPEC_FUNCTIONS: ReadonlyMap<string, SpecFunction> = new Map(SPEC_FUNCTION_GROUPS.flatMap((g) => g.functions).map((f) => [f.name, f]));
