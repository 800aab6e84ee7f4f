import { z } from 'zod';
import { DISTRIBUTION_NAMES, findDistributionFamily } from './distribution-registry.js';

/**
 * The JSON model-spec format, declared once with zod: the validator, the TypeScript type
 * (`z.infer`) and, through `z.toJSONSchema`, the JSON Schema that editors use to
 * autocomplete specs (shipped as schema/model-spec.schema.json).
 *
 * The blocks are Stan's: data, transformed_data, parameters, transformed_parameters,
 * model (statements), generated_quantities. Expressions are strings in Stan's expression
 * syntax (see parse.ts). Distribution names and their parameter counts are checked here
 * (fed by the distributions registry, so the JSON Schema lists the names); names, types
 * and shapes by the checker (check-spec.ts).
 */

// `__proto__` matches the pattern, but as a key of a JavaScript object it sets the prototype
// instead of naming anything (it would be dropped silently): refused. Other names of
// Object.prototype (constructor, valueOf) are ordinary names; every table keyed by
// names has no prototype or is a Map.
const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected a name of letters, digits and underscores, not starting with a digit' })
  .refine((name) => name !== '__proto__', { error: "'__proto__' cannot be a name (JavaScript reserves it); choose another name" });

/** An expression in Stan syntax, e.g. "mu + tau * theta_raw". */
const expression = z.string().min(1, { error: 'expected an expression, got an empty string' }).describe('An expression in Stan syntax, e.g. "mu + tau * theta_raw"');
/** A size: a non-negative integer, or an int expression over data ("J", "N - 1"). */
const size = z
  .union([z.number().int().nonnegative(), expression])
  .describe('A size: a non-negative integer, or an int expression over data such as "J" or "N - 1"');
/** A bound: a number, or an expression (over data; for parameters also over earlier parameters). */
const bound = z.union([z.number(), expression]).describe('A bound: a number or an expression (parameters may use earlier parameters)');

const bounds = { lower: bound.optional(), upper: bound.optional() };
const description = { description: z.string().optional() };

export const DataDeclaration = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('int'), ...bounds, ...description }),
  z.strictObject({ type: z.literal('real'), ...bounds, ...description }),
  z.strictObject({ type: z.literal('vector'), size, ...bounds, ...description }),
  z.strictObject({ type: z.literal('int_array'), size, ...bounds, ...description }),
  z.strictObject({ type: z.literal('matrix'), rows: size, cols: size, ...bounds, ...description }).describe('A matrix, given in the data as an array of rows'),
]);

export const ParameterDeclaration = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('real'), ...bounds, ...description }),
  z.strictObject({ type: z.literal('vector'), size, ...bounds, ...description }),
  z.strictObject({ type: z.literal('matrix'), rows: size, cols: size, ...bounds, ...description }),
  z.strictObject({ type: z.literal('simplex'), size, ...description }),
  z.strictObject({ type: z.literal('ordered'), size, ...description }),
  z.strictObject({ type: z.literal('positive_ordered'), size, ...description }),
  z.strictObject({ type: z.literal('cholesky_factor_corr'), size, ...description }),
  z.strictObject({ type: z.literal('cholesky_factor_cov'), size, ...description }),
]);

/** A quantity computed from an expression: transformed data, transformed parameters, generated quantities. */
const computed = (withBounds: boolean) => {
  const extra = withBounds ? { ...bounds, ...description } : description;
  return [
    z.strictObject({ type: z.literal('int'), value: expression, ...extra }),
    z.strictObject({ type: z.literal('real'), value: expression, ...extra }),
    z.strictObject({ type: z.literal('vector'), size, value: expression, ...extra }),
    z.strictObject({ type: z.literal('int_array'), size, value: expression, ...extra }),
    z.strictObject({ type: z.literal('matrix'), rows: size, cols: size, value: expression, ...extra }),
  ] as const;
};

export const TransformedData = z.discriminatedUnion('type', [...computed(false)]);
/** Bounds of a transformed parameter are checked at every evaluation; a value outside them rejects the point (as Stan). */
export const TransformedParameter = z.discriminatedUnion('type', [...computed(true)]);

const distributionName = z.enum(DISTRIBUTION_NAMES as [string, ...string[]]).describe('A distribution by its Stan name');

/** The distribution's parameter count, as an issue on `args` (the name itself is checked by the enum). */
function checkArgumentCount(value: { distribution: string; args: readonly string[] }, context: z.core.$RefinementCtx): void {
  const family = findDistributionFamily(value.distribution);
  if (family === undefined || family.params.length === value.args.length) return;
  const names = family.params.map((p) => p.name).join(', ');
  context.addIssue({
    code: 'custom',
    path: ['args'],
    message: `${family.name} takes ${family.params.length} argument${family.params.length === 1 ? '' : 's'} (${names}), but ${value.args.length} ${value.args.length === 1 ? 'was' : 'were'} given`,
  });
}

