import type { Primal } from '../../ad/trace.js';
import { indexText } from '../../models/api/names.js';
import { structureViolation, type StructuredKind } from '../../models/transforms/membership.js';
import { boundViolation } from './bounds.js';
import type { JsonPath } from './issues.js';
import type { Lowered } from './lowered.js';
import type { BlockName } from './statements.js';
import type { SpecType } from './types.js';

// The variables of a transformed block (transformed data, transformed parameters,
// generated quantities): the declarations at its top level, filled by its statements and
// checked against their declared constraints when the block ends, as Stan checks them.

export interface BlockVariable {
  readonly name: string;
  readonly block: BlockName;
  readonly type: SpecType;
  /** Its frame slot: a LocalVariable while the block runs, its value in the blocks after. */
  readonly slot: number;
  /** The JSON path of its declaration. */
  readonly path: JsonPath;
  /** The declared type's name (`simplex`, `vector`, ...), and its structure when constrained. */
  readonly typeName: string;
  readonly structure: StructuredKind | undefined;
  /** Bounds as written, and lowered in the block's scope at the declaration. */
  readonly boundSources: { readonly lower?: number | string | undefined; readonly upper?: number | string | undefined };
  readonly lower: Lowered | undefined;
  readonly upper: Lowered | undefined;
}

/** Whether a variable has anything to check when its block ends. */
export const isConstrained = (v: BlockVariable): boolean => v.structure !== undefined || v.lower !== undefined || v.upper !== undefined;

/** How the declaration reads in messages: `simplex`, `real<lower=0>`. */
export function declarationText(v: BlockVariable): string {
  const parts = (['lower', 'upper'] as const).filter((side) => v.boundSources[side] !== undefined).map((side) => `${side}=${String(v.boundSources[side])}`);
  return parts.length === 0 ? v.typeName : `${v.typeName}<${parts.join(', ')}>`;
}

/**
 * Why `value` breaks the variable's declaration (its bounds, then its structure), as a
 * message naming the element: `theta[2] is -1, but must be ≥ 0 (its lower bound)`; undefined
 * when it satisfies it.
 */
export function violationOf(v: BlockVariable, value: Primal, lower: Primal | undefined, upper: Primal | undefined): string | undefined {
  const values = typeof value === 'number' ? Float64Array.of(value) : value.data;
  const shape = typeof value === 'number' ? [] : value.shape;
  for (let k = 0; k < values.length; k++) {
    if (Number.isNaN(values[k])) return `${v.name}${indexText(shape, k)} is NaN (was it assigned?), but must be a number (declared ${declarationText(v)})`;
  }
  const broken = boundViolation(value, lower, upper) ?? (v.structure === undefined ? undefined : structureViolation(v.structure, values, shape));
  if (broken === undefined) return undefined;
  return `${v.name}${indexText(shape, broken.index)} is ${values[broken.index]}, but must be ${broken.rule} (declared ${declarationText(v)})`;
}
