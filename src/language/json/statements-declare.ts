import { shapeOf } from '../../ad/trace.js';
import { assignable, concreteShape, conversionHint } from './assign.js';
import type { BlockVariable } from './block-variables.js';
import { lowerDeclarationBound } from './bounds.js';
import { lowerDrawValue } from './draw-value.js';
import { formatPath } from './errors.js';
import { IssueList, lowerAt, type JsonPath } from './issues.js';
import { LocalVariable } from './local-variable.js';
import { checkRuntimeSize, type Lowered } from './lowered.js';
import type { BindingRole, Frame, Scope } from './scope.js';
import type { Statement } from './schema.js';
import type { DrawFields } from './schema-declarations.js';
import type { DeclareFields } from './schema-statements.js';
import { chargeBudget, declaredType, type DeclaredShape } from './sizes.js';
import { NEXT, type Executor, type StatementContext } from './statement-flow.js';
import { elementType, formatType, withArticle, type SpecType } from './types.js';

// Declarations (Stan's `vector[N] mu = ...;`): a local variable anywhere, or, at the top
// level of a transformed block, one of the block's variables (it may then have constraints,
// which are checked when the block ends). The short form of the transformed blocks is a
// list of such declarations with values.

/** What a block variable is called, by its block. */
const ROLES: Readonly<Record<string, BindingRole>> = {
  transformed_data: 'transformed data',
  transformed_parameters: 'transformed parameter',
  generated_quantities: 'generated quantity',
};

/** A declaration to lower, from a `declare` statement or from the short form of a block. */
export interface DeclarationInput {
  readonly name: string;
  /** Where the name is (the `declare` key, or the declaration's key in the short form). */
  readonly namePath: JsonPath;
  /** The declaration's own path (its fields are under it). */
  readonly path: JsonPath;
  readonly fields: DeclareFields;
  /** The initial value: an expression, or (generated quantities' short form) a draw. */
  readonly value?: { readonly source: string; readonly path: JsonPath } | { readonly draw: DrawFields; readonly path: JsonPath } | undefined;
}

export function lowerDeclareStatement(statement: Extract<Statement, { declare: string } | { local: string }>, path: JsonPath, scope: Scope, context: StatementContext, issues: IssueList): Executor | undefined {
  const key = 'declare' in statement ? 'declare' : 'local';
  const name = 'declare' in statement ? statement.declare : statement.local;
  const value = statement.value === undefined ? undefined : { source: statement.value, path: [...path, 'value'] };
  return lowerDeclaration({ name, namePath: [...path, key], path, fields: statement, value }, scope, context, issues);
}

/** Checks what a declaration may hold where it stands; a message or undefined. */
function placementProblem(input: DeclarationInput, context: StatementContext): [JsonPath, string] | undefined {
  const { fields } = input;
  const blockVariable = context.variables !== undefined;
  const constrained = fields.type !== undefined && !['int', 'real', 'vector', 'row_vector', 'matrix', 'int_array'].includes(fields.type);
  if (!blockVariable && constrained) {
    return [[...input.path, 'type'], `a local variable cannot have the constrained type "${fields.type}" (as in Stan): declare it as a vector or matrix, or at the top level of a transformed block`];
  }
  for (const side of ['lower', 'upper'] as const) {
    if (!blockVariable && fields[side] !== undefined) {
      return [[...input.path, side], 'a local variable cannot have bounds (as in Stan): bounds belong to the variables at the top level of transformed_data, transformed_parameters and generated_quantities'];
    }
  }
  if (context.block === 'transformed_parameters' && blockVariable && fields.type !== undefined && (fields.type === 'int' || fields.type === 'int_array')) {
    return [[...input.path, 'type'], 'transformed parameters are real-valued (as in Stan); declare an int as a local inside a { "block": [...] } or compute it in transformed_data'];
  }
  if (blockVariable && fields.type === undefined) return [input.path, `'${input.name}' is a variable of ${context.block}: give its "type" (and sizes), as Stan requires`];
  return undefined;
}

