import { checkInitialPoints } from '../../src/cli/initial-points.js';
import { checkSpec } from '../../src/language/json/check.js';
import { compileSpec } from '../../src/language/json/compile.js';
import { SpecError, formatIssue } from '../../src/language/json/errors.js';
import type { ModelInstance } from '../../src/models/api/compile.js';

// One fuzz case through everything a spec meets before sampling: checkSpec, compileSpec,
// one gradient at θ = 0, and the initial points as `sample` (and `check`) draw them. The
// outcome is classified; anything but a clean error or an acceptance is a failure.

export type Stage = 'checkSpec' | 'compileSpec' | 'gradient' | 'initial points';

export type Outcome =
  /** A clean error naming the JSON path of the problem. */
  | { readonly kind: 'path'; readonly stage: Stage; readonly message: string }
  /** A clean error that names no path. */
  | { readonly kind: 'clean'; readonly stage: Stage; readonly message: string }
  /** Every stage passed. */
  | { readonly kind: 'accepted' }
  /** An exception that is not leapfrog's own error (TypeError, RangeError, ...), escaped from a stage. */
  | { readonly kind: 'raw'; readonly stage: Stage; readonly message: string }
  /** A clean error whose message leaks internals: a stack, an internal prefix, a printed function. */
  | { readonly kind: 'bad-message'; readonly stage: Stage; readonly message: string; readonly reason: string }
  /** checkSpec and compileSpec disagree about the same spec and data. */
  | { readonly kind: 'inconsistent'; readonly stage: Stage; readonly message: string };

const BLOCK_PATH = /(^|[\s(:'"])(data|transformed_data|parameters|transformed_parameters|model|generated_quantities)(\[\d+\]|\.[A-Za-z_]|:)/;

/** What a message must never contain, with why. */
const LEAKS: readonly [RegExp, string][] = [
  [/\n\s+at .+(:\d+:\d+|\(native\))/, 'a stack trace'],
  [/\b[A-Za-z_]\w*\.compile:/, "the model API's internal prefix"],
  [/defineModel\(/, "the model API's internal prefix"],
  [/\bloadModel:/, 'an internal prefix'],
  [/Maximum call stack/, 'a stack overflow'],
  [/Invalid (typed )?array length|Array buffer allocation failed/, "an allocation error's own words"],
  [/\[object \w+\]/, 'an object printed as [object ...]'],
  [/function \w*\s*\([^)]*\)\s*\{/, 'a printed function'],
  [/is not a function|Cannot read propert|undefined is not|of undefined/, 'a JavaScript type error'],
];

function leak(message: string): string | undefined {
  return LEAKS.find(([pattern]) => pattern.test(message))?.[1];
}

/** leapfrog's own errors are plain Errors, SpecErrors and EvaluationErrors; the built-in subclasses are bugs. */
function isRaw(error: unknown): boolean {
  return !(error instanceof Error) || error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof SyntaxError;
}

function errorOutcome(stage: Stage, message: string, hasPath: boolean): Outcome {
  const reason = message.trim() === '' ? 'an empty message' : leak(message);
  if (reason !== undefined) return { kind: 'bad-message', stage, message, reason };
  return { kind: hasPath ? 'path' : 'clean', stage, message };
}

function thrown(stage: Stage, error: unknown): Outcome {
  const message = error instanceof Error ? error.message : String(error);
  if (isRaw(error)) return { kind: 'raw', stage, message: `${error instanceof Error ? error.name : typeof error}: ${message}` };
  return errorOutcome(stage, message, BLOCK_PATH.test(message));
}

/** Runs one case; never throws. */
export function runCase(spec: unknown, data: unknown): Outcome {
  let checkedOk: boolean;
  try {
    const result = checkSpec(spec, data);
    if (!result.ok) {
      const first = result.issues[0]!;
      const text = result.issues.map(formatIssue).join('\n');
      const outcome = errorOutcome('checkSpec', text, result.issues.every((issue) => issue.path.length > 0) && first.path.length > 0);
      checkedOk = false;
      // compileSpec must refuse it too.
      try {
        compileSpec(spec, data);
        return { kind: 'inconsistent', stage: 'compileSpec', message: `checkSpec refused (${formatIssue(first)}), compileSpec accepted` };
      } catch (error) {
        if (!(error instanceof SpecError)) return thrown('compileSpec', error);
      }
      return outcome;
    }
    checkedOk = true;
  } catch (error) {
    return { kind: 'raw', stage: 'checkSpec', message: `checkSpec threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
  }
  let model: ModelInstance;
  try {
    model = compileSpec(spec, data);
  } catch (error) {
    if (error instanceof SpecError && checkedOk) return { kind: 'inconsistent', stage: 'compileSpec', message: `checkSpec accepted, compileSpec refused: ${error.message}` };
    return thrown('compileSpec', error);
  }
  try {
    model.logDensityAndGradient(new Float64Array(model.dim));
  } catch (error) {
    return thrown('gradient', error);
  }
  try {
    // One chain, 4 tries: the same path as sample's 4 chains of 100 tries, for a fraction of the work.
    const { problems } = checkInitialPoints(model, { chains: 1, tries: 4 });
    if (problems.length > 0) return errorOutcome('initial points', problems.join('\n'), BLOCK_PATH.test(problems[0]!));
  } catch (error) {
    return thrown('initial points', error);
  }
  return { kind: 'accepted' };
}
