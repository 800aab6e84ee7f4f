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
import type { Lowered } from './lowered.js';
import { frameFor, lowerProgram, type LoweredProgram, type ProgramParameter } from './program.js';
import { checkQuantityBounds } from './bounds.js';
import { ModelSpec } from './schema.js';
import { runAll } from './statements.js';
import { atPath, pathOf } from './error-places.js';
import { dataNestingIssues, reservedKeyIssues, statementNestingIssue } from './prechecks.js';
import { resolveLimits, type Limits } from '../../models/api/limits.js';
import { isStackOverflow, type JsonPath } from './issues.js';
import type { SpecType } from './types.js';

// A JSON spec compiles by generating a defineModel definition: declarations become the
// TypeScript API's declarations, and the blocks become closures over the checked
// expression trees, so specs and TypeScript models share one compile path (transforms,
// Jacobians, outputs, rejection of points outside the support).

/** The spec from JSON (an object, or JSON text), validated by the zod schema once (after its nesting is measured). */
export function parseSpec(specJson: unknown, limits: Limits): { spec: ModelSpec } | { issues: SpecIssue[] } {
  let input = specJson;
  if (typeof specJson === 'string') {
    try {
      input = JSON.parse(specJson);
    } catch (error) {
      return { issues: [{ path: [], message: `the spec is not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const tooDeep = statementNestingIssue(input, limits.maxDepth);
  if (tooDeep !== undefined) return { issues: [tooDeep] };
  const reserved = reservedKeyIssues(input);
  if (reserved.length > 0) return { issues: reserved };
  try {
    const parsed = ModelSpec.safeParse(input);
    return parsed.success ? { spec: parsed.data } : { issues: issuesFromZod(parsed.error, input) };
  } catch (error) {
    // zod validates statements by recursion; a raised depth limit can outgrow the stack.
    if (!isStackOverflow(error)) throw error;
    return { issues: [{ path: ['model'], message: `statements nest too deeply for JavaScript's stack; lower --limits depth (limits.maxDepth in code)` }] };
  }
}

/**
 * The spec checked and lowered against its data, or every problem found. A spec that
 * declares no data is complete without any: it is checked as if given `{}`.
 */
export function checked(specJson: unknown, data: unknown, limits: Limits): LoweredProgram | SpecIssue[] {
  const parsed = parseSpec(specJson, limits);
  if ('issues' in parsed) return parsed.issues;
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const tooDeep = dataNestingIssues(data as Readonly<Record<string, unknown>>, limits.maxDepth);
    if (tooDeep.length > 0) return tooDeep;
  }
  const complete = data === undefined && Object.keys(parsed.spec.data).length === 0 ? {} : data;
  const issues = new IssueList();
  const program = lowerProgram(parsed.spec, complete, issues, limits);
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

function apiBound(program: LoweredProgram, bound: Lowered | undefined, path: JsonPath): Bound | undefined {
  if (bound === undefined) return undefined;
  if (bound.constant) return primal(bound.evaluate({ slots: [] })) as number | Tensor;
  return (parameters: Readonly<Record<string, Value>>) => atPath(path, () => bound.evaluate(frameFor(program, parameters)));
}


/**
 * The upper bound; when either bound depends on parameters, a function that also checks,
 * at each evaluation, that the lower bound is below it: a point where they cross is
 * rejected (as Stan rejects it) with the bound's path, instead of by the transform deep
 * in the model API, which knows no path.
 */
function apiUpperBound(program: LoweredProgram, p: ProgramParameter): Bound | undefined {
  const { lower, upper } = p;
  const path: JsonPath = ['parameters', p.name, 'upper'];
  if (upper === undefined || lower === undefined || (lower.constant && upper.constant)) return apiBound(program, upper, path);
  return (parameters: Readonly<Record<string, Value>>) =>
    atPath(path, () => {
      const frame = frameFor(program, parameters);
      const high = upper.evaluate(frame);
      const crossing = firstCrossing(primal(lower.evaluate(frame)), primal(high));
      if (crossing !== undefined) throw new Error(`the lower bound ${crossing.low} is not below the upper bound ${crossing.high}${crossing.where}`);
      return high;
    });
}

/** The first element where a lower bound is not below an upper bound (scalars broadcast). */
function firstCrossing(low: number | Tensor, high: number | Tensor): { low: number; high: number; where: string } | undefined {
  const lows = typeof low === 'number' ? [low] : low.data;
  const highs = typeof high === 'number' ? [high] : high.data;
  const n = Math.max(lows.length, highs.length);
  for (let k = 0; k < n; k++) {
    const [a, b] = [lows[lows.length === 1 ? 0 : k]!, highs[highs.length === 1 ? 0 : k]!];
    if (!(a < b)) return { low: a, high: b, where: n > 1 ? ` at element ${k + 1} (1-based)` : '' };
  }
  return undefined;
}

function apiParameter(program: LoweredProgram, p: ProgramParameter): ApiParameterDeclaration {
  const [n, m] = sizes(p.type);
  const bounds = { lower: apiBound(program, p.lower, ['parameters', p.name, 'lower']), upper: apiUpperBound(program, p) };
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
  const data = nullPrototype([...program.dataTypes].map(([name, type]) => [name, apiData(type)]));
  const parameters = nullPrototype(program.parameters.map((p) => [p.name, apiParameter(program, p)]));
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
            const out: Record<string, Value> = Object.create(null);
            for (const q of derived) {
              const v = atPath(['transformed_parameters', q.name], () => {
                const value = q.compute(frame);
                checkQuantityBounds(q, value, frame);
                return value;
              });
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
            const out: Record<string, Value> = Object.create(null);
            for (const q of generated) {
              const v = atPath(['generated_quantities', q.name], () => q.compute(frame));
              frame.slots[q.slot] = v;
              out[q.name] = v;
            }
            return out;
          },
  });
  // Everything was charged to the budget while the spec was checked; the model API need not count again.
  return definition.compile(program.data, { ...options, limits: UNCOUNTED });
}

const UNCOUNTED = { maxElements: Infinity, maxOutputs: Infinity };

/** A record without a prototype, so that user names (`constructor`, `toString`) are plain keys. */
function nullPrototype<T>(entries: readonly (readonly [string, T])[]): Record<string, T> {
  const out: Record<string, T> = Object.create(null);
  for (const [key, value] of entries) out[key] = value;
  return out;
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
      if (!isRejection(error)) return located(error, program);
      firstRejection ??= error;
    }
  }
  const issue = located(firstRejection, program);
  return issue.message.endsWith(EVERYWHERE) ? issue : { path: issue.path, message: `${issue.message}${EVERYWHERE}` };
}

