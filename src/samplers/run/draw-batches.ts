import type { DrawEvent, Phase } from './chain.js';

/**
 * Draws cross from a sampler worker to its pool in batches: one message per draw cost more
 * than the draw itself on small models (a structured clone of an object and a Float64Array on
 * each side; through `leapfrog sample`, which streams draws to the CSV files, eight schools'
 * chains ran at 6.2 µs per gradient against 3.3 through the API, bench `engine-warmup`). A
 * batch is consecutive draws of one chain and one phase, their values packed in one
 * transferred array. It is posted when it is full, when it has waited `maxWaitMs` (so a
 * slow model still streams), when the phase changes, and before any other message of the
 * chain (progress, result, error), so the pool sees every event in the order it happened; a
 * draw that came slower than `maxWaitMs` after the one before goes at once.
 */
export interface DrawBatch {
  readonly chain: number;
  readonly phase: Phase;
  /** Index of the batch's first draw within its phase. */
  readonly first: number;
  readonly count: number;
  /** count draws of `values.length / count` values each, one after another. */
  readonly values: Float64Array;
}

/** The draws of a batch as the events the caller's onDraw receives, one per draw. */
export function drawEvents(batch: DrawBatch): DrawEvent[] {
  const width = batch.count === 0 ? 0 : batch.values.length / batch.count;
  return Array.from({ length: batch.count }, (_, k) => ({
    chain: batch.chain,
    draw: batch.first + k,
    phase: batch.phase,
    values: batch.values.subarray(k * width, (k + 1) * width),
  }));
}

export interface DrawBatcher {
  /** Adds a draw; posts the batch when it is full or has waited long enough. */
  add(draw: DrawEvent): void;
  /** Posts what is held (nothing when empty). */
  flush(): void;
}

/** Values held per batch at most (256 KB; a single wider draw goes alone), and draws per batch at most. */
const MAX_VALUES = 32_768;
const MAX_DRAWS = 256;

export function drawBatcher(post: (batch: DrawBatch) => void, maxWaitMs = 50): DrawBatcher {
  let held: DrawEvent[] = [];
  let width = 0;
  let since = 0;
  let previous = performance.now();
  const flush = (): void => {
    if (held.length === 0) return;
    const values = new Float64Array(held.length * width);
    held.forEach((draw, k) => values.set(draw.values, k * width));
    const first = held[0]!;
    post({ chain: first.chain, phase: first.phase ?? 'sampling', first: first.draw, count: held.length, values });
    held = [];
  };
  return {
    add(draw) {
      const last = held[held.length - 1];
      const phase = draw.phase ?? 'sampling';
      const continues = last !== undefined && last.chain === draw.chain && (last.phase ?? 'sampling') === phase && last.draw + 1 === draw.draw && draw.values.length === width;
      if (!continues || (held.length + 1) * width > MAX_VALUES) flush();
      const now = performance.now();
      // Draws that come slower than maxWaitMs apart go at once: the worker runs its chain
      // without yielding, so no timer could send a held draw later.
      const slow = now - previous >= maxWaitMs;
      previous = now;
      if (held.length === 0) {
        width = draw.values.length;
        since = now;
      }
      // The chain allocates each draw's row for the hook alone, so the batch may hold it as it is.
      held.push(draw);
      if (slow || held.length >= MAX_DRAWS || now - since >= maxWaitMs) flush();
    },
    flush,
  };
}
