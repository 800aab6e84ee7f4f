import { describe, expect, it } from 'vitest';
import { buildWarmupSchedule } from '../../../src/samplers/adaptation/schedule.js';

/** 1-based iterations after which a metric window ends (as the Stan manual counts). */
function windowEnds(numWarmup: number): number[] {
  return buildWarmupSchedule(numWarmup).stages.flatMap((stage, iteration) => (stage.endsWindow ? [iteration + 1] : []));
}

function slowRange(numWarmup: number): [number, number] {
  const stages = buildWarmupSchedule(numWarmup).stages;
  const first = stages.findIndex((stage) => stage.stage === 'slow');
  const last = stages.map((stage) => stage.stage).lastIndexOf('slow');
  return [first + 1, last + 1];
}

describe('buildWarmupSchedule', () => {
  it("reproduces Stan's documented windows for 1000 warm-up iterations", () => {
    const schedule = buildWarmupSchedule(1000);
    expect(schedule.stages).toHaveLength(1000);
    expect(schedule.warnings).toEqual([]);
    expect(windowEnds(1000)).toEqual([100, 150, 250, 450, 950]);
    // Init buffer 1..75 and term buffer 951..1000 are fast; 76..950 slow.
    expect(slowRange(1000)).toEqual([76, 950]);
  });

  it('stretches the last window to the terminal buffer', () => {
    // Windows 25, 50, then 100 would end at 250, and the next (200) could not fit before the
    // term buffer at 350: the third window is stretched to 200 iterations.
    expect(windowEnds(400)).toEqual([100, 150, 350]);
    // 25, 50, 100 end exactly at the term buffer: no stretching.
    expect(windowEnds(300)).toEqual([100, 150, 250]);
    expect(windowEnds(200)).toEqual([100, 150]);
    expect(windowEnds(2000)).toEqual([100, 150, 250, 450, 850, 1950]);
  });

  it('fits exactly one window when 75 + 25 + 50 = warm-up', () => {
    const schedule = buildWarmupSchedule(150);
    expect(schedule.warnings).toEqual([]);
    expect(windowEnds(150)).toEqual([100]);
  });

  it("falls back to Stan's 15% / 75% / 10% split, with its warning, below 150", () => {
    const schedule = buildWarmupSchedule(100);
    expect(schedule.warnings).toHaveLength(1);
    expect(schedule.warnings[0]).toMatch(/15%\/75%\/10%/);
    expect(slowRange(100)).toEqual([16, 90]);
    expect(windowEnds(100)).toEqual([90]);
  });

  it('estimates no metric below 20 iterations', () => {
    const schedule = buildWarmupSchedule(19);
    expect(schedule.stages.every((stage) => stage.stage === 'fast' && !stage.endsWindow)).toBe(true);
    expect(schedule.warnings[0]).toMatch(/fewer than 20/);
    expect(buildWarmupSchedule(0).stages).toEqual([]);
  });

  it('honours custom buffers and rejects bad ones', () => {
    const ends = buildWarmupSchedule(500, { initBuffer: 50, termBuffer: 50, baseWindow: 50 })
      .stages.flatMap((stage, iteration) => (stage.endsWindow ? [iteration + 1] : []));
    expect(ends).toEqual([100, 200, 450]);
    expect(() => buildWarmupSchedule(-1)).toThrow(/numWarmup is -1/);
    expect(() => buildWarmupSchedule(100, { initBuffer: 5, termBuffer: 5, baseWindow: 0 })).toThrow(/baseWindow is 0/);
  });
});
