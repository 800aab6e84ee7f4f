import type { Value } from '../../ad/trace.js';
import type { Target } from '../../models/api/target.js';
import { makeRng, type Rng } from '../../random/rng.js';
import { ElementBudget, type Limits } from '../../models/api/limits.js';
import { blockValues, firstViolation, lowerComputedBlock, lowerDeclaredChecks, runBlock, type DeclaredCheck, type LoweredBlock, type ProgramContext } from './blocks.js';
import { checkConstantBounds, lowerDeclarationBound } from './bounds.js';
import { formatPath } from './errors.js';
import { pathOf } from './error-places.js';
import { IssueList, isStackOverflow, type JsonPath } from './issues.js';
import type { UnassignedReads } from './local-variable.js';
import { readData } from './program-data.js';
import type { Lowered } from './lowered.js';
import type { ModelSpec, ParameterDeclaration, Statement } from './schema.js';
import { NESTED_LISTS } from './schema-statements.js';
import { Scope, type BindingRole, type Declared, type Frame } from './scope.js';
import { chargeBudget, declaredType } from './sizes.js';
import { lowerStatements, type Executor } from './statements.js';
import type { SpecType } from './types.js';
import { findFunction } from './lower-expression.js';
import { lowerFunctionBodies } from './function-bodies.js';
import { resolveSignatures } from './user-functions.js';

// A whole spec checked and lowered in Stan's block order: data (read and validated),
// transformed data (run once, now), parameters (types, bounds), transformed parameters,
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
  readonly offset: Lowered | undefined;
  readonly multiplier: Lowered | undefined;
}

export interface LoweredProgram {
  readonly name: string;
  /** Whether the data were given (or none are declared), so that every size is known and the program can run. */
  readonly complete: boolean;
  readonly dataTypes: ReadonlyMap<string, SpecType>;
  /** Declared data fields with their checked values (empty when checking without data). */
  readonly data: Readonly<Record<string, Value>>;
  readonly transformedData: Readonly<Record<string, Value>>;
  readonly transformedDataTypes: ReadonlyMap<string, SpecType>;
  readonly parameters: readonly ProgramParameter[];
  readonly transformedParameters: LoweredBlock;
  /** The transformed parameters' declared constraints, as terms of the log density. */
  readonly declaredChecks: readonly DeclaredCheck[];
  readonly model: readonly Executor[];
  readonly generatedQuantities: LoweredBlock;
  readonly slotCount: number;
  readonly cacheCount: number;
}

/** Options of lowering that reach into running code: where print writes, and the seed of transformed data's draws. */
export interface ProgramOptions {
  readonly print?: ((line: string) => void) | undefined;
  readonly seed?: number | undefined;
  /** Collects transformed data's reads of reals never assigned, as warnings (warnings.ts). */
  readonly unassigned?: UnassignedReads | undefined;
}

/** The random stream of transformed data's draws (`_rng` there), apart from the samplers'. */
const TRANSFORMED_DATA_STREAM = 0x7d;

const COMPUTED_BLOCKS = [
  ['transformed_data', 'transformed data'],
  ['transformed_parameters', 'transformed parameter'],
  ['generated_quantities', 'generated quantity'],
] as const;

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
  // Iteratively: statements nest as deep as the limits allow.
  const walk = (statements: readonly Statement[], path: JsonPath, topRole: BindingRole): void => {
    const stack: [readonly Statement[], JsonPath, BindingRole][] = [[statements, path, topRole]];
    while (stack.length > 0) {
      const [list, at, role] = stack.pop()!;
      list.forEach((s, k) => {
        const key = 'declare' in s ? 'declare' : 'local' in s ? 'local' : undefined;
        if (key !== undefined) declare((s as Record<string, string>)[key]!, role, [...at, k, key]);
        if ('for' in s) declare(s.for, 'loop variable', [...at, k, 'for']);
        for (const nested of NESTED_LISTS) {
          const inner = (s as Record<string, unknown>)[nested];
          if (Array.isArray(inner)) stack.push([inner as Statement[], [...at, k, nested], 'local variable']);
        }
      });
    }
  };
  for (const name of Object.keys(spec.data)) declare(name, 'data', ['data', name]);
  for (const [block, role] of COMPUTED_BLOCKS) {
    if (block === 'transformed_parameters') for (const name of Object.keys(spec.parameters)) declare(name, 'parameter', ['parameters', name]);
    const source = spec[block];
    if (Array.isArray(source)) walk(source, [block], role);
    else for (const name of Object.keys(source)) declare(name, role, [block, name]);
  }
  walk(spec.model, ['model'], 'local variable');
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

