import { CompiledGradient } from './compiled-gradient.js';
import type { LeafLayout } from './plan.js';
import { valueAndGrad } from '../grad.js';
import { recordGradient, type GradientProgram } from '../replay.js';
import { peek, type Primal, type Value } from '../trace.js';

export interface EvaluatorOptions {
  /** Replay a recorded tape when the code's path does not depend on the values (src/ad/replay.ts). */
  readonly replay: boolean;
  /** Compile a replayable tape to one generated function (src/ad/compile); default true. */
  readonly compile?: boolean;
  /** The most tape nodes one evaluation may record (src/ad/trace.ts, DEFAULT_MAX_OPERATIONS). */
  readonly maxOperations?: number;
  /**
   * Check mode: every compiled gradient is compared with the interpreter's (replayed tape)
   * and a disagreement beyond rounding throws. On in the test suite (LEAPFROG_CHECK_COMPILED=1).
   */
  readonly check?: boolean;
}

/** How the last evaluations ran, for `replayStatus`. */
export interface EvaluationStatus {
  readonly replayed: boolean;
  readonly compiled: boolean;
  /** Why the tape is not replayed (or not compiled), or null. */
  readonly reason: string | null;
  /** Milliseconds spent generating and compiling the function (planning, emitting, making it), once. */
  readonly compileMilliseconds?: number;
}

/** Recordings made before giving up on an input-dependent tape that failed only a check. */
const MAX_RECORDINGS = 5;

const environmentCheck = (): boolean => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.LEAPFROG_CHECK_COMPILED === '1';

/**
 * How a function of a fixed layout of inputs is evaluated with its gradient (a compiled
 * model's log density, a compileGradient function), and the one place that
 * chooses the way:
 *
 * - a compiled function (src/ad/compile), when the recorded tape could be compiled;
 * - else a recorded program, replaying the tape without the model's code;
 *   if either throws (a Cholesky factor failing where the recording's succeeded), that
 *   evaluation runs the model's code instead, which may handle the failure itself;
 * - while a program is wanted and none exists, an evaluation records one (at the first
 *   evaluation, and again a few times if a check failed there, since another point may
 *   record cleanly); a recording that saw the code read a parameter's value gives up;
 * - otherwise the code runs define-by-run.
 *
 * Replay gives the code's floating-point operations on the same values (bit-identical);
 * compiled code sums fused loops in its own order (equal to rounding).
 */
export class GradientEvaluator {
  private program: GradientProgram | null = null;
  private compiled: CompiledGradient | null = null;
  private obstacle: string | null = null;
  private compileObstacle: string | null = null;
  private compileMilliseconds: number | undefined;
  private recordings = 0;
  private gaveUp: boolean;
  private readonly defineByRun: (pieces: Value[]) => { value: Value; grad: unknown };
  private readonly check: boolean;
  /**
   * The generated gradient while it may run alone: compiled, calling no op kernel (so it
   * allocates nothing and needs no buffer pool), check mode off. Set when it is compiled;
   * a model's direct entry (direct-entry.ts) calls it without the layers of gradientInto.
   */
  direct: ((theta: Float64Array, gradient: Float64Array) => number) | null = null;

  constructor(
    private readonly density: (pieces: Value[]) => Value,
    /** θ split into the density's inputs (numbers and tensors viewing θ). */
    private readonly piecesOf: (theta: Float64Array) => Value[],
    private readonly layout: readonly LeafLayout[],
    private readonly options: EvaluatorOptions,
  ) {
    this.gaveUp = !options.replay;
    if (!options.replay) this.obstacle = 'replay: false was given';
    this.defineByRun = valueAndGrad(density, 0, options.maxOperations);
    this.check = options.check ?? environmentCheck();
  }

  /** The log density at θ (NaN as it comes); its gradient is written into `gradient`. */
  gradientInto(theta: Float64Array, gradient: Float64Array): number {
    const compiled = this.compiled;
    if (compiled !== null) {
      try {
        const value = compiled.run(theta, gradient);
        if (this.check) this.compare(theta, value, gradient);
        return value;
      } catch (error) {
        if (error instanceof CompiledMismatch) throw error;
        return this.runCode(this.piecesOf(theta), gradient);
      }
    }
    const program = this.program;
    const pieces = this.piecesOf(theta);
    if (program !== null) {
      try {
        return this.copy(program.run(pieces as Primal[]), gradient);
      } catch {
        return this.runCode(pieces, gradient);
      }
    }
    if (!this.gaveUp) return this.copy(this.record(pieces), gradient);
    return this.runCode(pieces, gradient);
  }

