import type { ModelInstance } from '../models/api/compile.js';
import type { CompiledModel } from '../models/model.js';
import { makeRng } from '../random/rng.js';
import { closestName, CliError } from './cli-error.js';
import { readJsonFile } from './json-file.js';

/**
 * `--init file.json`: initial values on the constrained scale, as CmdStan reads them: one JSON
 * object of parameter values shared by every chain, or an array of objects, entry k for
 * chain id k + 1 (so that chains 3-4 run elsewhere start where chains 3-4 of the whole run
 * do). A parameter left out starts as Stan starts it, uniformly in (-2, 2) on the
 * unconstrained scale, from a stream of its own per chain id. Every value is checked against
 * the model before anything runs: an unknown name, a wrong shape, a value outside the
 * declared support or a point where the log density or its gradient is not finite is one
 * error naming the file, the entry and the parameter.
 */

export interface InitialValues {
  readonly path: string;
  /** The objects of the file: one (shared), or one per chain id. */
  readonly records: readonly Readonly<Record<string, unknown>>[];
  readonly perChain: boolean;
}

/** Random streams of the parameters an init file leaves out: (seed, INIT_STREAM + chain id). */
export const INIT_STREAM = 3_000_000;
/** Stan's init radius for what the file leaves out. */
const RADIUS = 2;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads and checks the shape of an init file (an object, or a non-empty array of objects). */
export function readInitialValues(path: string): InitialValues {
  const value = readJsonFile(path, 'init file');
  if (isRecord(value)) return { path, records: [value], perChain: false };
  if (!Array.isArray(value) || value.length === 0) {
    throw new CliError(`init file '${path}' must hold a JSON object of parameter values (shared by every chain), or an array of such objects, one per chain`);
  }
  value.forEach((entry, index) => {
    if (!isRecord(entry)) throw new CliError(`init file '${path}': entry [${index}] is ${Array.isArray(entry) ? 'an array' : JSON.stringify(entry)}, but every entry must be an object of parameter values`);
  });
  return { path, records: value as Record<string, unknown>[], perChain: true };
}

function asInstance(model: CompiledModel, path: string): ModelInstance {
  const instance = model as Partial<ModelInstance>;
  if (typeof instance.unconstrain !== 'function' || typeof instance.constrain !== 'function' || instance.parameterInfo === undefined) {
    throw new CliError(`--init ${path}: the model does not name its parameters (it is a plain log density), so initial values cannot be given by name; define it with defineModel or as a JSON spec`);
  }
  return instance as ModelInstance;
}

function checkNames(instance: ModelInstance, record: Readonly<Record<string, unknown>>, place: string): void {
  const parameters = instance.parameterInfo.filter((info) => info.block === 'parameters').map((info) => info.name);
  const derived = new Set(instance.parameterInfo.filter((info) => info.block !== 'parameters').map((info) => info.name));
  for (const name of Object.keys(record)) {
    if (parameters.includes(name)) continue;
    if (derived.has(name)) throw new CliError(`${place}.${name}: '${name}' is a derived quantity, not a parameter; give values of the parameters (${parameters.join(', ')})`);
    const suggestion = closestName(name, parameters);
    throw new CliError(`${place}.${name}: the model has no parameter '${name}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`} (parameters: ${parameters.join(', ')})`);
  }
}

/** The first line of an error's message without the model's own `name.unconstrain: ` prefix. */
function reasonOf(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  return message.replace(/^[^:]*\.unconstrain: /, '');
}

/** Where the log density or its gradient is not finite at `position`; undefined when both are. */
function nonFinite(instance: ModelInstance, position: Float64Array): string | undefined {
  const { logDensity, gradient } = instance.logDensityAndGradient(position);
  if (Number.isFinite(logDensity) && gradient.every(Number.isFinite)) return undefined;
  const terms = instance.nonFiniteTerms(position);
  if (terms.length > 0) return terms.join(', ');
  if (!Number.isFinite(logDensity)) return `the log density (${logDensity})`;
  const index = gradient.findIndex((value) => !Number.isFinite(value));
  return `the gradient with respect to ${instance.unconstrainedNames[index] ?? `coordinate ${index + 1}`}`;
}

/**
 * The unconstrained initial position of each chain (0-based ids `chainIds`), from the file's
 * values and, for parameters it leaves out, random draws.
 */
export function initialPositions(model: CompiledModel, values: InitialValues, chainIds: readonly number[], seed: number): Float64Array[] {
  const instance = asInstance(model, values.path);
  const parameters = instance.parameterInfo.filter((info) => info.block === 'parameters').map((info) => info.name);
  return chainIds.map((chainId) => {
    if (values.perChain && chainId >= values.records.length) {
      throw new CliError(
        `init file '${values.path}' holds ${values.records.length} entries, one per chain id, but chain ${chainId + 1} has none; ` +
          'give one entry per chain up to the last chain id, or a single object for every chain',
      );
    }
    const index = values.perChain ? chainId : 0;
    const place = values.perChain ? `${values.path}[${index}]` : values.path;
    const record = values.records[index]!;
    checkNames(instance, record, place);
    let full: Record<string, unknown> = { ...record };
    if (parameters.some((name) => !Object.hasOwn(record, name))) {
      const rng = makeRng(seed, INIT_STREAM + chainId);
      const random = Float64Array.from({ length: instance.dim }, () => RADIUS * (2 * rng.uniform() - 1));
      const drawn = instance.constrain(random) as Readonly<Record<string, unknown>>;
      full = Object.fromEntries(parameters.map((name) => [name, Object.hasOwn(record, name) ? record[name] : drawn[name]]));
    }
    let position: Float64Array;
    try {
      position = instance.unconstrain(full);
    } catch (error) {
      throw new CliError(`init file ${place}: ${reasonOf(error)}`);
    }
    const problem = nonFinite(instance, position);
    if (problem !== undefined) {
      throw new CliError(`init file ${place}: the log density or its gradient is not finite at these initial values (non-finite: ${problem}); give values inside the support of every distribution`);
    }
    return position;
  });
}
