/**
 * Stan's windowed warm-up schedule (Stan Reference Manual, "HMC algorithm parameters:
 * automatic parameter tuning"; stan/mcmc/windowed_adaptation.hpp), as typed data.
 *
 * Warm-up is split into
 *   I.   a fast initial buffer (init_buffer, default 75): step size only, the chain finds
 *        the typical set;
 *   II.  slow windows (base window 25, each twice the previous) in which the metric is
 *        estimated from the draws and set at the window end; the last window is stretched
 *        to reach the terminal buffer when the next doubling would not fit;
 *   III. a fast terminal buffer (term_buffer, default 50): step size only, for the final
 *        metric.
 * For 1000 warm-up iterations the windows end after iterations 100, 150, 250, 450 and 950.
 */

export type WarmupStageKind = 'fast' | 'slow';

export interface WarmupStage {
  /** 'slow' iterations feed the metric estimator; 'fast' ones adapt the step size only. */
  readonly stage: WarmupStageKind;
  /** After this iteration the metric is set from the window's draws. */
  readonly endsWindow: boolean;
}

export interface WarmupScheduleOptions {
  readonly initBuffer: number;
  readonly termBuffer: number;
  readonly baseWindow: number;
}

export const defaultWarmupScheduleOptions: WarmupScheduleOptions = {
  initBuffer: 75,
  termBuffer: 50,
  baseWindow: 25,
};

export interface WarmupSchedule {
  /** One entry per warm-up iteration. */
  readonly stages: readonly WarmupStage[];
  /** Stan's messages when the configured buffers do not fit. */
  readonly warnings: readonly string[];
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`buildWarmupSchedule: ${name} is ${value}, but must be a non-negative integer`);
  }
}

// The four stages, shared by every iteration and schedule (a chain built 1000 objects each).
const FAST: WarmupStage = Object.freeze({ stage: 'fast', endsWindow: false });
const SLOW: WarmupStage = Object.freeze({ stage: 'slow', endsWindow: false });
const FAST_END: WarmupStage = Object.freeze({ stage: 'fast', endsWindow: true });
const SLOW_END: WarmupStage = Object.freeze({ stage: 'slow', endsWindow: true });

/** The stage of every warm-up iteration, following Stan's windowed_adaptation. */
export function buildWarmupSchedule(
  numWarmup: number,
  options: WarmupScheduleOptions = defaultWarmupScheduleOptions,
): WarmupSchedule {
  checkCount('numWarmup', numWarmup);
  checkCount('initBuffer', options.initBuffer);
  checkCount('termBuffer', options.termBuffer);
  checkCount('baseWindow', options.baseWindow);
  if (options.baseWindow < 1) {
    throw new Error(`buildWarmupSchedule: baseWindow is ${options.baseWindow}, but must be at least 1`);
  }
  if (numWarmup < 20) {
    return {
      stages: Array.from({ length: numWarmup }, () => FAST),
      warnings: ['No metric estimation is performed for fewer than 20 warm-up iterations.'],
    };
  }
  let { initBuffer, termBuffer, baseWindow } = options;
  const warnings: string[] = [];
  if (initBuffer + baseWindow + termBuffer > numWarmup) {
    // Stan's fallback: 15% / 75% / 10% of warm-up (integer parts, as Stan's unsigned casts).
    initBuffer = Math.floor(0.15 * numWarmup);
    termBuffer = Math.floor(0.1 * numWarmup);
    baseWindow = numWarmup - (initBuffer + termBuffer);
    warnings.push(
      `There aren't enough warm-up iterations (${numWarmup}) to fit the three stages of ` +
        `adaptation as configured (init buffer ${options.initBuffer}, base window ` +
        `${options.baseWindow}, term buffer ${options.termBuffer}). Reducing each stage to ` +
        `15%/75%/10% of warm-up: init buffer ${initBuffer}, adaptation window ${baseWindow}, ` +
        `term buffer ${termBuffer}.`,
    );
  }
  const slowEnd = numWarmup - termBuffer; // first iteration of the terminal buffer
  const windowEnds = new Set<number>();
  let windowSize = baseWindow;
  let lastOfWindow = initBuffer + windowSize - 1;
  // Stan's compute_next_window: double the window; if the doubled window after it would run
  // into the terminal buffer, stretch this one to end where the terminal buffer begins.
  while (lastOfWindow < slowEnd) {
    windowEnds.add(lastOfWindow);
    if (lastOfWindow === slowEnd - 1) break;
    windowSize *= 2;
    lastOfWindow += windowSize;
    if (lastOfWindow !== slowEnd - 1 && lastOfWindow + 2 * windowSize >= slowEnd) {
      lastOfWindow = slowEnd - 1;
    }
  }
  const stages: WarmupStage[] = [];
  for (let iteration = 0; iteration < numWarmup; iteration++) {
    const slow = iteration >= initBuffer && iteration < slowEnd;
    stages.push(windowEnds.has(iteration) ? (slow ? SLOW_END : FAST_END) : slow ? SLOW : FAST);
  }
  return { stages, warnings };
}
