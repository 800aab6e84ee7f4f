import { formatSignificant } from '../samplers/diagnostics/summary-table.js';
import type { PosteriorVerdict, QuantityComparison } from './posteriordb.js';

/**
 * The posteriordb validation as Markdown (printed and written to posteriordb.md) and as JSON
 * (posteriordb.json): an overview row per posterior, then each posterior's quantities.
 */

const number = (value: number, digits = 3): string => formatSignificant(value, digits);

function worst(values: readonly number[]): number {
  return values.reduce((most, value) => (Number.isNaN(value) || Math.abs(value) > Math.abs(most) ? value : most), 0);
}

function overviewRow(verdict: PosteriorVerdict): string {
  const { comparisons } = verdict;
  const maxRhat = Math.max(...comparisons.map((c) => (Number.isNaN(c.sampled.rhat) ? Infinity : c.sampled.rhat)));
  const minEss = Math.min(...comparisons.map((c) => c.sampled.essBulk));
  const status = verdict.passed ? 'pass' : '**FAIL**';
  const judged = verdict.expectation.accuracy ? '' : ' (divergence test)';
  return (
    `| ${verdict.posterior} | ${status}${judged} | ${verdict.divergences} | ${number(worst(comparisons.map((c) => c.meanZ)), 2)} | ` +
    `${number(worst(comparisons.map((c) => c.sdZ)), 2)} | ${number(maxRhat, 4)} | ${Math.round(minEss)} | ` +
    `${verdict.gradientEvaluations} | ${verdict.seconds.toFixed(0)} |`
  );
}

function quantityRow(c: QuantityComparison): string {
  const flag = c.problems.length > 0 ? ' ⚠' : '';
  return (
    `| ${c.name}${flag} | ${number(c.reference.mean)} | ${number(c.sampled.mean)} | ${number(c.meanZ, 2)} | ` +
    `${number(c.reference.sd)} | ${number(c.sampled.sd)} | ${number(c.sdRatio)} | [${number(c.sdBand[0])}, ${number(c.sdBand[1])}] | ` +
    `${number(c.sdZ, 2)} | ${number(c.sampled.rhat, 4)} | ${Math.round(c.sampled.essBulk)} |`
  );
}

function posteriorSection(verdict: PosteriorVerdict): string {
  const settings = Object.entries(verdict.settings).map(([key, value]) => `${key} ${value}`).join(', ');
  const lines = [
    `## ${verdict.posterior}: ${verdict.passed ? 'pass' : 'FAIL'}`,
    '',
    `Settings: ${settings}. ${verdict.gradientEvaluations} gradient evaluations in ${verdict.seconds.toFixed(1)} s.`,
    '',
    ...verdict.failures.map((failure) => `- failure: ${failure}`),
    ...verdict.notes.map((note) => `- note: ${note}`),
    ...(verdict.failures.length + verdict.notes.length > 0 ? [''] : []),
    '| quantity | ref mean | mean | z(mean) | ref sd | sd | sd ratio | ratio band | z(sd) | R-hat | ESS bulk |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...verdict.comparisons.map(quantityRow),
  ];
  return lines.join('\n');
}

export interface ValidationHeader {
  readonly title: string;
  /** Lines describing the run (settings, thresholds). */
  readonly description: readonly string[];
}

/** The whole validation as Markdown. */
export function posteriordbMarkdown(header: ValidationHeader, verdicts: readonly PosteriorVerdict[]): string {
  const passed = verdicts.filter((verdict) => verdict.passed).length;
  return [
    `# ${header.title}`,
    '',
    ...header.description,
    '',
    `Result: ${passed} of ${verdicts.length} posteriors passed.`,
    '',
    '| posterior | verdict | divergences | worst z(mean) | worst z(sd) | max R-hat | min ESS bulk | gradient evaluations | seconds |',
    '|---|---|---|---|---|---|---|---|---|',
    ...verdicts.map(overviewRow),
    '',
    ...verdicts.map(posteriorSection).flatMap((section) => [section, '']),
  ].join('\n');
}

/** The verdicts as plain JSON (NaN and infinities become null, as JSON.stringify does). */
export function posteriordbJson(header: ValidationHeader, verdicts: readonly PosteriorVerdict[]): string {
  return JSON.stringify({ title: header.title, description: header.description, passed: verdicts.every((v) => v.passed), posteriors: verdicts }, null, 1);
}
