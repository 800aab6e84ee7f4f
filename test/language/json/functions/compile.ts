import { tensor, type Tensor } from '../../../../src/ad/tensor.js';
import { primal, type Value } from '../../../../src/ad/trace.js';
import { lowerExpression } from '../../../../src/language/json/lower-expression.js';
import { parseExpression } from '../../../../src/language/json/parse.js';
import { Scope } from '../../../../src/language/json/scope.js';
import { formatType, intArrayType, matrixType, REAL, INT, vectorType, rowVectorType, type SpecType } from '../../../../src/language/json/types.js';
import { DEFAULT_LIMITS } from '../../../../src/models/api/limits.js';

// Spec expressions as functions of named parameters, for the function tests: parameters are
// frame slots (traced by the gradient checks), data are constants (folded).

export type Inputs = Readonly<Record<string, Value>>;

/** The spec type of a plain input: a number is real, an array a vector, an array of arrays a matrix. */
export function typeOfInput(v: Value, kind?: 'int' | 'row_vector' | 'int_array'): SpecType {
  const p = primal(v);
  if (typeof p === 'number') return kind === 'int' ? INT : REAL;
  if (p.shape.length === 2) return matrixType(p.shape[0]!, p.shape[1]!);
  return kind === 'row_vector' ? rowVectorType(p.shape[0]!) : kind === 'int_array' ? intArrayType(p.shape[0]!) : vectorType(p.shape[0]!);
}

export interface Compiled {
  readonly fn: (inputs: Inputs) => Value;
  readonly type: string;
}

/** `source` over the parameters `params` (values give the types) and the data `data`. */
export function compileExpression(source: string, params: Inputs, data: Inputs = {}, kinds: Readonly<Record<string, 'int' | 'row_vector' | 'int_array'>> = {}): Compiled {
  const scope = Scope.root(new Map());
  const slots = Object.keys(params).map((name) => [name, scope.defineSlot(name, 'parameter', typeOfInput(params[name]!, kinds[name]), name).slot!] as const);
  for (const [name, value] of Object.entries(data)) scope.defineConstant(name, 'data', typeOfInput(value, kinds[name]), name, value);
  const lowered = lowerExpression(parseExpression(source), { scope, foldable: true, allowRng: false, limits: DEFAULT_LIMITS });
  const fn = (inputs: Inputs): Value => {
    const frame: Value[] = [];
    for (const [name, slot] of slots) frame[slot] = inputs[name]!;
    return lowered.evaluate({ slots: frame });
  };
  return { fn, type: formatType(lowered.type) };
}

/** The message of the error that checking `source` raises (undefined when it checks). */
export function checkMessage(source: string, params: Inputs, kinds: Readonly<Record<string, 'int' | 'row_vector' | 'int_array'>> = {}): string | undefined {
  try {
    compileExpression(source, params, {}, kinds);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

/** A value's elements as a plain array (a number as one element). */
export function elementsOf(v: Value): number[] {
  const p = primal(v);
  return typeof p === 'number' ? [p] : Array.from(p.data);
}

export { tensor, type Tensor };
