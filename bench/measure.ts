import { readFileSync } from 'node:fs';
// Timing of functions, robust to JIT warm-up, garbage collection and a busy machine.
//
// Method: run each function for a warm-up period (so V8 has optimised it and its callees),
// estimate the cost of one call, then time `batches` batches sized so that all of them
// together take at least `minSeconds`. The figure is the median over batches of the mean
// time per call: a batch that a major GC or a deoptimisation lands in moves the mean of
// that batch only, not the median. Functions compared with each other are measured
// together, their batches interleaved (a, b, c, a, b, c, ...), so that a change in the
// machine's load during the run affects all of them alike and their ratios stay fair.

export type Clock = 'wall' | 'cpu' | 'thread';

export interface MeasureOptions {
  /** Timed seconds per function, summed over its batches. Default 0.3. */
  readonly minSeconds?: number;
  /** Number of timed batches per function; the median is reported. Default 7. */
  readonly batches?: number;
  /** Warm-up time per function before timing, in seconds. Default 0.4: V8's optimising
   *  compiler needs a while for a model's many functions. */
  readonly warmupSeconds?: number;
  /**
   * 'thread': on-CPU time of this thread (Linux; elsewhere wall time), the least disturbed by
   * a busy machine and by V8's background threads.
   * 'wall' (default): elapsed time. 'cpu': user + system CPU time of this process, which
   * leaves out time spent waiting for a core on a loaded machine (but counts V8's
   * background GC threads).
   */
  readonly clock?: Clock;
}

export interface Timing {
  /** Median over batches of the mean time per call, in microseconds. */
  readonly microsPerCall: number;
  /** Fastest and slowest batch means, in microseconds (how much the batches agreed). */
  readonly fastestMicros: number;
  readonly slowestMicros: number;
  readonly batches: number;
  readonly callsPerBatch: number;
}

const wallSeconds = (): number => Number(process.hrtime.bigint()) / 1e9;
/**
 * On-CPU time of the calling thread, in nanoseconds, from Linux's /proc/thread-self/schedstat
 * (its first field); undefined where there is no such file. Unlike process.cpuUsage it leaves
 * out V8's background threads: concurrent JIT compilation and GC marking that earlier
 * functions left running were charged to whichever function was being timed (a hand-written
 * loop that allocates nothing measured 3x slower after a model that allocates a lot).
 */
export function threadNanos(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

/** Whether the thread clock works here (Linux). */
export const threadClockAvailable = threadNanos() !== undefined;

const threadSeconds = (): number => threadNanos()! / 1e9;

const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Warms `fn` up and returns the number of calls that makes one batch. */
function calibrate(fn: () => unknown, kept: unknown[], seconds: () => number, batchSeconds: number, warmupSeconds: number): number {
  // At least 3 calls, so the estimate is not the first, unoptimised call alone.
  let calls = 0;
  let start = seconds();
  while (calls < 3 || seconds() - start < warmupSeconds) {
    kept[0] = fn();
    calls++;
  }
  // Re-estimate on a quarter of the warm-up's calls, now on optimised code.
  const probeCalls = Math.max(1, Math.ceil(calls / 4));
  start = seconds();
  for (let i = 0; i < probeCalls; i++) kept[0] = fn();
  const secondsPerCall = Math.max((seconds() - start) / probeCalls, 1e-9);
  return Math.max(1, Math.ceil(batchSeconds / secondsPerCall));
}

/**
 * Times several functions together (batches interleaved); returns their times per call in
 * the same order. Results are kept so that no call is dead code.
 */
export function measureTogether(fns: readonly (() => unknown)[], options: MeasureOptions = {}): Timing[] {
  const { minSeconds = 0.3, batches = 7, warmupSeconds = 0.4, clock = 'wall' } = options;
  if (!(minSeconds > 0) || !Number.isInteger(batches) || batches < 1 || !(warmupSeconds >= 0)) {
    throw new Error(
      `measure: options are minSeconds ${minSeconds}, batches ${batches}, warmupSeconds ${warmupSeconds}, ` +
        'but need minSeconds > 0, a positive integer number of batches and warmupSeconds >= 0',
    );
  }
  const seconds = clock === 'cpu' ? cpuSeconds : clock === 'thread' && threadClockAvailable ? threadSeconds : wallSeconds;
  const kept: unknown[] = [];
  const callsPerBatch = fns.map((fn) => calibrate(fn, kept, seconds, minSeconds / batches, warmupSeconds));
  const means: number[][] = fns.map(() => []);
  for (let b = 0; b < batches; b++) {
    fns.forEach((fn, k) => {
      const calls = callsPerBatch[k]!;
      const t0 = seconds();
      for (let i = 0; i < calls; i++) kept[0] = fn();
      means[k]!.push(((seconds() - t0) / calls) * 1e6);
    });
  }
  if (kept[0] === undefined) {
    throw new Error('measure: a timed function returned undefined; return its result so the call cannot be optimised away');
  }
  return means.map((m, k) => ({
    microsPerCall: median(m),
    fastestMicros: Math.min(...m),
    slowestMicros: Math.max(...m),
    batches,
    callsPerBatch: callsPerBatch[k]!,
  }));
}

/** Times one function; see measureTogether. */
export function measure(fn: () => unknown, options: MeasureOptions = {}): Timing {
  return measureTogether([fn], options)[0]!;
}

/** A gradient written into the caller's array, returning the log density. */
export type GradientCall = (position: Float64Array, gradient: Float64Array) => number;

/**
 * Thunks for measureTogether that call each gradient as a sampler does: the position
 * alternates between two arrays of the same values (a trajectory's ends swap their buffers)
 * and the arrays are reached through an object whose fields change, every function through
 * the same call site. Called with two arrays that never change, V8 compiles their addresses
 * and lengths into a caller it inlines the gradient into: a hand-written loop measured that
 * way ran 1.7–1.9× faster than the same loop given a sampler's arrays (gaussian_100d), while a
 * model's gradient, reached through calls V8 did not inline, never had that advantage.
 */
export function samplerCalls(position: Float64Array, gradient: Float64Array, fns: readonly GradientCall[]): (() => number)[] {
  const state = { position: Float64Array.from(position), other: Float64Array.from(position), gradient };
  const next = (): Float64Array => {
    const current = state.position;
    state.position = state.other;
    state.other = current;
    return current;
  };
  return fns.map((fn) => () => fn(next(), state.gradient));
}
