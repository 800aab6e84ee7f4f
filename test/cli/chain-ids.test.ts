import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFit } from '../../src/io/fit-directory.js';
import { summary } from '../../src/samplers/run/summary.js';
import { runCli, runMain } from './run-cli.js';

// One run split across machines: chains 1-2 and chains 3-4 of a four-chain run, each run as
// a process of its own (at the same time, with different thread counts), into two folders.
// Each chain's draws depend only on the seed and its id, so the two folders hold the same
// chain files as one four-chain run, and merged they give the same fit and summary.

const temporary = mkdtempSync(join(tmpdir(), 'leapfrog-chain-ids-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

const model = 'examples/bench/eight_schools_noncentered.ts';
const settings = ['--warmup', '120', '--draws', '80', '--seed', '11'];
const folder = (name: string): string => join(temporary, name);

/**
 * A chain file without the lines that say when and how fast the process ran (start time,
 * elapsed times) and how many chains that process ran (num_chains): everything else, the
 * draws, adaptation and settings to the last digit, must be equal.
 */
function withoutTiming(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^# start_datetime = |^#\s+Elapsed Time: |^#\s+[\d.]+ seconds \((Sampling|Total)\)$|^#\s+num_chains = /.test(line))
    .join('\n');
}

/** The lines of `a` and `b` that differ (same line count expected). */
function differingLines(a: string, b: string): string[] {
  const left = a.split('\n');
  const right = b.split('\n');
  expect(left.length).toBe(right.length);
  return left.flatMap((line, i) => (line === right[i] ? [] : [line]));
}

beforeAll(async () => {
  const runs = await Promise.all([
    runCli(['sample', model, ...settings, '--chain-ids', '1-2', '--parallel', '1', '--out', folder('machine-a')]),
    // A first id and a count, as a job array gives it.
    runCli(['sample', model, ...settings, '--chain-ids', '3', '--chains', '2', '--parallel', '2', '--out', folder('machine-b')]),
    runCli(['sample', model, ...settings, '--chains', '4', '--parallel', '2', '--out', folder('whole')]),
  ]);
  for (const run of runs) expect(run.code, run.stderr).toBe(0);
  expect(runs[1]!.stdout).toContain("This run holds chains 3-4; 'leapfrog summary <dir> <dir>...' merges");
}, 240_000);

describe('chains of one run as separate processes (--chain-ids)', () => {
  it('writes chain files identical, apart from timing lines, to those of one four-chain run', () => {
    expect(readdirSync(folder('machine-a')).filter((name) => name.endsWith('.csv')).sort()).toEqual(['chain_1.csv', 'chain_2.csv', 'summary.csv']);
    expect(readdirSync(folder('machine-b')).filter((name) => name.endsWith('.csv')).sort()).toEqual(['chain_3.csv', 'chain_4.csv', 'summary.csv']);
    for (const [split, id] of [['machine-a', 1], ['machine-a', 2], ['machine-b', 3], ['machine-b', 4]] as const) {
      const separate = readFileSync(join(folder(split), `chain_${id}.csv`), 'utf8');
      const together = readFileSync(join(folder('whole'), `chain_${id}.csv`), 'utf8');
      // Only timing and the process's chain count may differ...
      for (const line of differingLines(separate, together)) expect(line).toMatch(/Elapsed Time|seconds \((Sampling|Total)\)|num_chains|start_datetime/);
      // ...and without them the files are equal, every draw to the last digit.
      expect(withoutTiming(separate)).toBe(withoutTiming(together));
      expect(separate).toContain(`# id = ${id}\n`);
      expect(separate).toMatch(/^#\s+sha256 = [0-9a-f]{64}$/m);
      expect(separate.split('\n').filter((line) => /^-?\d/.test(line))).toHaveLength(80);
    }
  });

  it('merges the folders with readFit into the fit of the four-chain run', () => {
    const merged = readFit([folder('machine-b'), folder('machine-a')]);
    const whole = readFit(folder('whole'));
    expect(merged.fit.chains.map((record) => record.chain)).toEqual([0, 1, 2, 3]);
    expect(merged.fit.draws).toEqual(whole.fit.draws);
    expect(merged.fit.outputNames).toEqual(whole.fit.outputNames);
    expect(summary(merged.fit).rows).toEqual(summary(whole.fit).rows);
  });

  it('prints the same summary and writes the same summary.csv from leapfrog summary dir1 dir2', async () => {
    const merged = await runMain(['summary', folder('machine-a'), folder('machine-b')]);
    const whole = await runMain(['summary', folder('whole')]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/^Merged 4 chains \(ids 1, 2, 3, 4\) from /);
    expect(merged.stdout.slice(merged.stdout.indexOf('\n') + 1)).toBe(whole.stdout);
    const report = await runMain(['summary', folder('machine-a'), folder('machine-b'), '--report', '--out', folder('merged')]);
    expect(report.code, report.stderr).toBe(0);
    expect(readFileSync(join(folder('merged'), 'summary.csv'), 'utf8')).toBe(readFileSync(join(folder('whole'), 'summary.csv'), 'utf8'));
    expect(readFileSync(join(folder('merged'), 'report.html'), 'utf8')).toContain('<h2>Summary</h2>');
  });

  it('refuses folders of another seed, other data, another model or the same chains', async () => {
    const edited = (name: string, from: RegExp, to: string): string => {
      cpSync(folder('machine-b'), folder(name), { recursive: true });
      for (const file of ['chain_3.csv', 'chain_4.csv']) {
        const path = join(folder(name), file);
        const text = readFileSync(path, 'utf8');
        expect(text).toMatch(from);
        writeFileSync(path, text.replace(from, to));
      }
      return folder(name);
    };
    const cases: [string, RegExp][] = [
      [edited('other-seed', /(#\s+seed = )11\n/, '$112\n'), /hold chains of different runs: random\.seed is 12 in .* but 11 in/],
      [edited('other-data', /file = examples\/bench\/data\/eight_schools\.json/, 'file = other.json'), /hold chains of different runs: data\.file is other\.json in/],
      // The same file name, other contents (the data as read are hashed into the header).
      [edited('other-data-content', /(#\s+sha256 = )[0-9a-f]{64}\n/, `$1${'0'.repeat(64)}\n`), /hold chains of different runs: data\.sha256 is 0{64} in/],
      [edited('other-model', /# model = eight_schools_noncentered/, '# model = eight_schools_centered'), /hold chains of different runs: model is eight_schools_centered in/],
      [folder('machine-a'), /chain 1 is in both .*chain_1\.csv and .*chain_1\.csv; with the same seed they are the same chain/],
    ];
    for (const [other, message] of cases) {
      const run = await runMain(['summary', folder('machine-a'), other]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(() => readFit([folder('machine-a'), other])).toThrow(message);
    }
  });
});