/** Lowers one declaration; a block variable is also added to `context.variables`. */
export function lowerDeclaration(input: DeclarationInput, scope: Scope, context: StatementContext, issues: IssueList): Executor | undefined {
  const { name, fields, path } = input;
  const blockVariable = context.variables !== undefined;
  const role: BindingRole = blockVariable ? ROLES[context.block]! : 'local variable';
  const declaredAt = formatPath(input.namePath);
  const earlier = scope.lookup(name);
  if (earlier !== undefined) issues.add(input.namePath, `'${name}' is already defined (as a ${earlier.role} at ${earlier.declaredAt}); choose another name`);
  const misplaced = placementProblem(input, context);
  if (misplaced !== undefined) issues.add(misplaced[0], misplaced[1]);
  let declared: DeclaredShape | undefined;
  if (fields.type !== undefined) declared = declaredType(fields as { type: string }, path, context, issues, blockVariable ? 'data' : 'local');
  else if (fields.size !== undefined || fields.rows !== undefined || fields.cols !== undefined || fields.array !== undefined) {
    issues.add([...path, 'type'], 'sizes are given, but no type; add "type": "vector" (or "matrix", "int_array", ...)');
  }
  const value = lowerValue(input, declared?.type, context, issues);
  if (fields.type === undefined && input.value === undefined) issues.add(path, `'${name}' needs a "value", or a "type" (and sizes) to be filled element by element`);
  if (declared !== undefined && value !== undefined && !assignable(declared.type, value.type)) {
    issues.add(input.value!.path, `'${name}' is declared ${formatType(declared.type)}, but the value is ${withArticle(value.type)}${conversionHint(declared.type, value.type)}`);
  }
  const lower = declared && lowerDeclarationBound(fields.lower, declared.type, [...path, 'lower'], context, issues);
  const upper = declared && lowerDeclarationBound(fields.upper, declared.type, [...path, 'upper'], context, issues);
  const type = declared?.type ?? value?.type;
  const charged = chargeBudget(type === undefined ? undefined : { type }, context.budget, blockVariable && context.block !== 'transformed_data', input.namePath, issues);
  const usable = charged !== undefined && misplaced === undefined && !(input.value !== undefined && value === undefined);
  const binding = scope.defineSlot(name, role, usable ? type! : null, declaredAt, { local: true, assignable: true });
  if (!usable) return undefined;
  if (blockVariable) {
    const variable: BlockVariable = {
      name,
      block: context.block,
      type: type!,
      slot: binding.slot!,
      path: input.namePath,
      typeName: fields.type ?? formatType(type!),
      structure: declared?.structure,
      boundSources: { lower: fields.lower, upper: fields.upper },
      lower,
      upper,
    };
    context.variables!.push(variable);
  }
  return declarationExecutor(name, role, type!, declared, value, binding.slot!, context);
}

function lowerValue(input: DeclarationInput, type: SpecType | undefined, context: StatementContext, issues: IssueList): Lowered | undefined {
  const given = input.value;
  if (given === undefined) return undefined;
  if ('source' in given) return lowerAt(given.source, given.path, context, issues);
  return type === undefined ? undefined : lowerDrawValue(given.draw, type, given.path, context, issues);
}

/** Makes the variable's LocalVariable each time the declaration runs (in a loop: afresh), with its value when given. */
function declarationExecutor(name: string, role: BindingRole, type: SpecType, declared: DeclaredShape | undefined, value: Lowered | undefined, slot: number, context: StatementContext): Executor {
  const staticShape = concreteShape(type);
  const runtimeShape = declared?.shape;
  const compute = value?.evaluate;
  const what = role === 'local variable' ? 'local' : role;
  const isInt = elementType(type).kind === 'int';
  const { limits } = context;
  return (frame: Frame) => {
    const v = compute?.(frame);
    let shape = staticShape;
    if (runtimeShape !== undefined) {
      shape = runtimeShape(frame);
      checkRuntimeSize(`'${name}'`, shape.reduce((a, b) => a * b, 1), limits);
    }
    const local = new LocalVariable(name, shape ?? shapeOf(v!), what, isInt);
    if (v !== undefined) local.assign(v);
    frame.slots[slot] = local;
    return NEXT;
  };
}
