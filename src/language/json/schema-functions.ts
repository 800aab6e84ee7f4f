import * as z from 'zod/mini';
import { identifier } from './schema-declarations.js';
import type { Statement } from './schema-statements.js';

// User-defined functions, as Stan's functions block: each has typed arguments (unsized, as
// in Stan: `vector`, `array[,] real`; `data` marks an argument that may not depend on
// parameters), a return type or "void", and a body of statements ending in `return`. The
// suffix of a name says what the function is, as in Stan: `_lpdf`/`_lpmf` a density
// (usable with ~), `_rng` a random draw (transformed data and generated quantities only),
// `_lp` a function that may add to the log density (model block only).

/** The element types of arguments and return values. */
export const ARGUMENT_TYPES = ['int', 'real', 'vector', 'row_vector', 'matrix'] as const;
export type ArgumentTypeName = (typeof ARGUMENT_TYPES)[number];

/** How many array axes stand in front of the element (Stan's `array[,] real` is 2). */
const arrayDepth = z.int().check(z.minimum(1), z.maximum(8), z.describe("Array axes in front of the element: 2 is Stan's array[,] ..."));

export interface FunctionArgument {
  readonly name: string;
  readonly type: ArgumentTypeName;
  readonly array?: number | undefined;
  /** Stan's `data` qualifier: the argument may not depend on parameters. */
  readonly data?: boolean | undefined;
}

/** A return type: a type name, `{ "type": ..., "array": n }`, or "void". */
export type ReturnType = ArgumentTypeName | 'void' | { readonly type: ArgumentTypeName; readonly array?: number | undefined };

export interface FunctionDefinition {
  readonly args: FunctionArgument[];
  readonly returns: ReturnType;
  readonly body: Statement[];
}

/** A name's definition, or its overloads (Stan's functions of one name with different argument types). */
export type FunctionEntry = FunctionDefinition | FunctionDefinition[];

/** A name's definitions with their JSON paths: `functions.f`, or `functions.f[k]` for overloads. */
export function definitionsOf(name: string, entry: FunctionEntry): { readonly definition: FunctionDefinition; readonly path: (string | number)[] }[] {
  return Array.isArray(entry) ? entry.map((definition, k) => ({ definition, path: ['functions', name, k] })) : [{ definition: entry, path: ['functions', name] }];
}

/** The schema of the functions section, given the statement schema. */
export function functionsSchema(statement: z.ZodMiniType<Statement>): z.ZodMiniType<Record<string, FunctionEntry>> {
  const elementType = z.enum(ARGUMENT_TYPES);
  const argument = z
    .strictObject({ name: identifier, type: elementType, array: z.optional(arrayDepth), data: z.optional(z.boolean()) })
    .check(z.describe('An argument: its name, element type, array axes, and "data": true for Stan\'s data qualifier'));
  const returns = z
    .union([z.enum([...ARGUMENT_TYPES, 'void']), z.strictObject({ type: elementType, array: z.optional(arrayDepth) })])
    .check(z.describe('The return type: "real", "vector", ..., "void", or {"type": "real", "array": 1} for array[] real'));
  const definition = z
    .strictObject({ args: z.array(argument), returns, body: z.array(statement) })
    .check(z.describe('A user-defined function: arguments, return type, and a body that ends in {"return": ...}'));
  const overloads = z.array(definition).check(z.minLength(2, { error: 'overloads are two or more definitions; give a single one as an object' }), z.describe('Overloads: definitions of one name with different argument types'));
  return z
    .record(identifier, z.union([definition, overloads]))
    .check(z.describe("User-defined functions by name (Stan's functions block); _lpdf/_lpmf names are densities usable with ~, _rng names draw, _lp names may add to target"));
}
