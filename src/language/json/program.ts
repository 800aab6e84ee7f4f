import { markConstant } from '../../ad/constants.js';
import { Tensor } from '../../ad/tensor.js';
import type { Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import { assignable } from './assign.js';
import { checkDataBound, readDataValue } from './data-values.js';
import { checkDistributionCall, drawFrom, makeDistribution } from './distribution-calls.js';
import { findDistributionFamily } from './distribution-registry.js';
import { formatPath, quoteSource } from './errors.js';
import { IssueList, lowerAt, type JsonPath } from './issues.js';
import type { LowerContext } from './lower-expression.js';
import { CheckError, type Lowered } from './lowered.js';
import type { DataDeclaration, GeneratedQuantity, ModelSpec, ParameterDeclaration, Statement, TransformedParameter } from './schema.js';
import { Scope, type BindingRole, type Declared, type Frame } from './scope.js';
import { chargeBudget, declaredType, type Shaped } from './sizes.js';
import { lowerStatements, type Executor } from './statements.js';
import { checkConstantBounds, lowerDeclarationBound } from './bounds.js';
import { ElementBudget, type Limits } from '../../models/api/limits.js';
import { formatType, withArticle, type SpecType } from './types.js';

// A whole spec checked and lowered in Stan's block order: data (read and validated),
// transformed data (computed once), parameters (types, bounds), transformed parameters,
// model statements, generated quantities. Every problem is collected with its JSON path;
// the result is usable only when there are none.

/** A parameter as the compiler needs it. */
export interface ProgramParameter {
  readonly name: string;
  readonly declaration: ParameterDeclaration;
  readonly type: SpecType;
  readonly slot: number;
  readonly lower: Lowered | undefined;
  readonly upper: Lowered | undefined;
}

/** A transformed parameter or generated quantity: computed into its frame slot, in order. */
export interface ProgramQuantity {
  readonly name: string;
  readonly type: SpecType;
  readonly slot: number;
  readonly compute: (frame: Frame) => Value;
  readonly lower: Lowered | undefined;
  readonly upper: Lowered | undefined;
}

export interface LoweredProgram {
  readonly name: string;
  /** Whether the data were given (or none are declared), so that every size is known and the program can run. */
  readonly complete: boolean;
  readonly dataTypes: ReadonlyMap<string, SpecType>;
  /** Declared data fields with their checked values (empty when checking without data). */
  readonly data: Readonly<Record<string, Value>>;
  readonly transformedData: Readonly<Record<string, Value>>;
  readonly parameters: readonly ProgramParameter[];
  readonly transformedParameters: readonly ProgramQuantity[];
  readonly model: readonly Executor[];
  readonly generatedQuantities: readonly ProgramQuantity[];
  readonly slotCount: number;
  readonly cacheCount: number;
}

/** Every name the spec declares, with where; a name declared twice is an issue. */
function collectDeclarations(spec: ModelSpec, issues: IssueList): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  const declare = (name: string, role: BindingRole, path: JsonPath): void => {
    const earlier = declared.get(name);
    if (earlier !== undefined && role !== 'local variable' && role !== 'loop variable') {
      issues.add(path, `'${name}' is already declared at ${earlier.declaredAt}; every name must be unique across the blocks`);
      return;
    }
    if (earlier === undefined) declared.set(name, { role, declaredAt: formatPath(path) });
  };
  for (const name of Object.keys(spec.data)) declare(name, 'data', ['data', name]);
  for (const name of Object.keys(spec.transformed_data)) declare(name, 'transformed data', ['transformed_data', name]);
  for (const name of Object.keys(spec.parameters)) declare(name, 'parameter', ['parameters', name]);
  for (const name of Object.keys(spec.transformed_parameters)) declare(name, 'transformed parameter', ['transformed_parameters', name]);
  for (const name of Object.keys(spec.generated_quantities)) declare(name, 'generated quantity', ['generated_quantities', name]);
  const walk = (statements: readonly Statement[], path: JsonPath): void =>
    statements.forEach((s, k) => {
      if ('local' in s) declare(s.local, 'local variable', [...path, k, 'local']);
      if ('for' in s) {
        declare(s.for, 'loop variable', [...path, k, 'for']);
        walk(s.body, [...path, k, 'body']);
      }
      if ('if' in s) {
        walk(s.then, [...path, k, 'then']);
        walk(s.else ?? [], [...path, k, 'else']);
      }
    });
  walk(spec.model, ['model']);
  return declared;
}

