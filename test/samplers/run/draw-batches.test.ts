import { describe, expect, it } from 'vitest';
import type { DrawEvent } from '../../../src/samplers/run/chain.js';
import { type DrawBatch, drawBatcher, drawEvents } from '../../../src/samplers/run/draw-batches.js';

const event = (chain: number, draw: number, phase: 'warmup' | 'sampling', width = 3): DrawEvent => ({
  chain,
  draw,
  phase,
  values: Float64Array.from({ length: width }, (_, k) => chain * 1e6 + draw * 10 + k + (phase === 'warmup' ? 0.5 : 0)),
});

function replay(batches: readonly DrawBatch[]): DrawEvent[] {
  return batches.flatMap(drawEvents);
}

describe('draw batches', () => {
  it('gives back every draw, in order, with its chain, index, phase and values', () => {
    const posted: DrawBatch[] = [];
    const batcher = drawBatcher((batch) => posted.push(batch), Infinity);
    const events = [
      ...Array.from({ length: 300 }, (_, d) => event(2, d, 'warmup')),
      ...Array.from({ length: 700 }, (_, d) => event(2, d, 'sampling')),
    ];
    for (const e of events) batcher.add(e);
    batcher.flush();
    expect(replay(posted)).toEqual(events);
    // Full batches of 256, a new batch at the phase change, no empty batch.
    expect(posted.map((b) => [b.phase, b.first, b.count])).toEqual([
      ['warmup', 0, 256], ['warmup', 256, 44],
      ['sampling', 0, 256], ['sampling', 256, 256], ['sampling', 512, 188],
    ]);
    batcher.flush();
    expect(posted).toHaveLength(5);
  });

  it('starts a new batch at a gap in the indices, another chain or another width', () => {
    const posted: DrawBatch[] = [];
    const batcher = drawBatcher((batch) => posted.push(batch), Infinity);
    const events = [event(0, 0, 'sampling'), event(0, 1, 'sampling'), event(0, 3, 'sampling'), event(1, 4, 'sampling'), event(1, 5, 'sampling', 4)];
    for (const e of events) batcher.add(e);
    batcher.flush();
    expect(replay(posted)).toEqual(events);
    expect(posted.map((b) => b.count)).toEqual([2, 1, 1, 1]);
  });

  it('bounds the values held, whatever the width', () => {
    const posted: DrawBatch[] = [];
    const batcher = drawBatcher((batch) => posted.push(batch), Infinity);
    for (let d = 0; d < 10; d++) batcher.add(event(0, d, 'sampling', 10_000));
    batcher.flush();
    expect(Math.max(...posted.map((b) => b.values.length))).toBeLessThanOrEqual(32_768);
    expect(replay(posted).map((e) => e.draw)).toEqual([...Array(10).keys()]);
  });

  it('sends a draw at once when draws come slower than the wait', () => {
    const posted: DrawBatch[] = [];
    const batcher = drawBatcher((batch) => posted.push(batch), 1e-9);
    const start = performance.now();
    while (performance.now() - start < 0.01);
    batcher.add(event(0, 0, 'sampling'));
    expect(posted).toHaveLength(1);
    while (performance.now() - start < 0.02);
    batcher.add(event(0, 1, 'sampling'));
    expect(posted).toHaveLength(2);
  });
});
