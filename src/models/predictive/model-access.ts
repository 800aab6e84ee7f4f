import { Tensor, shapesEqual } from '../../ad/tensor.js';
import type { Value } from '../../ad/trace.js';
import type { ModelInstance } from '../api/compile.js';
import { programOf, type Program } from '../api/evaluate.js';

// What predictive simulation needs of a compiled model: its Program (the blocks to rerun),
// and the name of the data field a sampling statement's left-hand side is.

/** The Program behind a compiled model; throws naming the function when there is none. */
export function requireProgram(model: ModelInstance, place: string): Program {
  const program = model === null || typeof model !== 'object' ? undefined : programOf(model);
  if (program === undefined) {
    throw new Error(
      `${place}: the model is not a compiled leapfrog model (defineModel(...).compile(data) or compileSpec(spec, data)); ` +
        'a copy made by spreading ({ ...model }) loses the program it needs',
    );
  }
  return program;
}

function sameContents(x: Value, field: unknown): boolean {
  if (!(x instanceof Tensor)) return false;
  if (field instanceof Int32Array) return x.shape.length === 1 && x.shape[0] === field.length && x.data.every((v, k) => v === field[k]);
  if (!(field instanceof Tensor) || !shapesEqual(x.shape, field.shape)) return false;
  return x.data.every((v, k) => v === field.data[k]);
}

/**
 * The data field that `x` is: found by identity (TermRecorder's rule; for numbers that is
 * equality), else by equal shape and contents. The second rule is for JSON specs, whose
 * statements see the spec's own copies of the data rather than the checked record.
 * Undefined for anything else (an element `y[i]`, a computed value).
 */
export function dataFieldOf(x: Value, data: Readonly<Record<string, unknown>>, fields: readonly string[]): string | undefined {
  for (const name of fields) if (Object.is(data[name], x)) return name;
  if (!(x instanceof Tensor)) return undefined;
  for (const name of fields) if (sameContents(x, data[name])) return name;
  return undefined;
}