const distributionCall = {
  distribution: distributionName,
  /** The distribution's parameters in Stan's order. */
  args: z.array(expression).describe("The distribution's parameters, in Stan's order"),
};

const sampled = z.strictObject(distributionCall).superRefine(checkArgumentCount);

export const GeneratedQuantity = z.union([
  ...computed(false),
  z.strictObject({ type: z.enum(['real', 'int']), sample: sampled, ...description }),
  z.strictObject({ type: z.enum(['vector', 'int_array']), size, sample: sampled, ...description }),
]);

/** The local-variable types: a scalar, vector, int array or matrix. */
const localType = z.enum(['int', 'real', 'vector', 'row_vector', 'int_array', 'matrix']);

export type Statement =
  | { sample: string; distribution: string; args: string[]; censor?: 'left' | 'right' | undefined }
  | { target: string }
  | { local: string; type?: z.infer<typeof localType> | undefined; size?: number | string | undefined; rows?: number | string | undefined; cols?: number | string | undefined; value?: string | undefined }
  | { assign: string; value: string }
  | { for: string; from: number | string; to: number | string; body: Statement[] }
  | { if: string; then: Statement[]; else?: Statement[] | undefined };

/** The statement forms, keyed by the property that names each (used to report a bad statement against its own form). */
export const STATEMENT_KEYS = ['sample', 'target', 'local', 'assign', 'for', 'if'] as const;

export const Statement: z.ZodType<Statement> = z.lazy(() =>
  z.union([
    z
      .strictObject({
        /** The left-hand side of `~`: data or a parameter expression. */
        sample: expression.describe('The left-hand side of ~: an expression of data or parameters'),
        ...distributionCall,
        /** Censored observations: 'left' adds the log CDF, 'right' the log complementary CDF. */
        censor: z.enum(['left', 'right']).optional().describe("Censored values: 'left' adds the log CDF, 'right' the log CCDF"),
      })
      .superRefine(checkArgumentCount)
      .describe('y ~ distribution(args): adds the log density of y'),
    z.strictObject({ target: expression }).describe("target += expression (summed if it is not a scalar), as Stan's target +="),
    z
      .strictObject({ local: identifier, type: localType.optional(), size: size.optional(), rows: size.optional(), cols: size.optional(), value: expression.optional() })
      .describe('A local variable, visible to the statements after it in its block: give a value, or a type and sizes to fill it element by element'),
    z.strictObject({ assign: expression, value: expression }).describe('Assigns to a local variable or one of its elements: "assign": "err[t]"'),
    z.strictObject({ for: identifier, from: size, to: size, body: z.array(Statement) }).describe('A loop, from..to inclusive (1-based like Stan)'),
    z.strictObject({ if: expression, then: z.array(Statement), else: z.array(Statement).optional() }).describe('A conditional on an int expression'),
  ]),
).meta({ id: 'Statement', description: 'A model statement: sample (~), target (+=), local, assign, for or if' });

export const ModelSpec = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  data: z.record(identifier, DataDeclaration).default({}),
  transformed_data: z.record(identifier, TransformedData).default({}),
  parameters: z.record(identifier, ParameterDeclaration),
  transformed_parameters: z.record(identifier, TransformedParameter).default({}),
  model: z.array(Statement),
  generated_quantities: z.record(identifier, GeneratedQuantity).default({}),
});

export type ModelSpec = z.infer<typeof ModelSpec>;
export type DataDeclaration = z.infer<typeof DataDeclaration>;
export type ParameterDeclaration = z.infer<typeof ParameterDeclaration>;
export type TransformedData = z.infer<typeof TransformedData>;
export type TransformedParameter = z.infer<typeof TransformedParameter>;
export type GeneratedQuantity = z.infer<typeof GeneratedQuantity>;

/** The JSON Schema of a model spec (zod 4's toJSONSchema), for editors. */
export function modelSpecJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ModelSpec, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema['$schema'],
    title: 'leapfrog model spec',
    description:
      "A Bayesian model in Stan's blocks (data, transformed_data, parameters, transformed_parameters, model, generated_quantities), " +
      "with expressions in Stan's syntax. Generated from src/language/json/schema.ts by scripts/generate-json-schema.ts.",
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

/** The schema file's exact text (two-space indentation, final newline). */
export function modelSpecJsonSchemaText(): string {
  return `${JSON.stringify(modelSpecJsonSchema(), null, 2)}\n`;
}
