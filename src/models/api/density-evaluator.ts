import { valueAndGrad } from '../../ad/grad.js';
import { recordGradient, type GradientProgram } from '../../ad/replay.js';
import type { Primal, Value } from '../../ad/trace.js';

/** A log density's value and its gradient per parameter piece (undefined: zero). */
export interface PieceGradient {
  readonly value: Value;
  readonly gradients: readonly (Value | undefined)[];
}

export interface EvaluatorOptions {
  /** Replay a recorded tape when the code's path does not depend on the values (src/ad/replay.ts). */
  readonly replay: boolean;
  /** The most tape nodes one evaluation may record (src/ad/trace.ts, DEFAULT_MAX_OPERATIONS). */
  readonly maxOperations?: number;
}

/** Recordings made before giving up on an input-dependent tape that failed only a check. */
const MAX_RECORDINGS = 5;

/**
 * How a compiled model evaluates its log density, and the one place that chooses the way:
 *
 * - a recorded program, when there is one, replays the tape without the model's code. If
 *   the replayed pass throws (a Cholesky factor failing where the recording's succeeded),
 *   this evaluation runs the model's code instead, which may handle the failure itself;
 * - while a program is wanted and none exists, an evaluation records one (at the first
 *   evaluation, and again a few times if a check failed there, since another point may
 *   record cleanly); a recording that saw the code read a parameter's value gives up;
 * - otherwise the code runs define-by-run.
 *
 * Every path gives the same floating-point operations on the same values, so results are
 * bit-identical whichever runs.
 */
export class DensityEvaluator {
  private program: GradientProgram | null = null;
  /** Why the tape is not replayed, once known. */
  private obstacle: string | null = null;
  private recordings = 0;
  private gaveUp: boolean;
  private readonly defineByRun: (pieces: Value[]) => { value: Value; grad: unknown };

  constructor(
    private readonly density: (pieces: Value[]) => Value,
    private readonly options: EvaluatorOptions,
  ) {
    this.gaveUp = !options.replay;
    if (!options.replay) this.obstacle = 'replay: false was given';
    this.defineByRun = valueAndGrad(density, 0, options.maxOperations);
  }

  /** The value and gradient at `pieces` (the unconstrained parameters, one piece per block). */
  gradient(pieces: Value[]): PieceGradient {
    const program = this.program;
    if (program !== null) {
      try {
        return program.run(pieces as Primal[]);
      } catch {
        return this.runCode(pieces);
      }
    }
    if (!this.gaveUp) return this.record(pieces);
    return this.runCode(pieces);
  }

  /** The value alone: a replayed forward pass, or (for density-only samplers) a recording. */
  value(pieces: Value[]): Value {
    const program = this.program;
    if (program !== null) {
      try {
        return program.forward(pieces as Primal[]);
      } catch {
        return this.density(pieces);
      }
    }
    // A sampler that never asks for gradients (Metropolis) gets a recording too: one
    // gradient's extra work, once.
    if (!this.gaveUp) return this.record(pieces).value;
    return this.density(pieces);
  }

  status(): { readonly replayed: boolean; readonly reason: string | null } | null {
    if (this.program !== null) return { replayed: true, reason: null };
    return this.recordings === 0 && !this.gaveUp ? null : { replayed: false, reason: this.obstacle };
  }

  private runCode(pieces: Value[]): PieceGradient {
    const { value, grad } = this.defineByRun(pieces);
    return { value, gradients: grad as Value[] };
  }

  private record(pieces: Value[]): PieceGradient {
    const recorded = recordGradient(this.density, pieces, this.options.maxOperations);
    this.recordings += 1;
    if (recorded.program !== null) {
      this.program = recorded.program;
      this.obstacle = null;
    } else {
      this.obstacle = recorded.obstacle;
      if (!recorded.retry || this.recordings >= MAX_RECORDINGS) this.gaveUp = true;
    }
    return recorded;
  }
}
