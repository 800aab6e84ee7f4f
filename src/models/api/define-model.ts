import type { Value } from '../../ad/trace.js';
import type { Rng } from '../../random/rng.js';
import { compileProgram, type CompileOptions, type ModelInstance } from './compile.js';
import type {
  DataDeclarations,
  DataValues,
  Declaration,
  DeclarationKind,
  ParameterDeclarations,
  ParameterPrimals,
  ParameterValues,
  Primals,
} from './declarations.js';
import { allDims, describeDeclaration } from './declarations.js';
import type { Target } from './target.js';

// A model in Stan's blocks, written as TypeScript functions over leapfrog's ops
// (define-by-run: whatever the functions compute at a point is the density there):
//
//   const eightSchools = defineModel({
//     data: { J: int({ lower: 1 }), y: vector('J'), sigma: vector('J', { lower: 0 }) },
//     parameters: { mu: real(), tau: real({ lower: 0 }), thetaRaw: vector('J') },
//     transformedParameters: (p) => ({ theta: add(p.mu, mul(p.tau, p.thetaRaw)) }),
//     model: (p, data, target) => {
//       target.sample(p.mu, normal(0, 5));
//       target.sample(p.tau, halfCauchy(5));
//       target.sample(p.thetaRaw, normal(0, 1));
//       target.sample(data.y, normal(p.theta, data.sigma));
//     },
//   });
//   const model = eightSchools.compile(json);   // a CompiledModel for the samplers

export interface ModelSpec<
  D extends DataDeclarations,
  P extends ParameterDeclarations,
  TD extends Readonly<Record<string, unknown>>,
  TP extends Readonly<Record<string, Value>>,
> {
  /** For messages (`eight_schools.compile: ...`). */
  readonly name?: string;
  readonly data?: D;
  /** Computed once at compile time from the checked data (Stan's transformed data block). */
  readonly transformedData?: (data: DataValues<D>) => TD;
  readonly parameters: P;
  /** Deterministic functions of the parameters; recorded with every draw. */
  readonly transformedParameters?: (parameters: ParameterValues<P>, data: DataValues<D> & TD) => TP;
  /** Adds the log density's terms to `target`; sees parameters and transformed parameters, constrained. */
  readonly model: (parameters: ParameterValues<P> & TP, data: DataValues<D> & TD, target: Target) => void;
  /** Plain values computed per draw, possibly random (posterior predictive draws). */
  readonly generatedQuantities?: (
    parameters: ParameterPrimals<P> & Primals<TP>,
    data: DataValues<D> & TD,
    rng: Rng,
  ) => Readonly<Record<string, unknown>>;
}

export interface ModelDefinition<P extends ParameterDeclarations, TP> {
  readonly name: string;
  /** The declarations, for tools that describe a model before it has data. */
  readonly declarations: { readonly data: DataDeclarations; readonly parameters: P };
  /**
   * Checks the data against their declarations (throwing a DataError that lists every
   * problem with its field, index and rule) and returns the model bound to them.
   */
  compile(data?: unknown, options?: CompileOptions): ModelInstance<ParameterPrimals<P> & Primals<TP>>;
}

const DATA_KINDS: readonly DeclarationKind[] = ['int', 'real', 'vector', 'rowVector', 'matrix', 'intArray', 'indexArray'];
const PARAMETER_KINDS: readonly DeclarationKind[] = [
  'real',
  'vector',
  'rowVector',
  'matrix',
  'simplex',
  'ordered',
  'positiveOrdered',
  'choleskyCorr',
  'choleskyCov',
  'unitVector',
  'sumToZeroVector',
  'corrMatrix',
  'covMatrix',
  'rowStochasticMatrix',
  'columnStochasticMatrix',
];
/** Kinds that take bounds or an offset and multiplier; the others carry their constraint in the kind. */
const BOUNDED_KINDS: readonly DeclarationKind[] = ['int', 'real', 'vector', 'rowVector', 'matrix', 'intArray', 'indexArray'];

function expectDeclaration(value: unknown, path: string): Declaration {
  if (typeof value === 'function') throw new Error(`${path} is the function ${value.name}; call it to declare: ${value.name}(...)`);
  if (value === null || typeof value !== 'object' || typeof (value as Declaration).kind !== 'string') {
    throw new Error(`${path} is not a declaration; use int(), real(), vector(size), matrix(rows, columns), ...`);
  }
  return value as Declaration;
}

/**
 * `__proto__` cannot be a name: in an object literal it sets the prototype instead of
 * declaring anything (and as a computed key it would shadow it). Other names of
 * Object.prototype (`constructor`, `valueOf`) are ordinary names.
 */
function refuseProto(record: object, block: string, place: string): void {
  const prototype: unknown = Object.getPrototypeOf(record);
  if (Object.hasOwn(record, '__proto__') || (prototype !== Object.prototype && prototype !== null)) {
    throw new Error(`${place}: ${block}: '__proto__' cannot be a name (JavaScript reserves it); choose another name`);
  }
}