/** The data object (or undefined when checking without data). */
function dataObject(data: unknown, issues: IssueList): Readonly<Record<string, unknown>> | undefined {
  if (data === undefined) return undefined;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    issues.add(['data'], `the data must be a JSON object with one field per declared data name, got ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}`);
    return undefined;
  }
  return data as Readonly<Record<string, unknown>>;
}

/** A field of the data object: own properties only, so that a missing field named `valueOf` is missing. */
function dataField(input: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(input, name) ? input[name] : undefined;
}

function lowerData(spec: ModelSpec, input: Readonly<Record<string, unknown>> | undefined, scope: Scope, context: ProgramContext, issues: IssueList): Record<string, Value> {
  const values: Record<string, Value> = Object.create(null);
  const entries = Object.entries(spec.data) as [string, DataDeclaration][];
  // Scalars first, so that sizes and bounds may use any of them (as the TypeScript API does).
  const ordered = [...entries.filter(([, d]) => d.type === 'int' || d.type === 'real'), ...entries.filter(([, d]) => d.type !== 'int' && d.type !== 'real')];
  for (const [name, declaration] of ordered) {
    const path: JsonPath = ['data', name];
    const type = chargeBudget(declaredType(declaration as Shaped, path, context, issues), context.budget, false, path, issues);
    const lower = type && lowerDeclarationBound(declaration.lower, type, [...path, 'lower'], context, issues);
    const upper = type && lowerDeclarationBound(declaration.upper, type, [...path, 'upper'], context, issues);
    const boundsOk = checkConstantBounds(lower, upper, path, context, issues, false);
    let value: Value | undefined;
    if (type !== undefined && input !== undefined && boundsOk) {
      const sizes = sizeNames(declaration as Shaped, type);
      value = readDataValue(name, type, dataField(input, name), sizes, issues);
      if (value !== undefined) {
        if (lower !== undefined) checkDataBound(name, value, lower.evaluate({ slots: [] }), 'lower', issues);
        if (upper !== undefined) checkDataBound(name, value, upper.evaluate({ slots: [] }), 'upper', issues);
        // Data never change: marked so (ad/constants.ts), as the TypeScript API does, so that
        // their checks are remembered and dense kernels keep a copy of them (src/ad/wasm).
        if (value instanceof Tensor) markConstant(value);
        values[name] = value;
      }
    }
    const usable = type !== undefined && (input === undefined || value !== undefined);
    scope.defineConstant(name, 'data', usable ? type : null, formatPath(path), value);
  }
  return values;
}

/** ` with J = 8`: the values of named sizes, for messages about the data. */
function sizeNames(declaration: Shaped, type: SpecType): string {
  const named: string[] = [];
  const add = (size: number | string | undefined, value: number | null): void => {
    if (typeof size === 'string' && value !== null && !named.some((n) => n.startsWith(`${size} =`))) named.push(`${size} = ${value}`);
  };
  if (type.kind === 'matrix') {
    add(declaration.rows, type.rows);
    add(declaration.cols, type.cols);
  } else if ('size' in type) add(declaration.size, type.size);
  return named.length === 0 ? '' : ` with ${named.join(', ')}`;
}

