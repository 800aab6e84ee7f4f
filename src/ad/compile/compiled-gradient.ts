import { makeFunction } from '../codegen/make-function.js';
import type { GradientProgram } from '../replay.js';
import { emitGradient } from './emit-gradient.js';
import { NotCompilable, planGradient, type LeafLayout } from './plan.js';
import { CompiledRuntime } from './runtime.js';

const EMPTY = new Float64Array(0);

type GeneratedGradient = (theta: Float64Array, grad: Float64Array) => number;

/**
 * A recorded gradient compiled to one JavaScript function: forward and reverse sweeps with
 * elementwise chains and densities fused into loops, scalars as straight-line code, other
 * ops called through their own kernels (src/ad/compile). Its buffers are allocated once.
 */
export class CompiledGradient {
  /** The value-only function, made at the first `value` call (see valueFunction). */
  private valueFn: GeneratedGradient | null = null;

  private constructor(
    private readonly fn: GeneratedGradient,
    /** Makes the value-only function; dropped once it has run. */
    private makeValue: (() => GeneratedGradient | null) | null,
    private readonly gradientSize: number,
    /** The generated source, for tests and inspection. */
    readonly source: string,
    /** True when no op runs through its own kernel: nothing is allocated while it runs. */
    readonly selfContained: boolean,
  ) {}

  /**
   * Compiles `program` whose inputs lie in a flat θ as `layout` says; null where functions
   * cannot be made from source (or the jitless setting is on) or the tape has something the
   * compiler does not handle (`reason` says what).
   */
  static compile(program: GradientProgram, layout: readonly LeafLayout[]): { compiled: CompiledGradient | null; reason: string | null } {
    let plan;
    try {
      plan = planGradient(program.structure(), layout);
    } catch (error) {
      if (error instanceof NotCompilable) return { compiled: null, reason: error.message };
      throw error;
    }
    const runtime = new CompiledRuntime(program.structure().nodes, plan.opaqueNodes);
    for (const { shape, size } of plan.buffers) runtime.addBuffer(shape, size);
    const gradientSize = layout.reduce((end, leaf) => Math.max(end, leaf.offset + leaf.size), 0);
    let emitted;
    try {
      emitted = emitGradient(plan, gradientSize, true);
    } catch (error) {
      if (error instanceof NotCompilable) return { compiled: null, reason: error.message };
      throw error;
    }
    const { source, runtime: parameters } = emitted;
    // FACTORY_PARAMETERS' values, in order.
    const bound = [runtime, plan.constants, runtime.buffers, runtime.bufferTensors, layout.map((l) => l.shape), plan.indexArrays];
    const fn = makeFunction<GeneratedGradient>(parameters.names, source, [...parameters.values, ...bound]);
    if (fn === null) return { compiled: null, reason: 'code generation is off (jitless) or unavailable' };
    // The value-only function is generated when first asked for: a sampler that follows
    // gradients (NUTS, HMC) never asks, and emitting and parsing it was a fifth of the
    // compile time of the largest models. The plan waits for it (emitGradient without the
    // reverse sweep reads the plan as the gradient's emission left it, as it did when both were made here).
    const makeValue = (): GeneratedGradient | null => {
      const valueOnly = emitGradient(plan, gradientSize, false);
      return makeFunction<GeneratedGradient>(valueOnly.runtime.names, valueOnly.source, [...valueOnly.runtime.values, ...bound]);
    };
    return { compiled: new CompiledGradient(fn, makeValue, gradientSize, source, plan.opaqueNodes.length === 0), reason: null };
  }

  /** The generated gradient function itself (what `run` calls). */
  get gradientFunction(): GeneratedGradient {
    return this.fn;
  }

  /** The value at θ alone (what `run` gives there, to rounding). */
  value(theta: Float64Array): number {
    return (this.valueFn ?? this.valueFunction())(theta, EMPTY);
  }

  /** The value at θ; the gradient is written into `gradient` (every element). */
  run(theta: Float64Array, gradient: Float64Array): number {
    return this.fn(theta, gradient);
  }

  /**
   * Makes the value-only function, once. Where it cannot be made (code generation switched
   * off since the gradient was compiled, or its emission failing), the value comes from the
   * gradient function (into a scratch gradient).
   */
  private valueFunction(): GeneratedGradient {
    let made: GeneratedGradient | null = null;
    try {
      made = this.makeValue?.() ?? null;
    } catch {
      made = null;
    }
    this.makeValue = null;
    if (made === null) {
      const scratch = new Float64Array(this.gradientSize);
      made = (theta) => this.fn(theta, scratch);
    }
    this.valueFn = made;
    return made;
  }
}
