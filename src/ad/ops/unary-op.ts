import { unaryKernel } from '../broadcast';
import { apply, defineOp } from '../op';
import type { Value } from '../trace';
import { mul } from './arithmetic';

/**
 * An elementwise function of one argument from its scalar rule and its derivative
 * written with leapfrog's ops (so it differentiates again), given the argument and the
 * saved output: vjp is g·f'(x), jvp is t·f'(x).
 */
export function unaryOp(
  name: string,
  scalar: (x: number) => number,
  derivative: (x: Value, ans: Value) => Value,
): (x: Value) => Value {
  const kernel = unaryKernel(scalar);
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