function lowerTransformedData(spec: ModelSpec, scope: Scope, context: ProgramContext, issues: IssueList): Record<string, Value> {
  const values: Record<string, Value> = Object.create(null);
  for (const [name, declaration] of Object.entries(spec.transformed_data)) {
    const path: JsonPath = ['transformed_data', name];
    const type = chargeBudget(declaredType(declaration as Shaped, path, context, issues), context.budget, false, path, issues);
    const value = lowerAt(declaration.value, [...path, 'value'], context, issues);
    let ok = type !== undefined && value !== undefined;
    if (ok && !value!.constant) {
      issues.add([...path, 'value'], `transformed data are computed once from the data, but ${quoteSource(declaration.value)} uses parameters or locals`);
      ok = false;
    }
    if (ok && !assignable(type!, value!.type)) {
      issues.add([...path, 'value'], `'${name}' is declared ${formatType(type!)}, but the value is ${withArticle(value!.type)}`);
      ok = false;
    }
    const computed = ok && context.foldable ? value!.evaluate({ slots: [] }) : undefined;
    if (computed !== undefined) values[name] = computed;
    scope.defineConstant(name, 'transformed data', ok ? type! : null, formatPath(path), computed);
  }
  return values;
}

function lowerParameters(spec: ModelSpec, scope: Scope, context: ProgramContext, issues: IssueList): ProgramParameter[] {
  const parameters: ProgramParameter[] = [];
  for (const [name, declaration] of Object.entries(spec.parameters)) {
    const path: JsonPath = ['parameters', name];
    let type = chargeBudget(declaredType(declaration as Shaped, path, context, issues), context.budget, true, path, issues);
    const bounded = declaration as { lower?: number | string; upper?: number | string };
    const lower = type && lowerDeclarationBound(bounded.lower, type, [...path, 'lower'], context, issues);
    const upper = type && lowerDeclarationBound(bounded.upper, type, [...path, 'upper'], context, issues);
    if (!checkConstantBounds(lower, upper, path, context, issues, true)) type = undefined;
    const binding = scope.defineSlot(name, 'parameter', type ?? null, formatPath(path));
    if (type !== undefined) parameters.push({ name, declaration, type, slot: binding.slot!, lower, upper });
  }
  if (Object.keys(spec.parameters).length === 0) {
    issues.add(['parameters'], 'the model has no parameters; declare at least one (there is nothing to sample otherwise)');
  }
  return parameters;
}

function lowerComputed(
  block: 'transformed_parameters' | 'generated_quantities',
  entries: readonly [string, TransformedParameter | GeneratedQuantity][],
  scope: Scope,
  context: ProgramContext,
  issues: IssueList,
): ProgramQuantity[] {
  const role: BindingRole = block === 'transformed_parameters' ? 'transformed parameter' : 'generated quantity';
  const quantities: ProgramQuantity[] = [];
  for (const [name, declaration] of entries) {
    const path: JsonPath = [block, name];
    const type = chargeBudget(declaredType(declaration as Shaped, path, context, issues), context.budget, true, path, issues);
    const compute = type === undefined ? undefined : 'sample' in declaration ? lowerDraw(declaration, type, path, context, issues) : lowerValue(declaration.value, name, type, path, context, issues);
    const bounded = declaration as { lower?: number | string; upper?: number | string };
    const lower = type && lowerDeclarationBound(bounded.lower, type, [...path, 'lower'], context, issues);
    const upper = type && lowerDeclarationBound(bounded.upper, type, [...path, 'upper'], context, issues);
    const boundsOk = checkConstantBounds(lower, upper, path, context, issues, false);
    const binding = scope.defineSlot(name, role, compute === undefined || !boundsOk ? null : type!, formatPath(path));
    if (compute !== undefined && boundsOk) quantities.push({ name, type: type!, slot: binding.slot!, compute, lower, upper });
  }
  return quantities;
}

function lowerValue(source: string, name: string, type: SpecType, path: JsonPath, context: LowerContext, issues: IssueList): ((frame: Frame) => Value) | undefined {
  const value = lowerAt(source, [...path, 'value'], context, issues);
  if (value === undefined) return undefined;
  if (!assignable(type, value.type)) {
    issues.add([...path, 'value'], `'${name}' is declared ${formatType(type)}, but the value is ${withArticle(value.type)}`);
    return undefined;
  }
  return value.evaluate;
}

