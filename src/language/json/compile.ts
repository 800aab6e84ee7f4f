import { makeRng } from '../../random/rng.js';
import { defineModel, type CompileOptions, type ModelInstance } from '../../models/api/index.js';
import { isRejection } from '../../models/api/evaluate.js';
import { LogDensityAccumulator } from '../../models/api/target.js';
import { resolveLimits, type Limits } from '../../models/api/limits.js';
import { apiData, apiParameter } from './api-declarations.js';
import { SpecError, formatPath, issuesFromZod, type SpecIssue } from './errors.js';
import { pathOf, placeError } from './error-places.js';
import { IssueList, isStackOverflow } from './issues.js';
import { dataNestingIssues, reservedKeyIssues, statementNestingIssue } from './prechecks.js';
import { frameFor, lowerProgram, type LoweredProgram, type ProgramOptions } from './program.js';
import { ModelSpec } from './schema.js';
import { generatedQuantitiesOf, modelOf, transformedParametersOf } from './spec-model.js';
import { runAll } from './statements.js';

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
export function checked(specJson: unknown, data: unknown, limits: Limits, options: ProgramOptions = {}): LoweredProgram | SpecIssue[] {
  const parsed = parseSpec(specJson, limits);
  if ('issues' in parsed) return parsed.issues;
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const tooDeep = dataNestingIssues(data as Readonly<Record<string, unknown>>, limits.maxDepth);
    if (tooDeep.length > 0) return tooDeep;
  }
  const complete = data === undefined && Object.keys(parsed.spec.data).length === 0 ? {} : data;
  const issues = new IssueList();
  const program = lowerProgram(parsed.spec, complete, issues, limits, options);
  return issues.count > 0 ? issues.issues : program;
}

/** Options of compileSpec: the model API's, plus where `print` writes and the seed of transformed data's draws. */
export interface SpecCompileOptions extends CompileOptions {
  /** Where print statements write, a line at a time (default: standard error in Node, the console elsewhere). */
  readonly print?: (line: string) => void;
  /** Seeds the random draws of transformed data (`_rng` functions there); default 0. */
  readonly seed?: number;
}

/** print's default sink: standard error where there is one (so draws on standard output stay clean), else the console. */
export function defaultPrintSink(line: string): void {
  const stderr = (globalThis as { process?: { stderr?: { write?: (text: string) => unknown } } }).process?.stderr;
  if (stderr?.write !== undefined) stderr.write(`${line}\n`);
  else console.log(line);
}

/** The defineModel definition of a checked spec, bound to its data. */
function instantiate(program: LoweredProgram, options: SpecCompileOptions): ModelInstance {
  const data = nullPrototype([...program.dataTypes].map(([name, type]) => [name, apiData(type)]));
  const parameters = nullPrototype(program.parameters.map((p) => [p.name, apiParameter(program, p)]));
  const print = options.print ?? defaultPrintSink;
  const transformedParameters = transformedParametersOf(program, print);
  const generatedQuantities = generatedQuantitiesOf(program, print);
  const definition = defineModel({
    name: program.name,
    data,
    ...(Object.keys(program.transformedData).length === 0 ? {} : { transformedData: () => program.transformedData }),
    parameters,
    ...(transformedParameters === undefined ? {} : { transformedParameters }),
    model: modelOf(program, print),
    ...(generatedQuantities === undefined ? {} : { generatedQuantities }),
  });
  const { print: _print, seed: _seed, ...modelOptions } = options;
  // Everything was charged to the budget while the spec was checked; the model API need not count again.
  return definition.compile(program.data, { ...modelOptions, limits: UNCOUNTED });
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
      const target = new LogDensityAccumulator();
      const frame = frameFor(program, values, { target });
      for (const check of program.declaredChecks) {
        const broken = check.describe(frame);
        if (broken !== undefined) throw placeError(new Error(broken), check.variable.path);
      }
      runAll(program.model, frame, target);
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
export function compileSpec(specJson: unknown, data: unknown, options: SpecCompileOptions = {}): ModelInstance {
  const program = checked(specJson, data ?? {}, resolveLimits(options.limits), { print: options.print ?? defaultPrintSink, seed: options.seed });
  if (Array.isArray(program)) throw new SpecError(program);
  return compileProgram(program, options);
}

/** A checked program as a model, after a trial evaluation; throws SpecError. */
export function compileProgram(program: LoweredProgram, options: SpecCompileOptions = {}): ModelInstance {
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

