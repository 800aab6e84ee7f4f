import { formatPath } from './errors.js';
import type { JsonPath } from './issues.js';
import { EvaluationError } from './local-variable.js';

// Errors of a spec's pieces carry the JSON path of the piece (a statement, a declaration's
// value or bound), so that however the model API wraps them, the place can be reported in
// the spec's own terms.

/**
 * An error re-thrown at a JSON path: an EvaluationError keeps its class, a plain Error
 * stays plain (a rejection) with the path in its cause; an error that already has a path
 * (from a statement inside) and any other error pass unchanged.
 */
export function placeError(error: unknown, path: JsonPath): unknown {
  if (error instanceof EvaluationError) return error.path !== undefined ? error : new EvaluationError(`${formatPath(path)}: ${error.message}`, path);
  if (error instanceof Error && error.constructor === Error) {
    const cause = error.cause as { path?: unknown } | undefined;
    if (cause !== undefined && cause !== null && typeof cause === 'object' && Array.isArray(cause.path)) return error;
    return new Error(`${formatPath(path)}: ${error.message}`, { cause: { error, path } });
  }
  return error;
}

/** Runs a piece of a spec, its errors placed at `path` (see placeError). */
export function atPath<T>(path: JsonPath, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw placeError(error, path);
  }
}

/** The error with a JSON path that an error was caused by (itself, or the innermost of its causes), if any. */
export function pathOf(error: unknown): { error: Error; path: JsonPath } | undefined {
  let found: { error: Error; path: JsonPath } | undefined;
  for (let e: unknown = error, hops = 0; e instanceof Error && hops < 16; hops++) {
    if (e instanceof EvaluationError && e.path !== undefined) found = { error: e, path: e.path };
    const cause = e.cause as { path?: unknown; error?: unknown } | undefined;
    if (cause !== undefined && cause !== null && typeof cause === 'object' && !(cause instanceof Error) && Array.isArray(cause.path)) {
      found = { error: e, path: cause.path as JsonPath };
      e = cause.error;
    } else e = e.cause;
  }
  return found;
}