  /** The log density alone: a replayed forward pass, or (for density-only samplers) a recording. */
  value(theta: Float64Array): number {
    const compiled = this.compiled;
    if (compiled !== null) {
      try {
        return compiled.value(theta);
      } catch {
        return peek(this.density(this.piecesOf(theta))) as number;
      }
    }
    const pieces = this.piecesOf(theta);
    const program = this.program;
    if (program !== null) {
      try {
        return peek(program.forward(pieces as Primal[])) as number;
      } catch {
        return peek(this.density(pieces)) as number;
      }
    }
    // A sampler that never asks for gradients (Metropolis) gets a recording too: one
    // gradient's extra work, once.
    if (!this.gaveUp) return peek(this.record(pieces).value) as number;
    return peek(this.density(pieces)) as number;
  }

  status(): EvaluationStatus | null {
    if (this.program !== null) {
      const timing = this.compileMilliseconds === undefined ? {} : { compileMilliseconds: this.compileMilliseconds };
      return { replayed: true, compiled: this.compiled !== null, reason: this.compiled === null ? this.compileObstacle : null, ...timing };
    }
    return this.recordings === 0 && !this.gaveUp ? null : { replayed: false, compiled: false, reason: this.obstacle };
  }

  /**
   * True while evaluations run generated code that calls no op kernel, so they allocate
   * nothing and a caller can skip setting up a buffer pool for intermediates.
   */
  get allocationFree(): boolean {
    return this.compiled !== null && this.compiled.selfContained;
  }

  /** The generated source of the compiled gradient, or null (for tests of the code generator). */
  compiledSource(): string | null {
    return this.compiled?.source ?? null;
  }

  private copy(result: { value: Value; gradients: readonly (Value | undefined)[] }, gradient: Float64Array): number {
    const { gradients } = result;
    gradient.fill(0);
    for (let k = 0; k < gradients.length; k++) {
      const g = gradients[k];
      if (g === undefined) continue;
      const p = peek(g);
      if (typeof p === 'number') gradient[this.layout[k]!.offset] = p;
      else gradient.set(p.data, this.layout[k]!.offset);
    }
    return peek(result.value) as number;
  }

  /** The model's code run define-by-run at θ (the way out when generated code throws). */
  fallbackInto(theta: Float64Array, gradient: Float64Array): number {
    return this.runCode(this.piecesOf(theta), gradient);
  }

  private runCode(pieces: Value[], gradient: Float64Array): number {
    const { value, grad } = this.defineByRun(pieces);
    return this.copy({ value, gradients: grad as Value[] }, gradient);
  }

  private record(pieces: Value[]): { value: Value; gradients: readonly (Value | undefined)[] } {
    const recorded = recordGradient(this.density, pieces, this.options.maxOperations);
    this.recordings += 1;
    if (recorded.program !== null) {
      this.program = recorded.program;
      this.obstacle = null;
      if (this.options.compile !== false) {
        const started = performance.now();
        const { compiled, reason } = CompiledGradient.compile(recorded.program, this.layout);
        this.compileMilliseconds = performance.now() - started;
        this.compiled = compiled;
        this.compileObstacle = reason;
        if (compiled !== null && compiled.selfContained && !this.check) this.direct = compiled.gradientFunction;
      }
    } else {
      this.obstacle = recorded.obstacle;
      if (!recorded.retry || this.recordings >= MAX_RECORDINGS) this.gaveUp = true;
    }
    return recorded;
  }

  /** Check mode: the replayed tape at θ, against the compiled result. */
  private compare(theta: Float64Array, value: number, gradient: Float64Array): void {
    const reference = new Float64Array(gradient.length);
    const expected = this.copy(this.program!.run(this.piecesOf(theta) as Primal[]), reference);
    const close = (a: number, b: number): boolean => Object.is(a, b) || Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(a), Math.abs(b));
    const finite = Number.isFinite(expected) && expected !== -Infinity;
    if (!close(value, expected) && !(Number.isNaN(expected) && value === -Infinity)) {
      throw new CompiledMismatch(`compiled log density ${value} differs from the interpreter's ${expected}`);
    }
    if (!finite) return;
    for (let i = 0; i < gradient.length; i++) {
      if (!close(gradient[i]!, reference[i]!)) {
        throw new CompiledMismatch(`compiled gradient[${i}] ${gradient[i]} differs from the interpreter's ${reference[i]}`);
      }
    }
  }
}

/** A compiled gradient that disagrees with the interpreter (check mode): a bug of the compiler. */
export class CompiledMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompiledMismatch';
  }
}