/** Runs transformed data once, now; its variables become constants of the program (or issues, with their paths). */
function runTransformedData(block: LoweredBlock, scope: Scope, context: ProgramContext, options: ProgramOptions, issues: IssueList): Record<string, Value> {
  const values: Record<string, Value> = Object.create(null);
  let computed: Record<string, Value> | undefined;
  if (context.foldable && issues.count === 0) {
    const rng = makeRng(options.seed ?? 0, TRANSFORMED_DATA_STREAM);
    const frame: Frame = { slots: [], cache: [], loops: { iterations: 0 }, rng, unassigned: options.unassigned, ...(options.print === undefined ? {} : { print: options.print }) };
    try {
      runBlock(block, frame);
      computed = blockValues(block, frame);
      const broken = firstViolation(block, computed, frame);
      if (broken !== undefined) {
        issues.add(broken.path, broken.message);
        computed = undefined;
      }
    } catch (error) {
      if (isStackOverflow(error) || !(error instanceof Error)) throw error;
      const located = pathOf(error);
      const message = (located?.error ?? error).message;
      const path = located?.path ?? ['transformed_data'];
      const prefix = `${formatPath(path)}: `;
      issues.add(path, `transformed data: ${message.startsWith(prefix) ? message.slice(prefix.length) : message}`);
    }
  }
  for (const v of block.variables) {
    const value = computed?.[v.name];
    if (value !== undefined) values[v.name] = value;
    scope.defineConstant(v.name, 'transformed data', computed === undefined && context.foldable ? null : v.type, formatPath(v.path), value);
  }
  return values;
}

function lowerParameters(spec: ModelSpec, scope: Scope, context: ProgramContext, issues: IssueList): ProgramParameter[] {
  const parameters: ProgramParameter[] = [];
  for (const [name, declaration] of Object.entries(spec.parameters)) {
    const path: JsonPath = ['parameters', name];
    const declared = chargeBudget(declaredType(declaration, path, context, issues), context.budget, true, path, issues);
    let type = declared?.type;
    const bound = (side: 'lower' | 'upper' | 'offset' | 'multiplier'): Lowered | undefined => type && lowerDeclarationBound(declaration[side], type, [...path, side], context, issues);
    const [lower, upper, offset, multiplier] = [bound('lower'), bound('upper'), bound('offset'), bound('multiplier')];
    if ((declaration.offset !== undefined || declaration.multiplier !== undefined) && (declaration.lower !== undefined || declaration.upper !== undefined)) {
      issues.add([...path, declaration.offset !== undefined ? 'offset' : 'multiplier'], 'a declaration takes bounds (lower, upper) or an offset and multiplier, not both (as in Stan)');
      type = undefined;
    }
    if (!checkConstantBounds(lower, upper, path, context, issues, true)) type = undefined;
    const binding = scope.defineSlot(name, 'parameter', type ?? null, formatPath(path));
    if (type !== undefined) parameters.push({ name, declaration, type, slot: binding.slot!, lower, upper, offset, multiplier });
  }
  if (Object.keys(spec.parameters).length === 0) {
    issues.add(['parameters'], 'the model has no parameters; declare at least one (there is nothing to sample otherwise)');
  }
  return parameters;
}