const EVERYWHERE = '; this happens at θ = 0 and at 10 random points, so sampling cannot start';

/**
 * An error as an issue at the JSON path of the piece of the spec it came from, with that
 * piece's own message (the path's prefix taken off). The model API wraps what a spec's
 * blocks throw in its own words ("spec.compile: the model block threw: ..."), which name
 * nothing a spec's author wrote: the innermost located error speaks instead. A rejection
 * (a plain Error) that got this far happened at every trial point, and says so.
 */
function located(error: unknown, program: LoweredProgram): SpecIssue {
  if (isStackOverflow(error)) {
    return { path: [], message: "evaluating the model overflowed JavaScript's stack (expressions nested deeper than it holds); lower --limits depth (limits.maxDepth in code)" };
  }
  const inner = pathOf(error);
  if (inner !== undefined) {
    const prefix = `${formatPath(inner.path)}: `;
    const text = inner.error.message.startsWith(prefix) ? inner.error.message.slice(prefix.length) : inner.error.message;
    return { path: inner.path, message: isRejection(inner.error) ? `${text}${EVERYWHERE}` : text };
  }
  const message = error instanceof Error ? error.message : String(error);
  // The model API's own prefixes, made from the name this module gave it.
  const place = [`${program.name}.compile: `, `defineModel(${program.name}): `].find((p) => message.startsWith(p));
  return { path: [], message: place === undefined ? message : message.slice(place.length) };
}

/**
 * Compiles a JSON model spec with its data to a model for the samplers. Throws a
 * SpecError listing every problem, each at its JSON path (`model[2].args[0]: unknown name
 * 'thta' (did you mean 'theta'?), in "thta", at column 1 ('thta')`). Sizes, loops and
 * nesting are held to `options.limits` (see ResourceLimits).
 */
export function compileSpec(specJson: unknown, data: unknown, options: CompileOptions = {}): ModelInstance {
  const program = checked(specJson, data ?? {}, resolveLimits(options.limits));
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
    throw new SpecError([located(error, program)]);
  }
  const problem = trialRun(program, instance);
  if (problem !== undefined) throw new SpecError([problem]);
  return instance;
}

