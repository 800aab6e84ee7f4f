import type { CaseResult } from './pool.js';

// The fuzz report: counts per outcome class and per mutation family, the share of invalid
// inputs refused with a JSON path, and every failure with the command that reproduces it.

export const FAILURES = ['raw', 'bad-message', 'inconsistent', 'hang', 'crash', 'invalid-accepted'] as const;
export type FailureKind = (typeof FAILURES)[number];

export interface Summary {
  readonly cases: number;
  /** Outcomes by class: path, clean, accepted, and the failure kinds. */
  readonly counts: Readonly<Record<string, number>>;
  readonly invalid: number;
  readonly invalidWithPath: number;
  /** Inputs valid by construction that were refused (reported, not failed). */
  readonly validRefused: readonly CaseResult[];
  readonly failures: readonly { readonly result: CaseResult; readonly kind: FailureKind }[];
  readonly byFamily: ReadonlyMap<string, Readonly<Record<string, number>>>;
}

const familyOf = (result: CaseResult): string => ('family' in result ? result.family : '(unknown: the case did not report)');

/** The failure kind of a result, if it is one. */
export function failureOf(result: CaseResult): FailureKind | undefined {
  const kind = result.outcome.kind;
  if ((FAILURES as readonly string[]).includes(kind)) return kind as FailureKind;
  if (kind === 'accepted' && 'invalid' in result && result.invalid === true) return 'invalid-accepted';
  return undefined;
}

export function summarise(results: readonly CaseResult[]): Summary {
  const counts: Record<string, number> = {};
  const byFamily = new Map<string, Record<string, number>>();
  const failures: { result: CaseResult; kind: FailureKind }[] = [];
  const validRefused: CaseResult[] = [];
  let invalid = 0;
  let invalidWithPath = 0;
  for (const result of results) {
    const failure = failureOf(result);
    const kind = failure ?? result.outcome.kind;
    counts[kind] = (counts[kind] ?? 0) + 1;
    const row = byFamily.get(familyOf(result)) ?? {};
    row[kind] = (row[kind] ?? 0) + 1;
    row['cases'] = (row['cases'] ?? 0) + 1;
    byFamily.set(familyOf(result), row);
    if (failure !== undefined) failures.push({ result, kind: failure });
    const isInvalid = 'invalid' in result && result.invalid === true;
    if (isInvalid) {
      invalid += 1;
      if (result.outcome.kind === 'path') invalidWithPath += 1;
    }
    if ('invalid' in result && result.invalid === false && (result.outcome.kind === 'path' || result.outcome.kind === 'clean')) validRefused.push(result);
  }
  return { cases: results.length, counts, invalid, invalidWithPath, validRefused, failures, byFamily };
}

const COLUMNS = ['cases', 'path', 'clean', 'accepted', ...FAILURES] as const;

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

const clip = (text: string, n = 300): string => (text.length > n ? `${text.slice(0, n)}… (${text.length} characters)` : text);

/** The printed report; `reproduce(index)` gives the command line that reruns one case. */
export function formatReport(summary: Summary, reproduce: (index: number) => string): string {
  const total = ['all', ...COLUMNS.map((c) => String(c === 'cases' ? summary.cases : (summary.counts[c] ?? 0)))];
  const families = [...summary.byFamily].sort(([a], [b]) => a.localeCompare(b)).map(([name, row]) => [name, ...COLUMNS.map((c) => String(row[c] ?? 0))]);
  const share = summary.invalid === 0 ? 1 : summary.invalidWithPath / summary.invalid;
  const lines = [
    table([['family', ...COLUMNS], total, ...families]),
    '',
    `invalid inputs (by construction): ${summary.invalid}; refused with a JSON path: ${summary.invalidWithPath} (${(100 * share).toFixed(1)}%)`,
    `failures: ${summary.failures.length} (${FAILURES.map((k) => `${k} ${summary.counts[k] ?? 0}`).join(', ')})`,
  ];
  if (summary.validRefused.length > 0) {
    lines.push('', `valid inputs refused (not failures; worth a look): ${summary.validRefused.length}`);
    for (const result of summary.validRefused.slice(0, 20)) lines.push(`  #${result.index} ${'family' in result ? `${result.family} on ${result.corpus}: ${result.description}` : ''}: ${clip('message' in result.outcome ? result.outcome.message : '', 200)}`);
  }
  for (const { result, kind } of summary.failures) {
    lines.push('', `FAILURE ${kind} #${result.index}${'family' in result ? ` (${result.family} on ${result.corpus}: ${result.description})` : ''}`);
    if ('message' in result.outcome) lines.push(`  ${clip(result.outcome.message)}`);
    lines.push(`  reproduce: ${reproduce(result.index)}`);
  }
  return lines.join('\n');
}
