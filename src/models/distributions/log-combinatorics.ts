import binomcoefln from '@stdlib/math-base-special-binomcoefln';
import factorialln from '@stdlib/math-base-special-factorialln';
import { Tensor } from '../../ad/tensor.js';
import { primal, type Primal, type Value } from '../../ad/trace.js';
import { layoutArgs, mapElements, broadcastAll, shapesOf } from './elementwise.js';

/**
 * log C(N, y) elementwise over plain integer data (constants for differentiation), by
 * stdlib's binomcoefln, which keeps its digits for large N where lgamma differences do not.
 */
export function logChoose(name: string, y: Value, n: Value): Primal {
  const args = [primal(y), primal(n)];
  const shape = broadcastAll(name, ['y', 'N'], shapesOf(args));
  return mapElements(layoutArgs(name, args, shape), (v) => binomcoefln(v[1]!, v[0]!));
}

/** log y! elementwise over plain integer data (a constant for differentiation). */
export function logFactorial(y: Value): Primal {
  const p = primal(y);
  return typeof p === 'number' ? factorialln(p) : new Tensor(p.data.map(factorialln), p.shape);
}

export { binomcoefln, factorialln };
