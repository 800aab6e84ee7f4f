import { basename, dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResourceLimits } from '../models/api/limits.js';
import type { CompiledModel } from '../models/model.js';
import { importModelModule, runtimeFacts, typeScriptLoader, typeScriptUnavailable } from '../samplers/run/model-module.js';
import type { ModelSource } from '../samplers/run/model-source.js';
import { CliError } from './cli-error.js';
import { readJsonFile, requireFile } from './json-file.js';
import { compileExport } from '../models/model-export.js';
import { escapeControlCharacters } from '../io/safe-text.js';

/**
 * Turns the command line's `<model> [--data file]` into a model: a JSON spec (.json) compiled
 * with the data, or a TypeScript/JavaScript module exporting `model` (and optionally
 * `dataFile`, a path relative to the module). Also builds the ModelSource from which sampler
 * worker threads rebuild the same model.
 */

export interface LoadedModel {
  /** The model's name for display and CSV comments: control characters escaped. */
  readonly name: string;
  /** The name as a folder name: safe characters only (see `outputSlug`). */
  readonly slug: string;
  readonly kind: 'spec' | 'module';
  readonly modelFile: string;
  /** The data file as shown to the user (relative to the working directory when inside it). */
  readonly dataFile?: string;
  readonly data: unknown;
  readonly source: ModelSource;
  readonly model: CompiledModel;
  /** The parsed spec (kind 'spec') or the module's `model` export (kind 'module'). */
  readonly definition: unknown;
}

export interface ModelInput {
  readonly kind: 'spec' | 'module';
  /** The model's name for display and CSV comments: control characters escaped. */
  readonly name: string;
  /** The name as a folder name: safe characters only (see `outputSlug`). */
  readonly slug: string;
  readonly modelFile: string;
  readonly dataFile?: string;
  readonly data: unknown;
  readonly definition: unknown;
  /** The module's URL (kind 'module'). */
  readonly moduleUrl?: string;
}

const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

const shown = (path: string): string => {
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith('..') || isAbsolute(fromHere) ? path : fromHere;
};

/** A problem list (SpecError, DataError) as one line: the first problem and how many more. */
export function describeModelError(error: unknown, checkHint: string): string {
  if (!(error instanceof Error)) return String(error);
  const issues = (error as { issues?: unknown }).issues;
  if (Array.isArray(issues) && issues.length > 0) {
    const first = issues[0] as { path?: unknown; message?: unknown };
    const path = Array.isArray(first.path) ? formatIssuePath(first.path) : typeof first.path === 'string' ? first.path : '';
    const message = String(first.message ?? '');
    const text = path !== '' && !message.startsWith(path) ? `${path}: ${message}` : message;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''}; ${checkHint} lists them all)` : '';
    return `${text}${more}`;
  }
  return error.message.split('\n')[0]!;
}

/** `model[2].args[0]`, as zod-style issue paths are written. */
export function formatIssuePath(path: readonly unknown[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`), '');
}

/** The informative line of a module-loading error (esbuild puts the location on its second line). */
function loadFailure(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error)).split('\n');
  const located = lines.find((line) => /ERROR:/.test(line));
  const message = (located ?? lines[0])!.trim();
  // Node loads a .ts file as CommonJS unless its package.json says "type": "module".
  return /require\(\) ES Module|Cannot use import statement outside a module/.test(message)
    ? `it is ESM loaded as CommonJS; name it .mts, or add "type": "module" to its package.json`
    : message;
}

async function importModule(path: string): Promise<Record<string, unknown>> {
  if (/\.[cm]?ts$/.test(path) && typeScriptLoader(runtimeFacts(path)) === undefined) throw new CliError(typeScriptUnavailable(shown(path)));
  try {
    return await importModelModule(pathToFileURL(path).href, 'leapfrog');
  } catch (error) {
    throw new CliError(`model module '${shown(path)}' failed to load: ${loadFailure(error)}`);
  }
}

/**
 * A model's name as a folder name: letters, digits, '_', '-' and '.' kept, every other run
 * of characters one '-', no leading '.' or '-' (so never '..', a hidden folder or an
 * option), at most 64 characters. A model's name is the author's text, never a path: the
 * default output folder is out/<slug>, always inside out/. Falls back to the model file's
 * base name, then to 'model'.
 */
