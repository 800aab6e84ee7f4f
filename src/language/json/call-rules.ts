import type { Argument, SpecFunction } from './functions/index.js';
import { repArray } from './array-calls.js';
import { formatType, isScalar, shapeOfType, shapesAgree, type SpecType } from './types.js';

// Checks of function arguments that run before the function library's own type rule, for
// the places where a rule accepts arguments that its kernel cannot take (found by running
// every rule against every combination of argument shapes: a rule that accepts and a
// kernel that then throws on the shapes, or returns another shape than the rule said).
// They keep the promise that every argument's type and shape is checked before anything
// runs. Kept apart from the library's files (src/language/json/functions/), which their
// own work owns; a rule here can move into its function's `check` there.

/** `a vector of 3`, `a real`: how a shape is named in these messages. */
function shapeWords(t: SpecType): string {
  const shape = shapeOfType(t);
  if (shape.length === 0) return `a ${t.kind}`;
  if (t.kind === 'vector' || t.kind === 'row_vector') return `a ${t.kind} of ${t.size ?? '?'}`;
  return `${/^[aeiou]/.test(formatType(t)) ? 'an' : 'a'} ${formatType(t)}`;
}

const shapeText = (t: SpecType): string => `[${shapeOfType(t).map((d) => d ?? '?').join(', ')}]`;

/**
 * log_mix(theta, lp1, lp2) is elementwise in all three (leapfrog's extension of Stan's
 * scalar form): theta must be a scalar or have the shape of the log densities. A K-vector
 * theta with N observations is the other form, log_mix(theta, lambda).
 */
function logMixThree(args: readonly Argument[]): string | undefined {
  if (args.length !== 3) return undefined;
  const [theta, lp1, lp2] = args.map((a) => a.type) as [SpecType, SpecType, SpecType];
  for (const [name, t] of [['lp1', lp1], ['lp2', lp2]] as const) {
    if (isScalar(theta) || isScalar(t) || shapesAgree(shapeOfType(theta), shapeOfType(t))) continue;
    return (
      `log_mix(theta, lp1, lp2): ${name} has shape ${shapeText(t)} but theta is ${shapeWords(theta)}; ` +
      'theta, lp1 and lp2 must be scalars or of one shape (elementwise mixing of two densities). ' +
      'For K components write log_mix(theta, lambda) with a K-simplex theta and lambda a K-vector of log densities (or an N×K matrix, one row per observation)'
    );
  }
  return undefined;
}

/** linspaced_vector(n, low, high): the ends are scalars (the rule checked n only). */
function linspacedEnds(name: string) {
  return (args: readonly Argument[]): string | undefined => {
    for (let k = 1; k < Math.min(args.length, 3); k++) {
      const t = args[k]!.type;
      if (!isScalar(t)) return `${name}(n, low, high): ${k === 1 ? 'low' : 'high'} (argument ${k + 1}) must be a real, but is ${shapeWords(t)}`;
    }
    return undefined;
  };
}

/** Extra argument rules by function name: a message when the arguments do not fit. */
export const ARGUMENT_RULES: ReadonlyMap<string, (args: readonly Argument[]) => string | undefined> = new Map([
  ['log_mix', logMixThree],
  ['linspaced_vector', linspacedEnds('linspaced_vector')],
  ['linspaced_row_vector', linspacedEnds('linspaced_row_vector')],
]);

/**
 * Functions whose Stan meaning needs types the library does not have yet (arrays of any
 * element): they take precedence over the library's function of the same name.
 */
export const FUNCTION_OVERRIDES: ReadonlyMap<string, SpecFunction> = new Map([['rep_array', repArray]]);
