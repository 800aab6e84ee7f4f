import { describe, expect, it } from 'vitest';
import { formatSeconds, makeProgressDisplay, secondsLeft } from '../../src/cli/progress.js';
import type { Progress } from '../../src/samplers/run/chain.js';

function fakeStream() {
  const lines: string[] = [];
  return { lines, stream: { isTTY: false, write: (text: string) => (lines.push(text), true) } as unknown as NodeJS.WriteStream };
}

const at = (iteration: number, phase: Progress['phase'], elapsedSeconds = iteration / 100, nonFinite = 0): Progress => ({ chain: 1, iteration, totalIterations: 200, phase, divergences: 2, nonFinite, elapsedSeconds });

describe('progress without a terminal', () => {
  it('prints one plain line per tenth of a chain, with phase, divergences and time left', () => {
    const { lines, stream } = fakeStream();
    const display = makeProgressDisplay(2, stream);
    for (let iteration = 2; iteration <= 200; iteration += 2) display.update(at(iteration, iteration <= 100 ? 'warmup' : 'sampling'));
    display.stop();
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('chain 2: iteration 20/200 (warm-up), 2 divergent in this phase, 1.8 s left\n');
    expect(lines[9]).toBe('chain 2: iteration 200/200 (sampling), 2 divergent in this phase, done in 2.0 s\n');
  });

  it('adds the transitions rejected at a non-finite log density when there are any', () => {
    const { lines, stream } = fakeStream();
    makeProgressDisplay(1, stream).update(at(20, 'warmup', 0.2, 3));
    expect(lines).toEqual(['chain 2: iteration 20/200 (warm-up), 2 divergent, 3 non-finite in this phase, 1.8 s left\n']);
  });

  it('estimates the time left from the time per iteration so far', () => {
    expect(secondsLeft(at(50, 'warmup', 10))).toBe(30);
    expect(formatSeconds(125)).toBe('2 min 5 s');
    expect(formatSeconds(NaN)).toBe('?');
  });
});
