import type { Rng } from '../random/rng.js';
import type { CompiledModel } from './model.js';

/**
 * The in-place form of a model's `outputs`: the same values written into `out` (length
 * outputNames.length) instead of a fresh array. The chain driver calls `outputs` at every
 * saved draw, and a typed array allocated per draw costs more than a whole NUTS transition of
 * a small model (0.3–0.8 µs for ten values in Node 20 on a loaded 2-core machine).
 *
 * It is not a member of CompiledModel: a model spread into a new object with its own
 * `outputs` (`{ ...model, outputs }`, as tests and users write) would keep the old member and
 * record the wrong values. The twin is found from the `outputs` function itself, so a model
 * whose `outputs` was replaced simply has none and is called the allocating way.
 */
export type OutputsInto = (theta: Float64Array, rng: Rng, out: Float64Array) => void;

// Keyed by function identity; a miss only means the allocating path (nothing depends on it).
const twins = new WeakMap<CompiledModel['outputs'], OutputsInto>();

/** Registers `into` as the in-place twin of `outputs`, and returns `outputs`. */
export function withOutputsInto<Outputs extends CompiledModel['outputs']>(outputs: Outputs, into: OutputsInto): Outputs {
  twins.set(outputs, into);
  return outputs;
}

/** The in-place twin of `model.outputs`, if its builder registered one. */
export function outputsIntoOf(model: CompiledModel): OutputsInto | undefined {
  return twins.get(model.outputs);
}
