import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStanCsv } from '../../src/io/read-stan-csv-file.js';
import { parseSummaryCsv } from '../../src/io/summary-csv.js';
import { projectRoot, runCli, runMain, startCli } from './run-cli.js';

// What a run may write and where (issue 12, items 4, 5, 11 and the --vars of 12), through
// the command line as a user runs it.

const temporary = mkdtempSync(join(tmpdir(), 'leapfrog-safety-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

const data = join(projectRoot, 'examples/bench/data/eight_schools.json');
const short = ['--data', data, '--chains', '2', '--warmup', '40', '--draws', '30', '--seed', '4'];

/** The eight-schools spec under another name, written to `directory`. */
function specNamed(directory: string, file: string, name: string): string {
  const spec = JSON.parse(readFileSync(join(projectRoot, 'examples/bench/eight_schools_noncentered.json'), 'utf8'));
  spec.name = name;
  delete spec.$schema;
  const path = join(directory, file);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

/** Spawned runs share two cores with everything else: room for a loaded machine. */
const SPAWNED = 240_000;

const snapshot = (directory: string): Record<string, string> =>
  Object.fromEntries(readdirSync(directory).sort().map((name) => [name, readFileSync(join(directory, name), 'utf8')]));

describe('the spec\'s name is neither a path nor CSV text', () => {
  const cwd = join(temporary, 'work', 'a', 'b');
  mkdirSync(cwd, { recursive: true });

  it('"../../victim" writes to out/victim under the working directory, nowhere else; a re-run killed early leaves it intact', async () => {
    const spec = specNamed(cwd, 'victim.json', '../../victim');
    const first = await runCli(['sample', spec, ...short, '--vars', 'mu,theta[1:2]'], cwd);
    expect(first.code, first.stderr).toBe(0);
    const out = join(cwd, 'out', 'victim');
    expect(readdirSync(out).sort()).toEqual(['chain_1.csv', 'chain_2.csv', 'leapfrog-run.json', 'report.html', 'summary.csv']);
    expect(existsSync(join(temporary, 'work', 'victim'))).toBe(false);
    expect(existsSync(join(temporary, 'work', 'a', 'victim'))).toBe(false);
    // --vars: the printed table and the report show the chosen quantities, summary.csv all of them.
    expect(first.stdout.match(/^(lp__|mu|tau|theta\S*) /gm)).toEqual(['mu ', 'theta[1] ', 'theta[2] ']);
    expect(first.stdout).toContain('Showing the 3 of 19 quantities chosen by --vars; summary.csv holds them all.');
    expect(parseSummaryCsv(readFileSync(join(out, 'summary.csv'), 'utf8'))).toHaveLength(19);
    expect(readFileSync(join(out, 'report.html'), 'utf8').match(/<th scope="row">[^<]+<\/th>/g)?.filter((cell) => !/model|data|method|chains|iterations|seed|metric|target|maximum|adapted|seconds|transitions|non-finite/.test(cell))).toEqual(['<th scope="row">mu</th>', '<th scope="row">theta[1]</th>', '<th scope="row">theta[2]</th>']);

    // A second run into the same place keeps the first and writes beside it; killed early, it
    // must leave the first run's complete results as they were.
    const before = snapshot(out);
    const child = startCli(['sample', spec, '--data', data, '--chains', '2', '--warmup', '20', '--draws', '1000000', '--seed', '5'], cwd);
    const closed = new Promise((resolve) => child.on('close', resolve));
    const started = Date.now();
    while (!existsSync(join(cwd, 'out', 'victim-2', 'chain_1.csv')) && Date.now() - started < 120_000) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGKILL');
    await closed;
    expect(existsSync(join(cwd, 'out', 'victim-2', 'chain_1.csv'))).toBe(true);
    expect(snapshot(out)).toEqual(before);
    const again = await runMain(['summary', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Inference by nuts: 2 chains, each with 40 warm-up and 30 sampling iterations/);
  }, SPAWNED);

  it('a newline in the name cannot break the CSV header, and summary reads the run back', async () => {
    const spec = specNamed(cwd, 'newline.json', 'evil\nlp__,injected\n1,2\r\u2028x');
    const out = join(temporary, 'newline-out');
    const run = await runCli(['sample', spec, ...short, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(join(out, 'chain_1.csv'), 'utf8');
    expect(text).toContain('# model = evil\\nlp__,injected\\n1,2\\r\\u2028x\n');
    expect(text).not.toMatch(/^lp__,injected|^1,2/m);
    const csv = readStanCsv(join(out, 'chain_1.csv'));
    expect(csv.columnNames.slice(0, 2)).toEqual(['lp__', 'accept_stat__']);
    expect(csv.draws[0]).toHaveLength(30);
    const again = await runMain(['summary', out, '--report']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^tau /m);
  }, SPAWNED);
});

describe('output folders', () => {
  it('--out where mkdir cannot succeed fails at once with one line', async () => {
    const target = existsSync('/proc/self') ? '/proc/leapfrog-x/out' : join(temporary, 'file-not-dir', 'x');
    if (!existsSync('/proc/self')) writeFileSync(join(temporary, 'file-not-dir'), 'x');
    const started = Date.now();
    const run = await runCli(['sample', 'examples/bench/eight_schools_noncentered.json', ...short, '--out', target]);
    expect(Date.now() - started).toBeLessThan(SPAWNED / 2);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^leapfrog sample: cannot create the output directory '.*': /);
  }, SPAWNED);

  it('summary --report replaces only a report that leapfrog wrote', async () => {
    const out = join(temporary, 'foreign-report');
    mkdirSync(out);
    const source = join(temporary, 'work', 'a', 'b', 'out', 'victim');
    for (const name of ['chain_1.csv', 'chain_2.csv']) writeFileSync(join(out, name), readFileSync(join(source, name)));
    writeFileSync(join(out, 'report.html'), 'my own page');
    const run = await runMain(['summary', out, '--report']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/report\.html' was not written by leapfrog .* leapfrog does not replace it/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe('my own page');
  });

  it('a misspelt --vars fails before sampling, naming the item', async () => {
    const run = await runMain(['summary', join(temporary, 'work', 'a', 'b', 'out', 'victim'), '--vars', 'mu,thta']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("leapfrog summary: --vars: 'thta' matches no quantity; did you mean 'theta'?\n");
  });
});
