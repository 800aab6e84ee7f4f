import * as z from 'zod/mini';

// Declarations of a spec's variables, as in Stan's blocks: a type, its sizes, an optional
// `array` of sizes in front (Stan's `array[N, M] ...`), and constraints — bounds, or for
// parameters an offset and multiplier. One table says which keys each type takes, and every
// block's schema is generated from it, so the blocks cannot drift apart.

// `__proto__` matches the pattern, but as a key of a JavaScript object it sets the prototype
// instead of naming anything (it would be dropped silently): refused. Other names of
// Object.prototype (constructor, valueOf) are ordinary names; every table keyed by
// names has no prototype or is a Map.
export const identifier = z
  .string()
  .check(
    z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected a name of letters, digits and underscores, not starting with a digit' }),
    z.refine((name) => name !== '__proto__', { error: "'__proto__' cannot be a name (JavaScript reserves it); choose another name" }),
  );

/** An expression in Stan syntax, e.g. "mu + tau * theta_raw". */
export const expression = z
  .string()
  .check(z.minLength(1, { error: 'expected an expression, got an empty string' }), z.describe('An expression in Stan syntax, e.g. "mu + tau * theta_raw"'));
/** A size: a non-negative integer, or an int expression over data ("J", "N - 1"). */
export const size = z
  .union([z.int().check(z.nonnegative()), expression])
  .check(z.describe('A size: a non-negative integer, or an int expression over data such as "J" or "N - 1"'));
/** A bound: a number, or an expression (over data; for parameters also over earlier parameters). */
export const bound = z.union([z.number(), expression]).check(z.describe('A bound: a number or an expression (parameters may use earlier parameters)'));
/** Stan's array sizes, outermost first: `"array": ["G"]` with `"type": "simplex"` is `array[G] simplex[K]`. */
export const arraySizes = z
  .array(size)
  .check(z.minLength(1, { error: 'expected at least one size; leave "array" out for a single value' }), z.describe('Array sizes, outermost first (Stan\'s array[N, M] ...)'));

/** Stan's declared types, by their Stan names. */
export const TYPE_NAMES = [
  'int',
  'real',
  'vector',
  'row_vector',
  'matrix',
  'int_array',
  'simplex',
  'unit_vector',
  'sum_to_zero_vector',
  'ordered',
  'positive_ordered',
  'cholesky_factor_corr',
  'cholesky_factor_cov',
  'corr_matrix',
  'cov_matrix',
  'row_stochastic_matrix',
  'column_stochastic_matrix',
] as const;
export type TypeName = (typeof TYPE_NAMES)[number];

interface TypeRule {
  /** The size keys it takes; cholesky_factor_cov takes `size`, or `rows` and `cols` (M ≥ N). */
  readonly sizes: readonly ('size' | 'rows' | 'cols')[];
  /** Takes lower and upper bounds (and, for parameters, an offset and multiplier when real). */
  readonly bounded: boolean;
  /** Holds integers (data, transformed data, generated quantities and locals only). */
  readonly integer: boolean;
}

export const TYPE_RULES: Readonly<Record<TypeName, TypeRule>> = {
  int: { sizes: [], bounded: true, integer: true },
  real: { sizes: [], bounded: true, integer: false },
  vector: { sizes: ['size'], bounded: true, integer: false },
  row_vector: { sizes: ['size'], bounded: true, integer: false },
  matrix: { sizes: ['rows', 'cols'], bounded: true, integer: false },
  int_array: { sizes: ['size'], bounded: true, integer: true },
  simplex: { sizes: ['size'], bounded: false, integer: false },
  unit_vector: { sizes: ['size'], bounded: false, integer: false },
  sum_to_zero_vector: { sizes: ['size'], bounded: false, integer: false },
  ordered: { sizes: ['size'], bounded: false, integer: false },
  positive_ordered: { sizes: ['size'], bounded: false, integer: false },
  cholesky_factor_corr: { sizes: ['size'], bounded: false, integer: false },
  cholesky_factor_cov: { sizes: ['size', 'rows', 'cols'], bounded: false, integer: false },
  corr_matrix: { sizes: ['size'], bounded: false, integer: false },
  cov_matrix: { sizes: ['size'], bounded: false, integer: false },
  row_stochastic_matrix: { sizes: ['rows', 'cols'], bounded: false, integer: false },
  column_stochastic_matrix: { sizes: ['rows', 'cols'], bounded: false, integer: false },
};

