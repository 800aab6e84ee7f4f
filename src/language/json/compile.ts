import { primal, type Value } from '../../ad/trace.js';
import type { Tensor } from '../../ad/tensor.js';
import { makeRng } from '../../random/rng.js';
import {
  choleskyCorr,
  choleskyCov,
  defineModel,
  int,
  intArray,
  matrix,
  ordered,
  positiveOrdered,
  real,
  simplex,
  vector,
  type Bound,
  type CompileOptions,
  type DataDeclaration as ApiDataDeclaration,
  type ModelInstance,
  type ParameterDeclaration as ApiParameterDeclaration,
} from '../../models/api/index.js';
import { isRejection } from '../../models/api/evaluate.js';
import { LogDensityAccumulator } from '../../models/api/target.js';
import { SpecError, formatPath, issuesFromZod, type SpecIssue } from './errors.js';
import { IssueList } from './issues.js';
import { EvaluationError } from './local-variable.js';
import type { Lowered } from './lowered.js';
import { checkQuantityBounds, frameFor, lowerProgram, type LoweredProgram, type ProgramParameter } from './program.js';
import { ModelSpec } from './schema.js';
import { runAll } from './statements.js';
import type { SpecType } from './types.js';

// A JSON spec compiles by generating a defineModel definition: declarations become the
// TypeScript API's declarations, and the blocks become closures over the checked
// expression trees, so specs and TypeScript models share one compile path (transforms,
// Jacobians, outputs, rejection of points outside the support).

