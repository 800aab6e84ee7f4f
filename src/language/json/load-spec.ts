import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findJsonSyntaxError } from '../../cli/json-syntax.js';
import { resolveLimits, type ResourceLimits } from '../../models/api/limits.js';
import { parseSpec } from './compile.js';
import { SpecError } from './errors.js';
import type { ModelSpec } from './schema.js';

// The documented way to read a JSON model spec from code: a file, JSON text or an object in,
// a validated spec out (the schema's defaults filled in), or one SpecError listing every
// problem at its JSON path. compileSpec(loadSpec(path), data) then binds it to data.

/** Options of loadSpec. */
export interface LoadSpecOptions {
  /** Nesting and size limits applied while validating (as compileSpec's `limits`). */
  readonly limits?: ResourceLimits;
}

/**
 * A model spec, validated against the spec schema (names, types, statement forms,
 * distribution names and argument counts; names and shapes against data are compileSpec's).
 * `pathOrObject` is a path or file: URL of a .json file, JSON text (starting with `{`), or
 * the spec as an object. Throws SpecError, or an Error naming a file that cannot be read.
 */
export function loadSpec(pathOrObject: string | URL | object, options: LoadSpecOptions = {}): ModelSpec {
  const limits = resolveLimits(options.limits);
  if (typeof pathOrObject === 'string' && pathOrObject.trimStart().startsWith('{')) return validated(pathOrObject, limits, undefined);
  if (typeof pathOrObject === 'string' || pathOrObject instanceof URL) {
    const path = pathOrObject instanceof URL ? fileURLToPath(pathOrObject) : pathOrObject;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code;
      const why = code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
      throw new Error(`loadSpec: cannot read the model spec '${path}': ${why}`);
    }
    const syntax = findJsonSyntaxError(text, limits.maxDepth + 8);
    if (syntax !== undefined) {
      throw new SpecError([{ path: [], message: `${path}: not valid JSON at line ${syntax.line}, column ${syntax.column}: ${syntax.message}` }]);
    }
    return validated(text, limits, path);
  }
  if (pathOrObject === null || typeof pathOrObject !== 'object' || Array.isArray(pathOrObject)) {
    throw new Error(`loadSpec: expected a path, JSON text or a spec object, got ${Array.isArray(pathOrObject) ? 'an array' : String(pathOrObject)}`);
  }
  return validated(pathOrObject, limits, undefined);
}

function validated(input: unknown, limits: ReturnType<typeof resolveLimits>, file: string | undefined): ModelSpec {
  const parsed = parseSpec(input, limits);
  if ('spec' in parsed) return parsed.spec;
  // A file's problems keep their JSON paths; the first line says which file they are in.
  if (file !== undefined) throw new SpecError(parsed.issues.map((issue) => ({ ...issue, message: `${issue.message} (in ${file})` })));
  throw new SpecError(parsed.issues);
}
