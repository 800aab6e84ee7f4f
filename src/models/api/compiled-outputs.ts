import { CompiledMismatch, GradientEvaluator } from '../../ad/compile/evaluator.js';
import type { LeafLayout } from '../../ad/compile/plan.js';
import { add, mul } from '../../ad/ops/arithmetic.js';
import { sum } from '../../ad/ops/reduce.js';
import { flatten } from '../../ad/ops/shape.js';
import { Tensor, sizeOf } from '../../ad/tensor.js';
import { isValue, type Value } from '../../ad/trace.js';
import { constrainInto, type OutputBlock, type Program, type ValueRecord } from './evaluate.js';
import { unconstrainedPieces } from './parameters.js';

// A sampler writes every saved draw's constrained parameters and transformed parameters.
// Run define-by-run, that is the model's code on tensors once per draw: on eight schools it
// was a fifth of the sampling time, and the JIT compiling the op machinery for it cost more
// CPU than the sampling itself. Here the same quantities come from one generated function.
//
// The compiler makes gradients of scalars, so the outputs are asked for as a gradient: with
// w a vector of extra inputs, one per output, S(θ, w) = Σₖ wₖ·fₖ(θ) has ∂S/∂wₖ = fₖ(θ)
// exactly (the adjoint reaching wₖ is fₖ times the sum's unit adjoint). The gradient with
// respect to θ is wasted work, small beside a draw's dozen gradients of the log density.
// Whatever cannot be compiled (code that reads a parameter's value, an op the compiler does
// not know, no code generation allowed) leaves the define-by-run path in place, as does a
// draw whose sum is not finite.

export interface CompiledOutputsOptions {
  readonly replay?: boolean;
  readonly compile?: boolean;
  readonly maxOperations?: number;
  readonly check?: boolean;
}

/** The largest number of outputs given to the compiler (each is an input of S). */
const MAX_OUTPUTS = 100_000;

/**
 * A function writing the parameters' and transformed parameters' outputs at θ into `out`
 * (at the blocks' offsets) and returning true, or returning false where the caller must use
 * the define-by-run path; null when compilation is off. (Generated quantities, which draw
 * random numbers, stay the model's code, given the values written here.)
 */
export function compiledOutputs(
  program: Program,
  blocks: readonly OutputBlock[],
  options: CompiledOutputsOptions,
): ((theta: Float64Array, out: Float64Array) => boolean) | null {
  if (options.replay === false || options.compile === false) return null;
  const { slots, dim } = program.layout;
  const count = blocks.reduce((total, block) => total + sizeOf(block.shape), 0);
  if (count === 0 || count > MAX_OUTPUTS) return null;
  // Nothing to compute where every parameter is unconstrained and nothing is derived: the
  // outputs are θ itself, in the same order (no second function to generate and optimise).
  if (program.transformedParameters === undefined && count === dim && slots.every((slot, k) => slot.passThrough && blocks[k]?.offset === slot.offset)) {
    return (theta, out) => {
      out.set(theta);
      return true;
    };
  }
  const extended = new Float64Array(dim + count).fill(1);
  const gradient = new Float64Array(dim + count);
  const leaves: LeafLayout[] = slots.map((slot) => ({ offset: slot.offset, size: slot.size, shape: slot.shape.length === 0 && slot.size === 1 ? [] : [slot.size] }));
  const weights = blocks.map((block) => ({ offset: dim + block.offset, size: sizeOf(block.shape), shape: block.shape.length === 0 ? [] : [sizeOf(block.shape)] }));
  const density = (pieces: Value[]): Value => {
    const record: ValueRecord = {};
    constrainInto(program, pieces.slice(0, slots.length), null, record);
    let total: Value = 0;
    for (let b = 0; b < blocks.length; b++) {
      const value = record[blocks[b]!.name];
      if (!isValue(value)) throw new TypeError('compiledOutputs: an output is not a number or a tensor');
      const w = pieces[slots.length + b]!;
      const rank = blocks[b]!.shape.length;
      total = add(total, rank === 0 ? mul(w, value) : sum(mul(w, rank === 1 ? value : flatten(value))));
    }
    return total;
  };
  const evaluator = new GradientEvaluator(
    density,
    (z) => [...unconstrainedPieces(slots, z), ...weights.map((w): Value => (w.shape.length === 0 ? z[w.offset]! : new Tensor(z.subarray(w.offset, w.offset + w.size), w.shape)))],
    [...leaves, ...weights],
    { replay: true, compile: true, maxOperations: options.maxOperations, check: options.check },
  );
  let usable = true;
  let tried = false;
  let failures = 0;
  return (theta, out) => {
    if (!usable) return false;
    extended.set(theta);
    let value: number;
    try {
      const direct = evaluator.direct;
      value = direct !== null ? direct(extended, gradient) : evaluator.gradientInto(extended, gradient);
    } catch (error) {
      // Check mode's disagreement between the generated function and the tape is a bug of
      // the compiler, reported as such; a rejection or a domain error is raised again by the
      // define-by-run path, as before.
      if (error instanceof CompiledMismatch) throw error;
      if (!tried && ++failures >= 3) usable = false;
      return false;
    }
    if (!tried) {
      tried = true;
      // Not compiled at the first call: the define-by-run path is as fast, and stays.
      usable = evaluator.status()?.compiled === true;
      if (!usable) return false;
    }
    if (!Number.isFinite(value)) return false;
    out.set(gradient.subarray(dim, dim + count), blocks[0]!.offset);
    return true;
  };
}
