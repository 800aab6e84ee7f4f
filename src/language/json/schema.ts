import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { DISTRIBUTION_NAMES, findDistributionFamily } from './distribution-registry.js';

// zod/mini: the same validators as zod's classic API with functions in place of methods, so
// that a bundle keeps only what the schema uses (~30 KB minified against ~450 KB: the browser
// bundle's size budget). Unlike the classic API it installs no message locale; English is
// set here, as the classic API does by default, for the few messages zod writes itself (from
// 'zod/locales' by name: `z.locales.en` would keep every locale, ~290 KB, in a bundle).
z.config(en());

/**
 * The JSON model-spec format, declared once with zod (zod/mini): the validator, the TypeScript type
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
  .check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected a name of letters, digits and underscores, not starting with a digit' }), z.refine((name) => name !== '__proto__', { error: "'__proto__' cannot be a name (JavaScript reserves it); choose another name" }));

/** An expression in Stan syntax, e.g. "mu + tau * theta_raw". */
const expression = z.string().check(z.minLength(1, { error: 'expected an expression, got an empty string' }), z.describe('An expression in Stan syntax, e.g. "mu + tau * theta_raw"'));
/** A size: a non-negative integer, or an int expression over data ("J", "N - 1"). */
const size = z
  .union([z.int().check(z.nonnegative()), expression])
  .check(z.describe('A size: a non-negative integer, or an int expression over data such as "J" or "N - 1"'));
/** A bound: a number, or an expression (over data; for parameters also over earlier parameters). */
const bound = z.union([z.number(), expression]).check(z.describe('A bound: a number or an expression (parameters may use earlier parameters)'));

const bounds = { lower: z.optional(bound), upper: z.optional(bound) };
const description = { description: z.optional(z.string()) };

export const DataDeclaration = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('int'), ...bounds, ...description }),
  z.strictObject({ type: z.literal('real'), ...bounds, ...description }),
  z.strictObject({ type: z.literal('vector'), size, ...bounds, ...description }),
  z.strictObject({ type: z.literal('int_array'), size, ...bounds, ...description }),
  z.strictObject({ type: z.literal('matrix'), rows: size, cols: size, ...bounds, ...description }).check(z.describe('A matrix, given in the data as an array of rows')),
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

const distributionName = z.enum(DISTRIBUTION_NAMES as [string, ...string[]]).check(z.describe('A distribution by its Stan name'));

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
  args: z.array(expression).check(z.describe("The distribution's parameters, in Stan's order")),
};

const sampled = z.strictObject(distributionCall).check(z.superRefine(checkArgumentCount));

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

export const Statement: z.ZodMiniType<Statement> = z.lazy(() =>
  z.union([
    z
      .strictObject({
        /** The left-hand side of `~`: data or a parameter expression. */
        sample: expression.clone().check(z.describe('The left-hand side of ~: an expression of data or parameters')),
        ...distributionCall,
        /** Censored observations: 'left' adds the log CDF, 'right' the log complementary CDF. */
        censor: z.optional(z.enum(['left', 'right'])).check(z.describe("Censored values: 'left' adds the log CDF, 'right' the log CCDF")),
      })
      .check(z.superRefine(checkArgumentCount), z.describe('y ~ distribution(args): adds the log density of y')),
    z.strictObject({ target: expression }).check(z.describe("target += expression (summed if it is not a scalar), as Stan's target +=")),
    z
      .strictObject({ local: identifier, type: z.optional(localType), size: z.optional(size), rows: z.optional(size), cols: z.optional(size), value: z.optional(expression) })
      .check(z.describe('A local variable, visible to the statements after it in its block: give a value, or a type and sizes to fill it element by element')),
    z.strictObject({ assign: expression, value: expression }).check(z.describe('Assigns to a local variable or one of its elements: "assign": "err[t]"')),
    z.strictObject({ for: identifier, from: size, to: size, body: z.array(Statement) }).check(z.describe('A loop, from..to inclusive (1-based like Stan)')),
    z.strictObject({ if: expression, then: z.array(Statement), else: z.optional(z.array(Statement)) }).check(z.describe('A conditional on an int expression')),
  ]),
).check(z.meta({ id: 'Statement', description: 'A model statement: sample (~), target (+=), local, assign, for or if' }));

export const ModelSpec = z.strictObject({
  $schema: z.optional(z.string()),
  name: z.optional(z.string()),
  description: z.optional(z.string()),
  data: z._default(z.record(identifier, DataDeclaration), {}),
  transformed_data: z._default(z.record(identifier, TransformedData), {}),
  parameters: z.record(identifier, ParameterDeclaration),
  transformed_parameters: z._default(z.record(identifier, TransformedParameter), {}),
  model: z.array(Statement),
  generated_quantities: z._default(z.record(identifier, GeneratedQuantity), {}),
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
