import { unaryKernel, type UnaryLoop } from '../broadcast.js';
import { apply, defineOp } from '../op.js';
import type { Value } from '../trace.js';
import { mul } from './arithmetic.js';

/**
 * An elementwise function of one argument from its scalar rule and its derivative
 * written with leapfrog's ops (so it differentiates again), given the argument and the
 * saved output: vjp is g·f'(x), jvp is t·f'(x). `loop`, optional, computes the scalar
 * rule over a whole Float64Array (`out[i] = scalar(x[i])`) and must give the same numbers;
 * a loop of the op's own is several times faster than calling `scalar` per element from a
 * loop every op shares (see BinaryLoops in broadcast.ts).
 */
export function unaryOp(
  name: string,
  scalar: (x: number) => number,
  derivative: (x: Value, ans: Value) => Value,
  loop?: UnaryLoop,
): (x: Value) => Value {
  const kernel = unaryKernel(scalar, loop);
  const op = defineOp({
    name,
    argNames: ['x'],
    forward: ([x]) => kernel(x!),
    vjp: [(g, { args, ans }) => mul(g, derivative(args[0]!, ans))],
    jvp: [(t, { args, ans }) => mul(t, derivative(args[0]!, ans))],
  });
  const fn = (x: Value): Value => (typeof x === 'number' ? scalar(x) : apply(op, [x], undefined));
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}
