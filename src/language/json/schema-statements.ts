import * as z from 'zod/mini';
import { TYPE_NAMES, arraySizes, bound, expression, identifier, size, type DistributionCallFields, type TypeName } from './schema-declarations.js';

// Statements, as in Stan: the same forms in every block (model, and transformed data,
// transformed parameters and generated quantities written as lists of statements). Each
// form is an object named by one key (`for`, `sample`, ...), so that a mistake is reported
// against the form that was meant.

/** Stan's T[L, U] on a sampling statement: either bound may be left out (T[L, ], T[, U]). */
export interface Truncation {
  readonly lower?: number | string | undefined;
  readonly upper?: number | string | undefined;
}

/** A piece of what print, reject and fatal_error write: an expression, or `{ "text": "..." }`. */
export type PrintItem = string | { readonly text: string };

/** The assignment operators: `=` and Stan's compound assignments. */
export const ASSIGN_OPERATORS = ['=', '+=', '-=', '*=', '/=', '.*=', './='] as const;
export type AssignOperator = (typeof ASSIGN_OPERATORS)[number];

/** A declaration statement (`declare`, or `local`, its older spelling). */
export interface DeclareFields {
  readonly type?: TypeName | undefined;
  readonly size?: number | string | undefined;
  readonly rows?: number | string | undefined;
  readonly cols?: number | string | undefined;
  readonly array?: readonly (number | string)[] | undefined;
  readonly lower?: number | string | undefined;
  readonly upper?: number | string | undefined;
  readonly value?: string | undefined;
}

export type Statement =
  | { sample: string; distribution: string; args: string[]; censor?: 'left' | 'right' | undefined; truncate?: Truncation | undefined }
  | { target: string }
  | ({ declare: string } & DeclareFields)
  | ({ local: string } & DeclareFields)
  | { assign: string; op?: AssignOperator | undefined; value: string }
  | { for: string; from?: number | string | undefined; to?: number | string | undefined; in?: string | undefined; body: Statement[] }
  | { while: string; body: Statement[] }
  | { if: string; then: Statement[]; else?: Statement[] | undefined }
  | { block: Statement[] }
  | { print: PrintItem[] }
  | { reject: PrintItem[] }
  | { fatal_error: PrintItem[] }
  | { break: true }
  | { continue: true }
  | { return: string | null }
  | { call: string };

/** The statement forms, keyed by the property that names each, in the order of the schema's union (errors.ts relies on it). */
export const STATEMENT_KEYS = ['sample', 'target', 'declare', 'local', 'assign', 'for', 'while', 'if', 'block', 'print', 'reject', 'fatal_error', 'break', 'continue', 'return', 'call'] as const;

/** The statement lists inside a statement: a loop's body, a conditional's branches, a block. */
export const NESTED_LISTS = ['body', 'then', 'else', 'block'] as const;

const printItems = z
  .array(z.union([expression, z.strictObject({ text: z.string() })]))
  .check(z.describe('Expressions, and texts written as {"text": "..."}; printed one after the other'));

const declareFields = {
  type: z.optional(z.enum(TYPE_NAMES)),
  size: z.optional(size),
  rows: z.optional(size),
  cols: z.optional(size),
  array: z.optional(arraySizes),
  lower: z.optional(bound),
  upper: z.optional(bound),
  value: z.optional(expression),
};