/** The spec from JSON (an object, or JSON text), validated by the zod schema once. */
function parseSpec(specJson: unknown): { spec: ModelSpec } | { issues: SpecIssue[] } {
  let input = specJson;
  if (typeof specJson === 'string') {
    try {
      input = JSON.parse(specJson);
    } catch (error) {
      return { issues: [{ path: [], message: `the spec is not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const parsed = ModelSpec.safeParse(input);
  return parsed.success ? { spec: parsed.data } : { issues: issuesFromZod(parsed.error, input) };
}

/** The spec checked and lowered against its data, or every problem found. */
export function checked(specJson: unknown, data: unknown): LoweredProgram | SpecIssue[] {
  const parsed = parseSpec(specJson);
  if ('issues' in parsed) return parsed.issues;
  const issues = new IssueList();
  const program = lowerProgram(parsed.spec, data, issues);
  return issues.count > 0 ? issues.issues : program;
}

function sizes(type: SpecType): number[] {
  if (type.kind === 'matrix') return [type.rows!, type.cols!];
  return 'size' in type ? [type.size!] : [];
}

function apiData(type: SpecType): ApiDataDeclaration {
  switch (type.kind) {
    case 'int':
      return int();
    case 'real':
      return real();
    case 'vector':
    case 'row_vector':
      return vector(type.size!);
    case 'int_array':
      return intArray(type.size!);
    case 'matrix':
      return matrix(type.rows!, type.cols!);
  }
}

function apiBound(program: LoweredProgram, bound: Lowered | undefined): Bound | undefined {
  if (bound === undefined) return undefined;
  if (bound.constant) return primal(bound.evaluate({ slots: [] })) as number | Tensor;
  return (parameters: Readonly<Record<string, Value>>) => bound.evaluate(frameFor(program, parameters));
}

function apiParameter(program: LoweredProgram, p: ProgramParameter): ApiParameterDeclaration {
  const [n, m] = sizes(p.type);
  const bounds = { lower: apiBound(program, p.lower), upper: apiBound(program, p.upper) };
  const given = Object.fromEntries(Object.entries(bounds).filter(([, b]) => b !== undefined));
  switch (p.declaration.type) {
    case 'real':
      return real(given);
    case 'vector':
      return vector(n!, given);
    case 'matrix':
      return matrix(n!, m!, given);
    case 'simplex':
      return simplex(n!);
    case 'ordered':
      return ordered(n!);
    case 'positive_ordered':
      return positiveOrdered(n!);
    case 'cholesky_factor_corr':
      return choleskyCorr(n!);
    case 'cholesky_factor_cov':
      return choleskyCov(n!);
  }
}

/** The defineModel definition of a checked spec, bound to its data. */
function instantiate(program: LoweredProgram, options: CompileOptions): ModelInstance {
  const data = Object.fromEntries([...program.dataTypes].map(([name, type]) => [name, apiData(type)]));
  const parameters = Object.fromEntries(program.parameters.map((p) => [p.name, apiParameter(program, p)]));
  const { transformedParameters: derived, generatedQuantities: generated } = program;
  const definition = defineModel({
    name: program.name,
    data,
    transformedData: Object.keys(program.transformedData).length === 0 ? undefined : () => program.transformedData,
    parameters,
    transformedParameters:
      derived.length === 0
        ? undefined
        : (values: Readonly<Record<string, Value>>) => {
            const frame = frameFor(program, values);
            const out: Record<string, Value> = {};
            for (const q of derived) {
              const v = q.compute(frame);
              checkQuantityBounds(q, v, frame);
              frame.slots[q.slot] = v;
              out[q.name] = v;
            }
            return out;
          },
    model: (values: Readonly<Record<string, Value>>, _data: unknown, target) => runAll(program.model, frameFor(program, values), target),
    generatedQuantities:
      generated.length === 0
        ? undefined
        : (values: Readonly<Record<string, Value>>, _data: unknown, rng) => {
            const frame = frameFor(program, values, rng);
            const out: Record<string, Value> = {};
            for (const q of generated) {
              const v = q.compute(frame);
              frame.slots[q.slot] = v;
              out[q.name] = v;
            }
            return out;
          },
  });
  return definition.compile(program.data, options);
}

/** The JSON path an error happened at, when a statement recorded it. */
function errorPath(error: unknown): readonly (string | number)[] {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof EvaluationError && e.path !== undefined) return e.path;
    const cause = e.cause as { path?: readonly (string | number)[] } | undefined;
    if (cause !== undefined && !(cause instanceof Error) && Array.isArray(cause.path)) return cause.path;
  }
  return [];
}

/**
 * One evaluation of the model block before handing the model out, so that mistakes only
 * visible at run time (an index out of range, a local read before it is assigned) are
 * reported now, with their path. Points are θ = 0, then up to 10 uniform draws in (−2, 2)
 * (Stan's initialisation) while the density rejects them.
 */
function trialRun(program: LoweredProgram, instance: ModelInstance): SpecIssue | undefined {
  const rng = makeRng(0, 0);
  let firstRejection: Error | undefined;
  for (let attempt = 0; attempt <= 10; attempt++) {
    const theta = Float64Array.from({ length: instance.dim }, () => (attempt === 0 ? 0 : 4 * rng.uniform() - 2));
    try {
      const values = instance.constrain(theta);
      runAll(program.model, frameFor(program, values), new LogDensityAccumulator());
      return undefined;
    } catch (error) {
      if (!isRejection(error)) return located(error);
      firstRejection ??= error;
    }
  }
  const { path, message } = located(firstRejection);
  return { path, message: `the log density throws at θ = 0 and at 10 random points, so sampling cannot start: ${message}` };
}

/** An error as an issue at its statement's path (the path's own prefix taken off the message). */
function located(error: unknown): SpecIssue {
  const path = errorPath(error);
  const message = error instanceof Error ? error.message : String(error);
  const prefix = `${formatPath(path)}: `;
  return { path, message: path.length > 0 && message.startsWith(prefix) ? message.slice(prefix.length) : message };
}

/**
 * Compiles a JSON model spec with its data to a model for the samplers. Throws a
 * SpecError listing every problem, each at its JSON path (`model[2].args[0]: unknown name
 * 'thta' (did you mean 'theta'?), in "thta", at column 1 ('thta')`).
 */
export function compileSpec(specJson: unknown, data: unknown, options: CompileOptions = {}): ModelInstance {
  const program = checked(specJson, data ?? {});
  if (Array.isArray(program)) throw new SpecError(program);
  return compileProgram(program, options);
}

/** A checked program as a model, after a trial evaluation; throws SpecError. */
export function compileProgram(program: LoweredProgram, options: CompileOptions = {}): ModelInstance {
  let instance: ModelInstance;
  try {
    instance = instantiate(program, options);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    throw new SpecError([located(error)]);
  }
  const problem = trialRun(program, instance);
  if (problem !== undefined) throw new SpecError([problem]);
  return instance;
}

// checkSpec lives in check.ts; re-exported here for callers that import it from compile.
export { checkSpec, type SpecCheck, type SpecQuantity } from './check.js';
