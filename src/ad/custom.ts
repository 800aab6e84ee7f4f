import { apply, defineOp, type OpContext } from './op.js';
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
 */
export function customGradient(spec: CustomGradientSpec): (...args: Value[]) => Value {
  const name = spec.name ?? 'customGradient';
  // The user's vjp returns all cotangents at once; keep them for the node's other
  // arguments instead of recomputing (entries go with the tape node).
  const computed = new WeakMap<object, { readonly g: Value; readonly cotangents: readonly Value[] }>();
  const cotangentsFor = (g: Value, ctx: OpContext<undefined>): readonly Value[] => {
    const hit = computed.get(ctx);
    if (hit !== undefined && hit.g === g) return hit.cotangents;
    const cotangents = spec.vjp(g, ctx);
    if (!Array.isArray(cotangents) || cotangents.length !== ctx.args.length) {
      throw new Error(`${name}: vjp must return one cotangent per argument (${ctx.args.length}), got ${Array.isArray(cotangents) ? cotangents.length : typeof cotangents}`);
    }
    computed.set(ctx, { g, cotangents });
    return cotangents;
  };
  const op = defineOp({
    name,
    forward: (args) => spec.forward(...args),
    vjp: (g, ctx, i) => cotangentsFor(g, ctx)[i]!,
    jvp: (t, ctx, i) => {
      if (spec.jvp === undefined) throw new Error(`jvp of '${name}' is not defined: give customGradient a jvp rule to use forward mode`);
      const tangents = ctx.args.map((_, k) => (k === i ? t : undefined));
      return spec.jvp(tangents, ctx);
    },
  });
  return (...args: Value[]) => apply(op, args, undefined);
}