/** Checks the declarations' kinds and that sizes and bounds name suitable data fields. */
function checkDeclarations(data: DataDeclarations, parameters: ParameterDeclarations, place: string): void {
  refuseProto(data, 'data', place);
  refuseProto(parameters, 'parameters', place);
  const ints = Object.keys(data).filter((n) => data[n]!.kind === 'int');
  const checkReferences = (declaration: Declaration, path: string, isData: boolean): void => {
    if (declaration.array !== undefined && declaration.kind === 'indexArray') throw new Error(`${path}: an array of index arrays is not supported; use intArray([N, M])`);
    const given = (['lower', 'upper', 'offset', 'multiplier'] as const).filter((side) => declaration[side] !== undefined);
    if (given.length > 0 && !BOUNDED_KINDS.includes(declaration.kind)) {
      throw new Error(`${path}: ${declaration.kind} takes no ${given.join(' or ')}: its constraint is part of its kind`);
    }
    if ((given.includes('offset') || given.includes('multiplier')) && (given.includes('lower') || given.includes('upper'))) {
      throw new Error(`${path}: a declaration takes bounds (lower, upper) or an offset and multiplier, not both`);
    }
    if (isData && (given.includes('offset') || given.includes('multiplier'))) throw new Error(`${path}: data take no offset or multiplier (they change how parameters are sampled)`);
    for (const size of allDims(declaration)) {
      if (typeof size === 'string' && !ints.includes(size)) {
        throw new Error(`${path}: its size '${size}' is not an int data field (int data fields: ${ints.join(', ') || 'none'})`);
      }
      if (typeof size === 'number' && (!Number.isInteger(size) || size < 0)) throw new Error(`${path}: its size ${size} must be a non-negative integer`);
    }
    for (const side of ['lower', 'upper', 'offset', 'multiplier'] as const) {
      const bound = declaration[side];
      if (typeof bound === 'string' && !Object.hasOwn(data, bound)) throw new Error(`${path}: its ${side} bound '${bound}' is not a data field`);
      if (isData && typeof bound === 'string' && allDims(data[bound]!).length > 0) {
        throw new Error(`${path}: its ${side} bound '${bound}' must be a scalar (int or real) data field`);
      }
      if (isData && bound !== undefined && typeof bound !== 'number' && typeof bound !== 'string') {
        throw new Error(`${path}: bounds of data must be numbers or names of data fields`);
      }
    }
  };
  for (const [name, value] of Object.entries(data)) {
    const declaration = expectDeclaration(value, `${place}: data.${name}`);
    const path = `${place}: data.${name} (${describeDeclaration(declaration)})`;
    if (!DATA_KINDS.includes(declaration.kind)) throw new Error(`${path}: ${declaration.kind} is for parameters; data can be ${DATA_KINDS.join(', ')}`);
    checkReferences(declaration, path, true);
  }
  for (const [name, value] of Object.entries(parameters)) {
    const declaration = expectDeclaration(value, `${place}: parameters.${name}`);
    const path = `${place}: parameters.${name} (${describeDeclaration(declaration)})`;
    if (!PARAMETER_KINDS.includes(declaration.kind)) {
      throw new Error(`${path}: parameters are continuous and can be ${PARAMETER_KINDS.join(', ')}; declare ${declaration.kind} in data instead`);
    }
    if (Object.hasOwn(data, name)) throw new Error(`${path}: '${name}' is also a data field; names must be unique`);
    checkReferences(declaration, path, false);
  }
}

/** Defines a model from its blocks; `compile(data)` binds it to data. */
export function defineModel<
  D extends DataDeclarations = {},
  P extends ParameterDeclarations = {},
  TD extends Readonly<Record<string, unknown>> = {},
  TP extends Readonly<Record<string, Value>> = {},
>(spec: ModelSpec<D, P, TD, TP>): ModelDefinition<P, TP> {
  const name = spec.name ?? 'model';
  const place = `defineModel(${name})`;
  if (spec === null || typeof spec !== 'object') throw new Error(`defineModel: the spec must be an object with parameters and model`);
  if (spec.parameters === null || typeof spec.parameters !== 'object') throw new Error(`${place}: parameters must be a record of declarations`);
  if (typeof spec.model !== 'function') throw new Error(`${place}: model must be a function (parameters, data, target) => void`);
  for (const block of ['transformedData', 'transformedParameters', 'generatedQuantities'] as const) {
    if (spec[block] !== undefined && typeof spec[block] !== 'function') throw new Error(`${place}: ${block} must be a function`);
  }
  const data = spec.data ?? ({} as D);
  checkDeclarations(data, spec.parameters, place);
  const program = {
    name,
    data,
    transformedData: spec.transformedData as ((data: any) => Readonly<Record<string, unknown>>) | undefined,
    parameters: spec.parameters,
    transformedParameters: spec.transformedParameters as any,
    model: spec.model as any,
    generatedQuantities: spec.generatedQuantities as any,
  };
  return {
    name,
    declarations: { data, parameters: spec.parameters },
    compile: (input?: unknown, options?: CompileOptions) =>
      compileProgram(program, input, options) as ModelInstance<ParameterPrimals<P> & Primals<TP>>,
  };
}
