import cliProgress from 'cli-progress';
import type { Progress } from '../samplers/run/chain.js';

/**
 * Sampling progress on stderr (stdout keeps the results): on a terminal, one cli-progress bar
 * per chain with the iteration, the phase, the divergences (and transitions rejected at a
 * non-finite log density) of the phase so far and the time
 * left; otherwise (a log file, CI) a plain line per chain at every tenth of its iterations
 * and at the end of warm-up, so logs stay short and readable.
 */

export interface ProgressDisplay {
  update(progress: Progress): void;
  stop(): void;
}

/** Seconds left for a chain, from its average time per iteration so far. */
export function secondsLeft(progress: Progress): number {
  if (progress.iteration === 0) return NaN;
  return (progress.elapsedSeconds / progress.iteration) * (progress.totalIterations - progress.iteration);
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

const phaseName = (progress: Progress): string => (progress.phase === 'warmup' ? 'warm-up ' : 'sampling');

/** `3 divergent`, and `, 2 non-finite` when there were any. */
export function problemText(progress: Pick<Progress, 'divergences' | 'nonFinite'>): string {
  return `${progress.divergences} divergent${progress.nonFinite > 0 ? `, ${progress.nonFinite} non-finite` : ''}`;
}

function barDisplay(chains: number, stream: NodeJS.WriteStream): ProgressDisplay {
  const multiBar = new cliProgress.MultiBar(
    {
      format: 'chain {chain} |{bar}| {value}/{total} {phase} | {problems} | {left} left',
      stream,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = Array.from({ length: chains }, (_, chain) =>
    multiBar.create(1, 0, { chain: chain + 1, phase: 'starting', problems: '0 divergent', left: '?' }),
  );
  return {
    update: (progress) => {
      const bar = bars[progress.chain]!;
      bar.setTotal(progress.totalIterations);
      bar.update(progress.iteration, {
        chain: progress.chain + 1,
        phase: phaseName(progress),
        problems: problemText(progress),
        left: formatSeconds(secondsLeft(progress)),
      });
    },
    stop: () => multiBar.stop(),
  };
}

function lineDisplay(stream: NodeJS.WritableStream): ProgressDisplay {
  // Per chain, the last tenth of its iterations printed.
  const printedTenth = new Map<number, number>();
  return {
    update: (progress) => {
      const tenth = Math.floor((10 * progress.iteration) / progress.totalIterations);
      if (tenth <= (printedTenth.get(progress.chain) ?? 0)) return;
      printedTenth.set(progress.chain, tenth);
      const done = progress.iteration === progress.totalIterations;
      const where = done ? `done in ${formatSeconds(progress.elapsedSeconds)}` : `${formatSeconds(secondsLeft(progress))} left`;
      stream.write(
        `chain ${progress.chain + 1}: iteration ${progress.iteration}/${progress.totalIterations} (${phaseName(progress).trim()}), ` +
          `${problemText(progress)} in this phase, ${where}\n`,
      );
    },
    stop: () => undefined,
  };
}

/** Bars when `stream` is a terminal, plain lines otherwise. */
export function makeProgressDisplay(chains: number, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  return stream.isTTY === true ? barDisplay(chains, stream) : lineDisplay(stream);
}