/** After a block: its variables are read-only values, in the same slots, for the blocks that follow. */
function publish(block: LoweredBlock, scope: Scope, role: BindingRole): void {
  for (const v of block.variables) scope.defineSlot(v.name, role, v.type, formatPath(v.path), { slot: v.slot, local: false, assignable: false });
}

/** Checks and lowers a parsed spec against its data (or, without data, as far as types allow). */
export function lowerProgram(spec: ModelSpec, data: unknown, issues: IssueList, limits: Limits, options: ProgramOptions = {}): LoweredProgram {
  const declared = collectDeclarations(spec, issues);
  const scope = Scope.root(declared);
  const input = dataObject(data, issues);
  // Without (usable) data, sizes are unknown and only what types allow is checked.
  const foldable = input !== undefined;
  // Functions first: every block may call them, and a body sees only its arguments.
  const functions = resolveSignatures(spec.functions, findFunction, issues);
  const context: ProgramContext = { scope, foldable, allowRng: false, limits, budget: new ElementBudget(limits), functions };
  lowerFunctionBodies(functions, { ...context, declared }, issues);
  const { values: dataValues, types: dataTypes } = readData(spec, input, scope, context, issues);
  const tdBlock = lowerComputedBlock('transformed_data', spec.transformed_data, scope, context, issues);
  const transformedData = runTransformedData(tdBlock, scope, context, options, issues);
  const parameters = lowerParameters(spec, scope, context, issues);
  const transformedParameters = lowerComputedBlock('transformed_parameters', spec.transformed_parameters, scope, context, issues);
  publish(transformedParameters, scope, 'transformed parameter');
  const declaredChecks = lowerDeclaredChecks(transformedParameters, scope, context);
  const modelScope = scope.child();
  if (spec.model.length === 0) issues.add(['model'], 'the model block is empty; add the priors and the likelihood as statements, e.g. {"sample": "y", "distribution": "normal", "args": ["mu", "sigma"]}');
  const model = lowerStatements(spec.model, ['model'], modelScope, { ...context, scope: modelScope, loopTrips: 1, block: 'model', inLoop: false, allowTarget: true }, issues);
  const generatedQuantities = lowerComputedBlock('generated_quantities', spec.generated_quantities, scope, context, issues);
  return {
    name: spec.name ?? 'spec',
    complete: foldable,
    dataTypes,
    data: dataValues,
    transformedData,
    transformedDataTypes: new Map(tdBlock.variables.map((v) => [v.name, v.type])),
    parameters,
    transformedParameters,
    declaredChecks,
    model,
    generatedQuantities,
    slotCount: scope.slotCount,
    cacheCount: scope.cacheCount,
  };
}

/** A frame holding the given parameters (and transformed parameters) in their slots. */
export function frameFor(
  program: LoweredProgram,
  values: Readonly<Record<string, Value>>,
  extras: { readonly rng?: Rng | undefined; readonly print?: ((line: string) => void) | undefined; readonly target?: Target | undefined; readonly unassigned?: UnassignedReads | undefined } = {},
): Frame {
  const slots = new Array(program.slotCount);
  // Only the names present (own properties: a parameter may be called `constructor`): a
  // bound sees just the parameters declared before its own.
  for (const p of program.parameters) if (Object.hasOwn(values, p.name)) slots[p.slot] = values[p.name];
  for (const q of program.transformedParameters.variables) if (Object.hasOwn(values, q.name)) slots[q.slot] = values[q.name];
  const cache = new Array<Value | undefined>(program.cacheCount);
  const loops = { iterations: 0 };
  return {
    slots,
    cache,
    loops,
    ...(extras.rng === undefined ? {} : { rng: extras.rng }),
    ...(extras.print === undefined ? {} : { print: extras.print }),
    ...(extras.target === undefined ? {} : { target: extras.target }),
    unassigned: extras.unassigned,
  };
}
