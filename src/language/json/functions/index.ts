import { containerFunctions } from './containers.js';
import type { SpecFunction } from './function.js';
import { linearAlgebraFunctions } from './linear-algebra.js';
import { mathFunctions } from './math.js';
import { reductionFunctions } from './reductions.js';

export type { Argument, SpecFunction } from './function.js';

/** Every built-in function of the spec language, by its Stan name. */
export const SPEC_FUNCTIONS: ReadonlyMap<string, SpecFunction> = new Map(
  [...mathFunctions, ...reductionFunctions, ...containerFunctions, ...linearAlgebraFunctions].map((f) => [f.name, f]),
);