export function outputSlug(name: string, modelFile: string): string {
  const slug = (text: string): string =>
    text
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^[.-]+/, '')
      .slice(0, 64)
      .replace(/[.-]+$/, '');
  return slug(name) || slug(basename(modelFile, extname(modelFile))) || 'model';
}

function names(name: string, modelFile: string): { name: string; slug: string } {
  return { name: escapeControlCharacters(name), slug: outputSlug(name, modelFile) };
}

/** Reads the model file and its data, without compiling. */
export async function readModelInput(modelPath: string, dataPath: string | undefined): Promise<ModelInput> {
  requireFile(modelPath, 'model file');
  const extension = extname(modelPath).toLowerCase();
  const absolute = resolve(modelPath);
  const readData = (path: string | undefined) => (path === undefined ? { data: undefined } : { dataFile: shown(path), data: readJsonFile(path, 'data file') });
  if (extension === '.json') {
    const spec = readJsonFile(modelPath, 'model file');
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new CliError(`${modelPath}: a model spec must be a JSON object with parameters and model`);
    const specName = (spec as { name?: unknown }).name;
    const name = typeof specName === 'string' && specName !== '' ? specName : basename(modelPath, extension);
    return { kind: 'spec', ...names(name, modelPath), modelFile: modelPath, definition: spec, ...readData(dataPath) };
  }
  if (!MODULE_EXTENSIONS.includes(extension)) {
    throw new CliError(`model file '${modelPath}' must be a JSON spec (.json) or a TypeScript/JavaScript module (${MODULE_EXTENSIONS.join(', ')})`);
  }
  const module = await importModule(absolute);
  if (module.model === undefined) {
    throw new CliError(`model module '${modelPath}' has no export 'model' (it exports: ${Object.keys(module).join(', ') || 'nothing'})`);
  }
  const dataFile = dataPath ?? (typeof module.dataFile === 'string' ? resolve(dirname(absolute), module.dataFile) : undefined);
  const definitionName = (module.model as { name?: unknown }).name;
  const name = typeof definitionName === 'string' && definitionName !== '' && definitionName !== 'model' ? definitionName : basename(modelPath, extension);
  return { kind: 'module', ...names(name, modelPath), modelFile: modelPath, definition: module.model, moduleUrl: pathToFileURL(absolute).href, ...readData(dataFile) };
}

/** The description of the model from which worker threads build their own copy (under `limits`, from --limits). */
export function workerSource(input: ModelInput, limits?: ResourceLimits): ModelSource {
  const given = limits === undefined ? {} : { limits };
  if (input.kind === 'spec') return { kind: 'spec', spec: input.definition, data: input.data, ...given };
  return { kind: 'module', url: input.moduleUrl ?? '', exportName: 'model', data: input.data, ...given };
}

/** Compiles what readModelInput read (under `limits`): every failure is a one-line CliError. */
export async function compileModelInput(input: ModelInput, limits?: ResourceLimits): Promise<LoadedModel> {
  const modelPath = input.modelFile;
  const source = workerSource(input, limits);
  const checkHint = `'leapfrog check ${modelPath}${input.dataFile === undefined ? '' : ` --data ${input.dataFile}`}'`;
  let model: CompiledModel;
  try {
    // The spec compiler (and through it the library) loads here, not with this module: the
    // sample command starts its workers first.
    const { loadModel } = await import('../samplers/run/model-source.js');
    model = input.kind === 'spec' ? await loadModel(source) : compileExport(input.definition, input.data, modelPath, limits);
  } catch (error) {
    const against = input.dataFile === undefined ? '' : ` with data '${input.dataFile}'`;
    throw new CliError(`model '${modelPath}'${against}: ${describeModelError(error, checkHint)}`);
  }
  if (model.dim < 1) throw new CliError(`model '${modelPath}' has no parameters to sample (unconstrained dimension ${model.dim})`);
  return { ...input, source, model };
}

/** Reads, then compiles (under `limits`, from --limits): every failure is a one-line CliError. */
export async function loadCliModel(modelPath: string, dataPath: string | undefined, limits?: ResourceLimits): Promise<LoadedModel> {
  return compileModelInput(await readModelInput(modelPath, dataPath), limits);
}