/** What the declarations of a block may hold beyond type, sizes and array. */
interface BlockRule {
  readonly integers: boolean;
  /** Offset and multiplier (parameters). */
  readonly affine: boolean;
  readonly extra: Record<string, z.ZodMiniType>;
}

function declarationOf(type: TypeName, block: BlockRule) {
  const rule = TYPE_RULES[type];
  const shape: Record<string, z.ZodMiniType> = { type: z.literal(type) };
  for (const key of rule.sizes) shape[key] = type === 'cholesky_factor_cov' ? z.optional(size) : size;
  shape['array'] = z.optional(arraySizes);
  if (rule.bounded) {
    shape['lower'] = z.optional(bound);
    shape['upper'] = z.optional(bound);
  }
  if (block.affine && rule.bounded && !rule.integer) {
    shape['offset'] = z.optional(bound).check(z.describe('Parameters: the sampler moves in (x - offset) / multiplier'));
    shape['multiplier'] = z.optional(bound);
  }
  shape['description'] = z.optional(z.string());
  return z.strictObject({ ...shape, ...block.extra });
}

function declarationUnion<T>(block: BlockRule): z.ZodMiniType<T> {
  const types = TYPE_NAMES.filter((t) => block.integers || !TYPE_RULES[t].integer);
  const [first, ...rest] = types.map((t) => declarationOf(t, block));
  return z.discriminatedUnion('type', [first!, ...rest]) as unknown as z.ZodMiniType<T>;
}

/** A declaration's fields as the checker reads them (every block's are a subset). */
export interface DeclarationFields {
  readonly type: TypeName;
  readonly size?: number | string | undefined;
  readonly rows?: number | string | undefined;
  readonly cols?: number | string | undefined;
  readonly array?: readonly (number | string)[] | undefined;
  readonly lower?: number | string | undefined;
  readonly upper?: number | string | undefined;
  readonly offset?: number | string | undefined;
  readonly multiplier?: number | string | undefined;
  readonly description?: string | undefined;
}

/** The fields of a distribution call: its name and its arguments (expressions). */
export interface DistributionCallFields {
  readonly distribution: z.ZodMiniType<string>;
  readonly args: z.ZodMiniArray<z.ZodMiniString>;
}

const distributionCall = (distributionName: z.ZodMiniType<string>): DistributionCallFields => ({
  distribution: distributionName,
  /** The distribution's parameters in Stan's order. */
  args: z.array(expression).check(z.describe("The distribution's parameters, in Stan's order")),
});

/** A draw of a generated quantity in its short form. */
export interface DrawFields {
  readonly distribution: string;
  readonly args: string[];
}

export type DataDeclarationFields = DeclarationFields;
export type ParameterDeclarationFields = DeclarationFields;
export type ComputedDeclarationFields = DeclarationFields & { readonly value: string };
export type GeneratedDeclarationFields = DeclarationFields & { readonly value?: string | undefined; readonly sample?: DrawFields | undefined };

/** The declaration schemas of every block, given the distribution-name schema and the argument-count check. */
export function declarationSchemas(distributionName: z.ZodMiniType<string>, checkArgumentCount: (value: { distribution: string; args: readonly string[] }, context: z.core.$RefinementCtx) => void) {
  const value = { value: expression.check(z.describe('The value: an expression')) };
  const sampled = z.strictObject(distributionCall(distributionName)).check(z.superRefine(checkArgumentCount));
  const generated = { value: z.optional(expression), sample: z.optional(sampled).check(z.describe('A draw: the distribution and its arguments')) };
  return {
    data: declarationUnion<DataDeclarationFields>({ integers: true, affine: false, extra: {} }),
    parameters: declarationUnion<ParameterDeclarationFields>({ integers: false, affine: true, extra: {} }),
    transformedData: declarationUnion<ComputedDeclarationFields>({ integers: true, affine: false, extra: value }),
    transformedParameters: declarationUnion<ComputedDeclarationFields>({ integers: false, affine: false, extra: value }),
    generatedQuantities: declarationUnion<GeneratedDeclarationFields>({ integers: true, affine: false, extra: generated }).check(
      z.superRefine((d, context) => {
        const given = d as { value?: unknown; sample?: unknown };
        if ((given.value === undefined) === (given.sample === undefined)) {
          context.addIssue({ code: 'custom', path: [], message: 'a generated quantity needs either a "value" (an expression) or a "sample" (a draw), not both' });
        }
      }),
    ),
    distributionCall: distributionCall(distributionName),
  };
}
