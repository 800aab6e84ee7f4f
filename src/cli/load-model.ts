import { basename, dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResourceLimits } from '../models/api/limits.js';
import type { CompiledModel } from '../models/model.js';
import { importModelModule, runtimeFacts, typeScriptLoader, typeScriptUnavailable } from '../samplers/run/model-module.js';
import type { ModelSource } from '../samplers/run/model-source.js';
import { CliError } from './cli-error.js';
import { readJsonFile, requireFile } from './json-file.js';
import { compileExport, isModelDefinition } from '../models/model-export.js';
import { escapeControlCharacters } from '../io/safe-text.js';
import { readFileSync } from 'node:fs';
import { StanSyntaxError } from '../language/stan/errors.js';
import { lowerStan } from '../language/stan/lower.js';
import { parseStan } from '../language/stan/parse.js';

/**
 * Turns the command line's `<model> [--data file]` into a model: a JSON spec (.json) compiled
 * with the data, a Stan program (.stan, lowered to a JSON spec and compiled the same way), or a TypeScript/JavaScript module exporting `model` (and optionally
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
  /** A Stan program's text (a spec lowered from a .stan file), for messages at its lines and columns. */
  readonly stanSource?: string;
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
    const first = issues[0] as { path?: unknown; message?: unknown; line?: unknown; column?: unknown; fileName?: unknown; detail?: unknown };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''}; ${checkHint} lists them all)` : '';
    // A Stan program's issue: its line and column, not the JSON path of the spec it was lowered to.
    if (typeof first.line === 'number' && typeof first.column === 'number') return `${String(first.fileName)}, line ${first.line}, column ${first.column}: ${String(first.detail)}${more}`;
    const path = Array.isArray(first.path) ? formatIssuePath(first.path) : typeof first.path === 'string' ? first.path : '';
    const message = String(first.message ?? '');
    const text = path !== '' && !message.startsWith(path) ? `${path}: ${message}` : message;
    return `${text}${more}`;
  }
  return error.message.split('\n')[0]!;
}

/** `model[2].args[0]`, as zod-style issue paths are written. */
export function formatIssuePath(path: readonly unknown[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`), '');
}

/** A spec's warning as the command line prints it: `Warning: model[2].args[0]: ...` (a Stan program's come placed already). */
export function warningLine(warning: { readonly path: readonly unknown[] | string; readonly message: string }): string {
  if ('line' in warning) return `Warning in ${warning.message}`;
  const path = typeof warning.path === 'string' ? warning.path : formatIssuePath(warning.path);
  return `Warning: ${path !== '' ? `${path}: ` : ''}${warning.message}`;
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
  if (extension === '.stan') {
    const stanSource = readFileSync(modelPath, 'utf8');
    const spec = stanProgramSpec(stanSource, modelPath);
    return { kind: 'spec', ...names(String(spec['name']), modelPath), modelFile: modelPath, definition: spec, stanSource, ...readData(dataPath) };
  }
  if (!MODULE_EXTENSIONS.includes(extension)) {
    throw new CliError(`model file '${modelPath}' must be a JSON spec (.json), a Stan program (.stan) or a TypeScript/JavaScript module (${MODULE_EXTENSIONS.join(', ')})`);
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

/** A Stan program's JSON spec (its name the file's base name); a program that does not parse, or holds what leapfrog does not run, is a CliError at its line and column. */
export function stanProgramSpec(source: string, modelPath: string): Record<string, unknown> {
  try {
    return lowerStan(parseStan(source, shown(modelPath)), { name: basename(modelPath, extname(modelPath)) }).spec;
  } catch (error) {
    if (error instanceof StanSyntaxError) throw new CliError(`${error.fileName}, line ${error.line}, column ${error.column}: ${error.detail.replace(/\s*\n\s*/g, ' ')}`);
    throw error;
  }
}

/** The description of the model from which worker threads build their own copy (under `limits`, from --limits). */
export function workerSource(input: ModelInput, limits?: ResourceLimits): ModelSource {
  const given = limits === undefined ? {} : { limits };
  if (input.kind === 'spec') return { kind: 'spec', spec: input.definition, data: input.data, ...given };
  return { kind: 'module', url: input.moduleUrl ?? '', exportName: 'model', data: input.data, ...given };
}

/** A module's model compiled without the Jacobian terms (Stan's optimize default); needs a definition. */
function compileWithoutJacobian(input: ModelInput, limits: ResourceLimits | undefined): CompiledModel {
  const options = { jacobian: false, ...(limits === undefined ? {} : { limits }) };
  if (!isModelDefinition(input.definition)) {
    throw new CliError(`model '${input.modelFile}' exports a compiled model, which cannot be compiled again without the Jacobian terms; export its definition (defineModel), or give --jacobian`);
  }
  return input.definition.compile(input.data, options);
}

/**
 * Compiles what readModelInput read (under `limits`): every failure is a one-line CliError.
 * `jacobian: false` leaves out the log-Jacobians of the constraint transforms (optimize).
 */
export async function compileModelInput(input: ModelInput, limits?: ResourceLimits, compile: { readonly jacobian?: boolean } = {}): Promise<LoadedModel> {
  const modelPath = input.modelFile;
  const source = workerSource(input, limits);
  const checkHint = `'leapfrog check ${modelPath}${input.dataFile === undefined ? '' : ` --data ${input.dataFile}`}'`;
  let model: CompiledModel;
  try {
    // The spec compiler (and through it the library) loads here, not with this module: the
    // sample command starts its workers first.
    if (input.stanSource !== undefined) {
      // Compiled here from the program, so that problems come back at its lines and columns; workers compile the lowered spec.
      const { compileStan } = await import('../language/stan/compile.js');
      const jacobian = compile.jacobian === false ? { jacobian: false } : {};
      model = compileStan(input.stanSource, input.data ?? {}, { fileName: shown(modelPath), name: input.name, ...jacobian, ...(limits === undefined ? {} : { limits }) });
    } else if (input.kind === 'spec') {
      // Compiled here with its warnings (printed once; the workers rebuild it silently).
      const { compileSpecWithWarnings } = await import('../language/json/warnings.js');
      const jacobian = compile.jacobian === false ? { jacobian: false } : {};
      const compiled = compileSpecWithWarnings(input.definition, input.data ?? {}, { ...jacobian, ...(limits === undefined ? {} : { limits }) });
      for (const warning of compiled.warnings) process.stderr.write(`${warningLine(warning)}\n`);
      model = compiled.model;
    } else if (compile.jacobian === false) model = compileWithoutJacobian(input, limits);
    else model = compileExport(input.definition, input.data, modelPath, limits);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const against = input.dataFile === undefined ? '' : ` with data '${input.dataFile}'`;
    throw new CliError(`model '${modelPath}'${against}: ${describeModelError(error, checkHint)}`);
  }
  if (model.dim < 1) throw new CliError(`model '${modelPath}' has no parameters to sample (unconstrained dimension ${model.dim})`);
  return { ...input, source, model };
}

/** Reads, then compiles (under `limits`, from --limits): every failure is a one-line CliError. */
export async function loadCliModel(modelPath: string, dataPath: string | undefined, limits?: ResourceLimits, compile: { readonly jacobian?: boolean } = {}): Promise<LoadedModel> {
  return compileModelInput(await readModelInput(modelPath, dataPath), limits, compile);
}
