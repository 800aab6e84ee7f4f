import { apply, defineOp } from './op.js';
import type { Primal, Value } from './trace.js';

export interface CustomGradientSpec {
  /** For error messages. */
  readonly name?: string;
  /** The function on plain values (numbers and tensors). */
  readonly forward: (...args: Primal[]) => Primal;
  /**
   * Cotangents of all arguments given the output cotangent g, the saved output and the
   * arguments. Written with leapfrog's ops, it can be differentiated again.
   */
  readonly vjp: (g: Value, saved: { readonly ans: Value; readonly args: readonly Value[] }) => readonly Value[];
  /** Optional forward-mode rule: the output tangent given the arguments' tangents (undefined where constant). */
  readonly jvp?: (tangents: readonly (Value | undefined)[], saved: { readonly ans: Value; readonly args: readonly Value[] }) => Value;
}

/**
 * A differentiable function from a user-supplied value and vector–Jacobian product, for
 * when the composed derivative is unstable or slow (autograd's primitive/defvjp, JAX's
 * custom_vjp). The result is an ordinary op: it nests, records one tape node, and its
 * cotangents are checked against the arguments' shapes.
 *
 * The user's vjp returns all cotangents at once, so the op declares a whole-node rule
 * (OpDefinition.vjpAll) that the reverse sweep calls once per node: nothing is cached
 * between calls (a cache keyed on the tape node returned the recorded point's gradient at
 * every later point of a replayed tape).
 */
export function customGradient(spec: CustomGradientSpec): (...args: Value[]) => Value {
  const name = spec.name ?? 'customGradient';
  const op = defineOp({
    name,
    forward: (args) => spec.forward(...args),
    vjp: [],
    vjpAll: (g, ctx) => spec.vjp(g, ctx),
    jvp: (t, ctx, i) => {
      if (spec.jvp === undefined) throw new Error(`jvp of '${name}' is not defined: give customGradient a jvp rule to use forward mode`);
      const tangents = ctx.args.map((_, k) => (k === i ? t : undefined));
      return spec.jvp(tangents, ctx);
    },
  });
  return (...args: Value[]) => apply(op, args, undefined);
}
