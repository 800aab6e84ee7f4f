import { containerFunctions } from './containers';
import type { SpecFunction } from './function';
import { linearAlgebraFunctions } from './linear-algebra';
import { mathFunctions } from './math';
import { reductionFunctions } from './reductions';

export type { Argument, SpecFunction } from './function';

/** Every built-in function of the spec language, by its Stan name. */
export const SPEC_FUNCTIONS: ReadonlyMap<string, SpecFunction> = new Map(
  [...mathFunctions, ...reductionFunctions, ...containerFunctions, ...linearAlgebraFunctions].map((f) => [f.name, f]),
);
