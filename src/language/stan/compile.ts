import type { ModelInstance } from '../../models/api/index.js';
import type { ResourceLimits } from '../../models/api/limits.js';
import { checkSpec, type SpecCheck } from '../json/check.js';
import { defaultPrintSink, type SpecCompileOptions } from '../json/compile.js';
import { SpecError } from '../json/errors.js';
import { compileSpecWithWarnings } from '../json/warnings.js';
import { locateIssues, StanModelError, type StanIssue } from './locate.js';
import { lowerStan, type LoweredStan } from './lower.js';
import { parseStan } from './parse.js';

/**
 * Stan programs run as they are: parsed (parse.ts), lowered to a JSON model spec
 * (lower.ts), then checked and compiled by the spec's own checker and compiler, so a Stan
 * program and the spec `leapfrog convert` writes from it are one model. Problems come back
 * at their line and column in the program.
 */

export interface StanCompileOptions extends SpecCompileOptions {
  /**
   * Receives each warning of the compile at its line and column (a real read before it is
   * assigned, which reads NaN as in Stan); default: printed to standard error (the console in
   * a browser) as `Warning in model.stan, line 67, column 18: ...` with the line shown.
   */
  readonly warn?: (warning: StanIssue) => void;
  /** The program's file name, for messages (default 'model.stan'). */
  readonly fileName?: string;
  /** The model's name (default: the file name without its extension). */
  readonly name?: string;
}

/** The JSON model spec of a Stan program (what `leapfrog convert model.stan` writes); throws StanSyntaxError. */
export function stanToSpec(source: string, options: { readonly fileName?: string; readonly name?: string } = {}): Record<string, unknown> {
  return lowerStanSource(source, options).spec;
}

function lowerStanSource(source: string, options: { readonly fileName?: string; readonly name?: string }): LoweredStan & { readonly fileName: string } {
  const fileName = options.fileName ?? 'model.stan';
  const lowered = lowerStan(parseStan(source, fileName), options.name === undefined ? {} : { name: options.name });
  return { ...lowered, fileName };
}

/**
 * Compiles a Stan program with its data (Stan's JSON data format, as for CmdStan) to a
 * model for the samplers. Throws StanSyntaxError for a program that does not parse or uses
 * a feature leapfrog does not run, and StanModelError listing every problem of checking
 * (names, types, shapes, the data), each at its line and column.
 */
export function compileStan(source: string, data?: unknown, options: StanCompileOptions = {}): ModelInstance {
  const lowered = lowerStanSource(source, options);
  const { fileName: _fileName, name: _name, warn, ...specOptions } = options;
  const place = { fileName: lowered.fileName, text: source };
  const located = (issues: Parameters<typeof locateIssues>[0]): StanModelError => new StanModelError(locateIssues(issues, lowered, place));
  try {
    // The lowered spec compiled as a spec is, its warnings (at JSON paths) then placed in the program.
    const { model, warnings } = compileSpecWithWarnings(lowered.spec, data ?? {}, specOptions);
    const stanWarn = warn ?? ((warning: StanIssue) => defaultPrintSink(`Warning in ${warning.message}`));
    for (const warning of locateIssues(warnings, lowered, place)) stanWarn(warning);
    return model;
  } catch (error) {
    if (error instanceof SpecError) throw located(error.issues);
    throw error;
  }
}

/**
 * Checks a Stan program (and its data, when given) without sampling, as checkSpec checks a
 * spec: the quantities it declares, or every problem at its line and column. A program that
 * does not parse throws StanSyntaxError.
 */
export function checkStan(source: string, data?: unknown, options: { readonly limits?: ResourceLimits; readonly print?: (line: string) => void; readonly fileName?: string; readonly name?: string } = {}): SpecCheck {
  const lowered = lowerStanSource(source, options);
  const result = checkSpec(lowered.spec, data, { ...(options.limits === undefined ? {} : { limits: options.limits }), ...(options.print === undefined ? {} : { print: options.print }) });
  const place = { fileName: lowered.fileName, text: source };
  return result.ok ? { ...result, warnings: locateIssues(result.warnings, lowered, place) } : { ok: false, issues: locateIssues(result.issues, lowered, place) };
}
