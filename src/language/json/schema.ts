import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { DISTRIBUTION_NAMES, findDistributionFamily } from './distribution-registry.js';
import { declarationSchemas, identifier } from './schema-declarations.js';
import { functionsSchema } from './schema-functions.js';
import { statementSchema, type Statement as StatementType } from './schema-statements.js';

/**
 * The JSON model-spec format, declared once with zod: the validator, the TypeScript type
 * (`z.infer`) and, through `z.toJSONSchema`, the JSON Schema that editors use to
 * autocomplete specs (shipped as schema/model-spec.schema.json).
 *
 * The blocks are Stan's: data, transformed_data, parameters, transformed_parameters,
 * model (statements), generated_quantities; `functions` holds user-defined functions
 * (schema-functions.ts), as Stan's functions block. The transformed blocks are statements too, or
 * in short one expression per variable. Declarations (schema-declarations.ts) and
 * statements (schema-statements.ts) are generated from tables. Expressions are strings in
 * Stan's expression syntax (see parse.ts). Distribution names and their parameter counts
 * are checked here (fed by the distributions registry, so the JSON Schema lists the
 * names); names, types and shapes by the checker (program.ts).
 */

// zod/mini: the same validators as zod's classic API with functions in place of methods, so
// that a bundle keeps only what the schema uses (~30 KB minified against ~450 KB: the browser
// bundle's size budget). Unlike the classic API it installs no message locale; English is
// set here, as the classic API does by default, for the few messages zod writes itself (from
// 'zod/locales' by name: `z.locales.en` would keep every locale, ~290 KB, in a bundle).
z.config(en());

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

const declarations = declarationSchemas(distributionName, checkArgumentCount);

export const DataDeclaration = declarations.data;
export const ParameterDeclaration = declarations.parameters;
/** Short form of transformed data: one expression per variable (checked against its type and constraints). */
export const TransformedData = declarations.transformedData;
/** Short form of transformed parameters; declared constraints are checked at every evaluation (a value outside them rejects the point, as Stan). */
export const TransformedParameter = declarations.transformedParameters;
/** Short form of generated quantities: an expression or a draw per variable. */
export const GeneratedQuantity = declarations.generatedQuantities;

/**
 * A sampling statement names a built-in distribution or a user-defined density (`foo` for a
 * function `foo_lpdf`): any name passes here, and the checker, which knows the functions,
 * reports an unknown one with a suggestion.
 */
const sampledDistribution = z.union([distributionName, identifier]).check(z.describe("A distribution by its Stan name, or a user-defined density 'foo' (a function foo_lpdf or foo_lpmf)"));

export const Statement: z.ZodMiniType<StatementType> = statementSchema({ ...declarations.distributionCall, distribution: sampledDistribution }, checkArgumentCount);

/** The functions section: user-defined functions by name (schema-functions.ts). */
export const Functions = functionsSchema(Statement);

/**
 * A computed block (transformed data, transformed parameters, generated quantities): the
 * short form, one declaration with its value per variable, or the full form, a list of
 * statements whose top-level declarations are the block's variables (as Stan's blocks).
 */
const computedBlock = <T extends z.ZodMiniType>(declaration: T) => z._default(z.union([z.record(identifier, declaration), z.array(Statement)]), {} as never);

export const ModelSpec = z.strictObject({
  $schema: z.optional(z.string()),
  name: z.optional(z.string()),
  description: z.optional(z.string()),
  functions: z._default(Functions, {}),
  data: z._default(z.record(identifier, DataDeclaration), {}),
  transformed_data: computedBlock(TransformedData),
  parameters: z.record(identifier, ParameterDeclaration),
  transformed_parameters: computedBlock(TransformedParameter),
  model: z.array(Statement),
  generated_quantities: computedBlock(GeneratedQuantity),
});

export type ModelSpec = z.infer<typeof ModelSpec>;
export type DataDeclaration = z.infer<typeof DataDeclaration>;
export type ParameterDeclaration = z.infer<typeof ParameterDeclaration>;
export type TransformedData = z.infer<typeof TransformedData>;
export type TransformedParameter = z.infer<typeof TransformedParameter>;
export type GeneratedQuantity = z.infer<typeof GeneratedQuantity>;
export type Statement = StatementType;
export type { AssignOperator, PrintItem } from './schema-statements.js';
export type { ArgumentTypeName, FunctionArgument, FunctionDefinition, FunctionEntry, ReturnType } from './schema-functions.js';
export { STATEMENT_KEYS } from './schema-statements.js';

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
