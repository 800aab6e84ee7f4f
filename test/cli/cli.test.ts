import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { fitFromStanCsv } from '../../src/io/fit-from-csv.js';
import { configValue } from '../../src/io/read-stan-csv.js';
import { readStanCsv } from '../../src/io/read-stan-csv-file.js';
import { parseSummaryCsv } from '../../src/io/summary-csv.js';
import { samplerColumnNames } from '../../src/samplers/run/fit.js';
import { summary } from '../../src/samplers/run/summary.js';
import { projectRoot, runCli, runMain, startCli } from './run-cli.js';

// The command line end to end, from the sources (run-cli.ts) in the project root,
// with short runs (the numbers are checked elsewhere; here: files, formats, messages).

const temporary = mkdtempSync(join(tmpdir(), 'leapfrog-cli-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

const eightSchoolsColumns = [
  ...samplerColumnNames,
  'mu',
  'tau',
  ...Array.from({ length: 8 }, (_, i) => `theta_raw.${i + 1}`),
  ...Array.from({ length: 8 }, (_, i) => `theta.${i + 1}`),
];

/** A failure is one line on stderr and no stack trace. */
function expectOneLineFailure(run: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(run.code, run.stderr).not.toBe(0);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('leapfrog sample', () => {
  it('samples a TypeScript model and writes CmdStan CSVs, summary.csv and report.html', async () => {
    const out = join(temporary, 'ts');
    const run = await runCli(['sample', 'examples/bench/eight_schools_noncentered.ts', '--chains', '2', '--warmup', '150', '--draws', '60', '--seed', '3', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Inference by nuts: 2 chains');
    expect(run.stdout).toMatch(/^theta\[1\] /m);
    const files = ['chain_1.csv', 'chain_2.csv'].map((name) => readStanCsv(join(out, name)));
    for (const [chain, csv] of files.entries()) {
      expect(csv.columnNames).toEqual(eightSchoolsColumns);
      expect(csv.draws[0]!.length).toBe(60);
      expect(csv.truncated).toBe(false);
      expect(csv.adaptation?.inverseMetric[0]).toHaveLength(10);
      expect(csv.timing?.totalSeconds).toBeGreaterThan(0);
      expect(configValue(csv, 'id')).toBe(String(chain + 1));
      expect(configValue(csv, 'model')).toBe('eight_schools_noncentered');
      expect(configValue(csv, 'file')).toBe(join('examples', 'bench', 'data', 'eight_schools.json'));
    }
    // summary.csv holds the summary of exactly the draws in the CSV files.
    const saved = parseSummaryCsv(readFileSync(join(out, 'summary.csv'), 'utf8'));
    expect(saved).toEqual(summary(fitFromStanCsv(files).fit).rows);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('<h2>Summary</h2>');
    // Trace, rank, density, pair, energy, autocorrelation and forest plots, rendered to inline SVG.
    expect(report.match(/<svg[ >]/g)?.length).toBe(7);
    expect(report).not.toContain('could not be drawn');
  });

  it('samples a JSON spec with static HMC in one thread', async () => {
    const out = join(temporary, 'spec');
    const run = await runCli([
      'sample', 'examples/bench/eight_schools_noncentered.json', '--data', 'examples/bench/data/eight_schools.json',
      '--chains', '1', '--parallel', '1', '--method', 'hmc', '--warmup', '60', '--draws', '25', '--out', out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const csv = readStanCsv(join(out, 'chain_1.csv'));
    expect(csv.columnNames).toEqual(eightSchoolsColumns);
    expect(csv.draws[0]!.length).toBe(25);
    expect(configValue(csv, 'engine')).toBe('static');
    expect(existsSync(join(out, 'chain_2.csv'))).toBe(false);
  });

  it('leaves readable CSVs when killed mid-run', async () => {
    const out = join(temporary, 'killed');
    const child = startCli(['sample', 'examples/bench/eight_schools_noncentered.ts', '--chains', '1', '--warmup', '20', '--draws', '1000000', '--out', out]);
    const closed = new Promise((resolve) => child.on('close', resolve));
    const path = join(out, 'chain_1.csv');
    const dataRows = () => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => /^-?\d/.test(line)).length : 0);
    const deadline = Date.now() + 40_000;
    while (dataRows() < 40 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGKILL');
    await closed;
    const csv = readStanCsv(path);
    expect(csv.columnNames).toEqual(eightSchoolsColumns);
    expect(csv.draws[0]!.length).toBeGreaterThanOrEqual(40);
    expect(csv.adaptation?.stepSize).toBeGreaterThan(0);
    const again = await runMain(['summary', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^tau /m);
  });
});

describe('leapfrog check', () => {
  it('lists every problem of a bad spec with its JSON path', async () => {
    const spec = JSON.parse(readFileSync(join(projectRoot, 'examples/bench/eight_schools_noncentered.json'), 'utf8'));
    spec.model[3].args[0] = 'thta';
    spec.parameters.tau.lower = 'zero';
    const path = join(temporary, 'bad-spec.json');
    writeFileSync(path, JSON.stringify(spec, null, 2));
    const run = await runMain(['check', path, '--data', 'examples/bench/data/eight_schools.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/parameters\.tau\.lower: .*zero/);
    expect(run.stderr).toMatch(/model\[3\]\.args\[0\]: .*thta/);
  });

  it('prints the parameter table of a good model', async () => {
    const run = await runMain(['check', 'examples/bench/eight_schools_noncentered.ts']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^tau\s+parameters\s+real<lower=0>\s+1$/m);
    expect(run.stdout).toContain('Unconstrained dimension: 10');
  });
});

describe('bad input: one line on stderr, a non-zero exit, no stack trace', () => {
  const badJson = join(temporary, 'bad.json');
  const wrongData = join(temporary, 'wrong.json');
  writeFileSync(badJson, '{\n  "J": 8,\n  "y": [28, 8,]\n}\n');
  writeFileSync(wrongData, JSON.stringify({ J: 8, y: [1, 2, 3], sigma: [1, 1, 1, 1, 1, 1, 1, -1] }));
  const cases: [string[], RegExp][] = [
    [['sample', 'examples/bench/eight_schools_noncentered.ts', '--data', badJson], /^leapfrog sample: .*bad\.json:3:15: invalid JSON: expected a value after ','/],
    [['sample', 'examples/bench/eight_schools_noncentered.json', '--data', wrongData], /^leapfrog sample: model '.*' with data '.*wrong\.json': data\.y.*\(and \d more problems?; 'leapfrog check/],
    [['sample', 'examples/bench/eight_schools_noncentered.ts', '--chian', '2'], /^leapfrog sample: unknown option --chian; did you mean --chains\?$/m],
    [['sample', 'no/such/model.json'], /^leapfrog sample: model file 'no\/such\/model\.json' does not exist$/m],
    [['vi', 'README.md'], /^leapfrog vi: model file 'README\.md' must be a JSON spec \(\.json\), a Stan program \(\.stan\) or a TypeScript\/JavaScript module/],
    [['summary', join(temporary, 'nothing-here')], /^leapfrog summary: output directory '.*nothing-here' does not exist$/m],
    [['smaple'], /^leapfrog: unknown command 'smaple'; did you mean 'sample'\?/],
  ];

  it.each(cases)('%j', async (args, pattern) => {
    expectOneLineFailure(await runMain(args), pattern);
  });

  // Spawned as a user would run them: the process prints the same one line, and no stack.
  it.concurrent.each(cases.slice(0, 2))('spawned: %j', async (args, pattern) => {
    expectOneLineFailure(await runCli(args), pattern);
  });
});

describe('leapfrog vi, compare and summary', () => {
  it('fits ADVI, writes variational.csv in CmdStan\'s layout, and summary re-reads it', async () => {
    const out = join(temporary, 'vi');
    const run = await runMain(['vi', 'examples/bench/eight_schools_noncentered.ts', '--draws', '200', '--seed', '2', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ADVI \(meanfield\) (converged|did not converge) after \d+ iterations/);
    const csv = readStanCsv(join(out, 'variational.csv'));
    expect(csv.columnNames.slice(0, 5)).toEqual(['lp__', 'log_p__', 'log_g__', 'mu', 'tau']);
    expect(csv.draws[0]!.length).toBe(201);
    expect(configValue(csv, 'method')).toBe('variational');
    const again = await runMain(['summary', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Approximation: ADVI \(mean-field\), 200 independent draws/);
  });

  it('compares the three samplers by ESS per gradient', async () => {
    const run = await runMain(['compare', 'examples/bench/eight_schools_noncentered.ts', '--chains', '1', '--warmup', '60', '--draws', '40']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^method\s+seconds\s+evaluations\s+min ESS_bulk\s+ESS\/s\s+ESS\/eval/);
    for (const method of ['nuts', 'hmc', 'metropolis']) expect(run.stdout).toMatch(new RegExp(`^${method} `, 'm'));
  });
});

describe('leapfrog --version', () => {
  it("prints package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const run = await runMain([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${version}\n`);
    }
  });
});