function lowerDraw(declaration: Extract<GeneratedQuantity, { sample: unknown }>, type: SpecType, path: JsonPath, context: LowerContext, issues: IssueList): ((frame: Frame) => Value) | undefined {
  const family = findDistributionFamily(declaration.sample.distribution);
  const args = declaration.sample.args.map((a, k) => lowerAt(a, [...path, 'sample', 'args', k], context, issues));
  if (family === undefined || args.some((a) => a === undefined)) return undefined;
  const params = args as Lowered[];
  try {
    checkDistributionCall(family, type, params, params.map(() => ({ start: 0, end: 0 })), { start: 0, end: 0 }, context);
  } catch (error) {
    if (!(error instanceof CheckError)) throw error;
    issues.add(error.argument === undefined ? [...path, 'sample'] : [...path, 'sample', 'args', error.argument], error.message);
    return undefined;
  }
  return (frame) => drawFrom(makeDistribution(family, params, frame), type, frame.rng);
}

/** The context of a whole program: expressions', plus the element budget all declarations share. */
interface ProgramContext extends LowerContext {
  readonly budget: ElementBudget;
}

/** Checks and lowers a parsed spec against its data (or, without data, as far as types allow). */
export function lowerProgram(spec: ModelSpec, data: unknown, issues: IssueList, limits: Limits): LoweredProgram {
  const declared = collectDeclarations(spec, issues);
  const scope = Scope.root(declared);
  const input = dataObject(data, issues);
  // Without (usable) data, sizes are unknown and only what types allow is checked.
  const foldable = input !== undefined;
  const context: ProgramContext = { scope, foldable, allowRng: false, limits, budget: new ElementBudget(limits) };
  const dataValues = lowerData(spec, input, scope, context, issues);
  const dataTypes = new Map<string, SpecType>();
  for (const name of Object.keys(spec.data)) {
    const binding = scope.lookup(name);
    if (binding?.type) dataTypes.set(name, binding.type);
  }
  const transformedData = lowerTransformedData(spec, scope, context, issues);
  const parameters = lowerParameters(spec, scope, context, issues);
  const transformedParameters = lowerComputed('transformed_parameters', Object.entries(spec.transformed_parameters), scope, context, issues);
  const modelScope = scope.child();
  if (spec.model.length === 0) issues.add(['model'], 'the model block is empty; add the priors and the likelihood as statements, e.g. {"sample": "y", "distribution": "normal", "args": ["mu", "sigma"]}');
  const model = lowerStatements(spec.model, ['model'], modelScope, { ...context, scope: modelScope, loopTrips: 1 }, issues);
  const generatedQuantities = lowerComputed('generated_quantities', Object.entries(spec.generated_quantities), scope, { ...context, allowRng: true }, issues);
  return {
    name: spec.name ?? 'spec',
    complete: foldable,
    dataTypes,
    data: dataValues,
    transformedData,
    parameters,
    transformedParameters,
    model,
    generatedQuantities,
    slotCount: scope.slotCount,
    cacheCount: scope.cacheCount,
  };
}

/** A frame holding the given parameters (and transformed parameters) in their slots. */
export function frameFor(program: LoweredProgram, values: Readonly<Record<string, Value>>, rng?: Rng): Frame {
  const slots = new Array(program.slotCount);
  // Only the names present (own properties: a parameter may be called `constructor`): a
  // bound sees just the parameters declared before its own.
  for (const p of program.parameters) if (Object.hasOwn(values, p.name)) slots[p.slot] = values[p.name];
  for (const q of program.transformedParameters) if (Object.hasOwn(values, q.name)) slots[q.slot] = values[q.name];
  const cache = new Array<Value | undefined>(program.cacheCount);
  const loops = { iterations: 0 };
  return rng === undefined ? { slots, cache, loops } : { slots, cache, loops, rng };
}
