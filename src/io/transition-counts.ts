/**
 * leapfrog's footer lines after CmdStan's timing block: how many transitions of the chain
 * ended in a divergence and how many were rejected at a non-finite log density or gradient
 * (kernel.ts, TransitionInfo), in warm-up and in sampling, and which saved draws are the
 * latter. Stan's divergent__ column flags both kinds, as Stan does; these lines let a reader
 * tell them apart. Readers of the Stan ecosystem skip them as comments.
 */

export interface StanCsvTransitionCounts {
  readonly divergentWarmup: number;
  readonly divergentSampling: number;
  readonly nonFiniteWarmup: number;
  readonly nonFiniteSampling: number;
  /** Saved draws (0-based) rejected at a non-finite log density. */
  readonly nonFiniteDraws: readonly number[];
}

const DIVERGENT = 'Divergent transitions (warm-up, sampling):';
const NON_FINITE = 'Transitions rejected at a non-finite log density or gradient (warm-up, sampling):';
const NON_FINITE_DRAWS = 'Saved draws among them (1-based):';

/** The footer lines, `# `-prefixed and newline-terminated. */
export function transitionCountLines(counts: StanCsvTransitionCounts): string {
  const lines = [
    `${DIVERGENT} ${counts.divergentWarmup}, ${counts.divergentSampling}`,
    `${NON_FINITE} ${counts.nonFiniteWarmup}, ${counts.nonFiniteSampling}`,
  ];
  if (counts.nonFiniteDraws.length > 0) lines.push(`${NON_FINITE_DRAWS} ${counts.nonFiniteDraws.map((draw) => draw + 1).join(', ')}`);
  return lines.map((line) => `# ${line}\n`).join('');
}

function pair(text: string): [number, number] | undefined {
  const match = /^(\d+), (\d+)$/.exec(text.trim());
  return match === null ? undefined : [Number(match[1]), Number(match[2])];
}

/** Reads one comment line (without '#') into `into` if it is one of the footer's. */
export function readTransitionCount(into: Partial<Record<keyof StanCsvTransitionCounts, unknown>>, content: string): void {
  if (content.startsWith(DIVERGENT)) {
    const values = pair(content.slice(DIVERGENT.length));
    if (values !== undefined) [into.divergentWarmup, into.divergentSampling] = values;
  } else if (content.startsWith(NON_FINITE)) {
    const values = pair(content.slice(NON_FINITE.length));
    if (values !== undefined) {
      [into.nonFiniteWarmup, into.nonFiniteSampling] = values;
      into.nonFiniteDraws ??= [];
    }
  } else if (content.startsWith(NON_FINITE_DRAWS)) {
    const draws = content.slice(NON_FINITE_DRAWS.length).split(',').map((text) => Number(text.trim()) - 1);
    if (draws.every((draw) => Number.isInteger(draw) && draw >= 0)) into.nonFiniteDraws = draws;
  }
}
