import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFit } from '../../src/io/fit-directory.js';
import { runMain } from './run-cli.js';

// `leapfrog sample --metric-file`: CmdStan's metric_file, read and used as warm-up's start
// (with --warmup 0, the metric sampled with: the CSV's adaptation block shows it), and every
// malformed file refused with one message naming the file and the place.

const temporary = mkdtempSync(join(tmpdir(), 'leapfrog-metric-file-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));
const model = 'examples/bench/eight_schools_noncentered.ts';
const diagonal = [0.5, 2, 1, 1, 1, 1, 1, 1, 1, 3];

function metricFile(name: string, content: unknown): string {
  const path = join(temporary, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const sampleWith = (file: string, ...extra: string[]) =>
  runMain(['sample', model, '--chains', '1', '--warmup', '0', '--draws', '20', '--seed', '2', '--metric-file', file, '--out', join(temporary, `out-${Math.random().toString(36).slice(2)}`), ...extra]);

describe('leapfrog sample --metric-file', () => {
  it('samples with the inverse metric of the file when there is no warm-up, diagonal and dense', async () => {
    const out = join(temporary, 'diag');
    const run = await runMain(['sample', model, '--chains', '1', '--warmup', '0', '--draws', '20', '--seed', '2', '--metric-file', metricFile('diag.json', { inv_metric: diagonal }), '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFit(out).fit.chains[0]!.adaptation).toMatchObject({ metric: { kind: 'diag', inverseMassDiag: Float64Array.from(diagonal) } });
    const matrix = diagonal.map((value, i) => diagonal.map((_, j) => (i === j ? value : i + j === 1 ? 0.1 : 0)));
    const denseOut = join(temporary, 'dense');
    const dense = await runMain(['sample', model, '--chains', '1', '--warmup', '0', '--draws', '20', '--seed', '2', '--metric', 'dense', '--metric-file', metricFile('dense.json', { inv_metric: matrix }), '--out', denseOut]);
    expect(dense.code, dense.stderr).toBe(0);
    expect(readFit(denseOut).fit.chains[0]!.adaptation).toMatchObject({ metric: { kind: 'dense', inverseMass: Float64Array.from(matrix.flat()) } });
  }, 60_000);

  it('refuses a malformed file, naming the file and the place', async () => {
    const cases: [unknown, string[], RegExp][] = [
      [[1, 2], [], /must hold an object with 'inv_metric': an array of 10 numbers \(diag metric\) or 10 arrays of 10 numbers/],
      [{ inv_metric: [1, 2, 3] }, [], /inv_metric has 3 entries, but the model has 10 unconstrained coordinates/],
      [{ inv_metric: [...diagonal.slice(0, 9), 'x'] }, [], /inv_metric\[9\] is "x", but must be a finite number/],
      [{ inv_metric: diagonal }, ['--metric', 'dense'], /inv_metric is a vector, but the dense metric needs 10 rows of 10 numbers \(--metric diag takes it\)/],
      [{ inv_metric: [...diagonal.slice(0, 9), -1] }, [], /leapfrog sample: metric file '.*bad\.json': inv_metric\[9\] is -1, but a variance must be positive/],
      [{ inv_metric: diagonal.map((_, i) => diagonal.map((__, j) => (i === 0 && j === 1 ? 0.5 : i === j ? 1 : 0))) }, ['--metric', 'dense'], /metric file '.*bad\.json': inv_metric is not symmetric/],
      [{ inv_metric: diagonal.map((_, i) => diagonal.map((__, j) => (i < 2 && j < 2 ? 1 : i === j ? 1 : 0))) }, ['--metric', 'dense'], /metric file '.*bad\.json': inv_metric .*positive definite/],
    ];
    for (const [content, extra, message] of cases) {
      const run = await sampleWith(metricFile('bad.json', content), ...extra);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});
