import { apply, defineOp } from '../../ad/op.js';
import { Tensor, sizeOf } from '../../ad/tensor.js';
import { peek, shapeOf, type Primal, type Value } from '../../ad/trace.js';

// A density term composed of AD ops, guarded by a check of its arguments: −∞ when the check
// fails. Written as an op, the check runs in its forward pass on the arguments' values
// there, so a gradient recorded when the check held and replayed elsewhere (src/ad/replay.ts)
// still gives −∞ where the distribution's code would have. The check passes no gradient.

interface GuardOptions {
  /** The check on the plain values of the guarded inputs; a pure function, one per distribution. */
  readonly holds: (inputs: readonly Primal[]) => boolean;
}

const zerosLike = (v: Value): Primal => {
  const shape = shapeOf(v);
  return shape.length === 0 ? 0 : new Tensor(new Float64Array(sizeOf(shape)), shape);
};

const guardOp = defineOp<GuardOptions>({
  name: 'guarded',
  forward: ([term, ...inputs], { holds }) => (holds(inputs) ? term! : Number.NEGATIVE_INFINITY),
  // Under nested differentiation the arguments here may be traced by an outer level: the
  // check takes their plain values (it is flat: no derivative to carry).
  vjp: (g, { args, options }, i) => (i === 0 && options.holds(args.slice(1).map(peek)) ? g : zerosLike(args[i]!)),
  jvp: (t, { args, options }, i) => (i === 0 && options.holds(args.slice(1).map(peek)) ? t : 0),
});

/** `term` where `holds(inputs)`, else −∞ (the term must be a scalar). */
export function guarded(term: Value, inputs: readonly Value[], holds: (inputs: readonly Primal[]) => boolean): Value {
  return apply(guardOp, [term, ...inputs], { holds });
}