/** The statement schema, given the fields of a sampling statement and the argument-count check. */
export function statementSchema(
  distributionCall: DistributionCallFields,
  checkArgumentCount: (value: { distribution: string; args: readonly string[] }, context: z.core.$RefinementCtx) => void,
): z.ZodMiniType<Statement> {
  const statement: z.ZodMiniType<Statement> = z.lazy(() =>
    z.union([
      z
        .strictObject({
          /** The left-hand side of `~`: data or a parameter expression. */
          sample: expression.check(z.describe('The left-hand side of ~: an expression of data or parameters')),
          ...distributionCall,
          /** Censored observations: 'left' adds the log CDF, 'right' the log complementary CDF. */
          censor: z.optional(z.enum(['left', 'right'])).check(z.describe("Censored values: 'left' adds the log CDF, 'right' the log CCDF")),
          truncate: z
            .optional(
              z
                .strictObject({ lower: z.optional(bound), upper: z.optional(bound) })
                .check(z.refine((t) => t.lower !== undefined || t.upper !== undefined, { error: 'give "lower", "upper" or both (Stan\'s T[L, U], T[L, ], T[, U])' })),
            )
            .check(z.describe("Stan's T[L, U]: the density truncated to [lower, upper], normalised by the mass there")),
        })
        .check(z.superRefine(checkArgumentCount), z.describe('y ~ distribution(args): adds the log density of y (model block)')),
      z.strictObject({ target: expression }).check(z.describe("target += expression (summed if it is not a scalar), as Stan's target += (model block)")),
      z
        .strictObject({ declare: identifier, ...declareFields })
        .check(z.describe('Declares a variable, visible to the statements after it in its list: give a type (and sizes), a value, or both; constraints at the top level of a transformed block')),
      z.strictObject({ local: identifier, ...declareFields }).check(z.describe('The same as "declare" (its older spelling)')),
      z
        .strictObject({ assign: expression, op: z.optional(z.enum(ASSIGN_OPERATORS)), value: expression })
        .check(z.describe('Assigns to a variable of this block or one of its elements ("x", "x[i]", "x[i, j]", "x[2:5]"); "op" makes it compound: +=, -=, *=, /=, .*=, ./=')),
      z
        .strictObject({ for: identifier, from: z.optional(size), to: z.optional(size), in: z.optional(expression), body: z.array(statement) })
        .check(z.superRefine((s, context) => {
          const range = s.from !== undefined || s.to !== undefined;
          if (range && s.in !== undefined) context.addIssue({ code: 'custom', path: ['in'], message: 'a loop runs over a range ("from", "to") or over the elements of a container ("in"), not both' });
          else if (!range && s.in === undefined) context.addIssue({ code: 'custom', path: [], message: 'a loop needs "from" and "to" (a range, 1-based and inclusive) or "in" (the elements of a container)' });
          else if (range && (s.from === undefined || s.to === undefined)) context.addIssue({ code: 'custom', path: [s.from === undefined ? 'from' : 'to'], message: 'is required: a range loop needs both "from" and "to"' });
        }), z.describe('A loop: from..to inclusive (1-based like Stan), or "in" a container (its elements)')),
      z.strictObject({ while: expression, body: z.array(statement) }).check(z.describe('Repeats the body while the condition is true (bounded by the loop-iteration limit)')),
      z.strictObject({ if: expression, then: z.array(statement), else: z.optional(z.array(statement)) }).check(z.describe('A conditional; "else if" is an else holding one if')),
      z.strictObject({ block: z.array(statement) }).check(z.describe('Statements in a scope of their own (Stan\'s { ... })')),
      z.strictObject({ print: printItems }).check(z.describe('Writes its items on one line to the print sink')),
      z.strictObject({ reject: printItems }).check(z.describe('Rejects the current evaluation with this message (the model block: the point has log density −∞)')),
      z.strictObject({ fatal_error: printItems }).check(z.describe('Stops the algorithm with this message')),
      z.strictObject({ break: z.literal(true) }).check(z.describe('Leaves the innermost loop')),
      z.strictObject({ continue: z.literal(true) }).check(z.describe('Goes on with the next iteration of the innermost loop')),
      z.strictObject({ return: z.nullable(expression) }).check(z.describe('Leaves a user-defined function with this value (null in a void function)')),
      z.strictObject({ call: expression }).check(z.describe('Calls a user-defined void or _lp function as a statement: "foo(x, y)"')),
    ]),
  ).check(z.meta({ id: 'Statement', description: 'A statement: sample (~), target (+=), declare, assign, for, while, if, block, print, reject, fatal_error, break, continue, return, call' }));
  return statement;
}
